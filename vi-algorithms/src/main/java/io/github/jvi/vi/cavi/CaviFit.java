package io.github.jvi.vi.cavi;

/**
 * What every CAVI result reports: the ELBO after each sweep (non-decreasing up to rounding), the
 * time each sweep took, the number of sweeps run, and whether the relative-change criterion was met
 * before the limit.
 */
public interface CaviFit {
  /** The ELBO after each sweep (a copy). */
  double[] elboTrace();

  /** Wall-clock seconds of each sweep, its updates and its ELBO (a copy; for ELBO-against-time plots and benchmarks). */
  double[] sweepSeconds();

  /** Number of sweeps run. */
  int iterations();

  /** True when the relative ELBO change fell below the tolerance. */
  boolean converged();

  /** The final ELBO. */
  default double elbo() {
    double[] t = elboTrace();
    return t[t.length - 1];
  }
}
