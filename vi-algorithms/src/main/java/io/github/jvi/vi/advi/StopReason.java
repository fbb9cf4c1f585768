package io.github.jvi.vi.advi;

/** Why a stochastic optimisation stopped. */
public enum StopReason {
  /** The mean of the recent relative ELBO changes fell below the tolerance (Stan's "MEAN ELBO CONVERGED"). */
  MEAN_ELBO_CONVERGED,
  /** Their median fell below the tolerance (Stan's "MEDIAN ELBO CONVERGED"). */
  MEDIAN_ELBO_CONVERGED,
  /** The iteration limit was reached first. */
  ITERATION_LIMIT
}
