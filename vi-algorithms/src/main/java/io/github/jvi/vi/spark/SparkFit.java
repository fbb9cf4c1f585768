package io.github.jvi.vi.spark;

import io.github.jvi.vi.cavi.GmmGlobals;

/**
 * The result of {@link SparkGmm}: the global factors, the number of points and the ELBO trace.
 *
 * @param globals for CAVI, the factors whose E-step gave the last ELBO (as batch CAVI reports);
 *     for SVI, the factors after the last step
 * @param n number of points N
 * @param elboTrace CAVI: the ELBO after each sweep; SVI: the ELBO of all N points under the final
 *     factors (one entry, from one more aggregation)
 * @param iterationSeconds wall-clock seconds of each iteration (one treeAggregate and the update)
 * @param iterations sweeps (CAVI) or steps (SVI)
 * @param converged CAVI: whether the relative ELBO change fell below the tolerance
 */
public record SparkFit(GmmGlobals globals, long n, double[] elboTrace, double[] iterationSeconds, int iterations,
    boolean converged) {
  /** Copies the arrays. */
  public SparkFit {
    elboTrace = elboTrace.clone();
    iterationSeconds = iterationSeconds.clone();
  }

  /** The last ELBO (summed over the points). */
  public double elbo() {
    return elboTrace[elboTrace.length - 1];
  }

  @Override
  public double[] elboTrace() {
    return elboTrace.clone();
  }

  @Override
  public double[] iterationSeconds() {
    return iterationSeconds.clone();
  }
}
