package io.github.jvi.vi.cavi;

/**
 * What every CAVI result reports: the ELBO after each sweep (non-decreasing up to rounding), the
 * time each sweep took, the number of sweeps run, and which criterion stopped the fit (the ELBO
 * tolerance, the parameter tolerance or the iteration limit) with the last sweep's changes.
 */
public interface CaviFit {
  /** The ELBO after each sweep (a copy). */
  double[] elboTrace();

  /** Wall-clock seconds of each sweep, its updates and its ELBO (a copy; for ELBO-against-time plots and benchmarks). */
  double[] sweepSeconds();

  /** Number of sweeps run. */
  int iterations();

  /** Which criterion stopped the fit, and the ELBO and parameter changes of its last sweep. */
  Convergence convergence();

  /** True when a tolerance, not the iteration limit, stopped the fit. */
  default boolean converged() {
    return convergence().converged();
  }

  /** The final ELBO. */
  default double elbo() {
    double[] t = elboTrace();
    return t[t.length - 1];
  }
}
