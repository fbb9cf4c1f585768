package io.github.jvi.vi.svi;

/**
 * The result of {@link StochasticGmm} or {@link StochasticEarthquake}: the final global factors, the ELBO of the whole data set
 * under them (one E-step pass over all N rows after the last step; {@code NaN} if that pass was not
 * asked for), and the trace of the held-out ELBO per point.
 *
 * @param <G> the model's global factors ({@link io.github.jvi.vi.cavi.GmmGlobals},
 *     {@link io.github.jvi.vi.cavi.EarthquakeGlobals})
 * @param globals the final global factors
 * @param n number of rows N (held-out ones included)
 * @param elbo sum_n log sum_k rho_nk over all N rows plus the global term, or NaN
 * @param steps SVI steps taken
 * @param traceSteps step after which each report was taken
 * @param tracePoints training points processed by then
 * @param traceSeconds seconds since the start of the first pass (the scan excluded)
 * @param traceHeldOut held-out ELBO per point: mean over the H held-out rows of log sum_k rho_nk,
 *     plus the global term over the N - H training rows
 * @param seconds wall-clock seconds of the training passes
 */
public record SviFit<G>(G globals, long n, double elbo, long steps, long[] traceSteps, long[] tracePoints,
    double[] traceSeconds, double[] traceHeldOut, double seconds) {
  /** Copies the arrays. */
  public SviFit {
    traceSteps = traceSteps.clone();
    tracePoints = tracePoints.clone();
    traceSeconds = traceSeconds.clone();
    traceHeldOut = traceHeldOut.clone();
  }

  /** elbo / N. */
  public double elboPerPoint() {
    return elbo / n;
  }

  @Override
  public long[] traceSteps() {
    return traceSteps.clone();
  }

  @Override
  public long[] tracePoints() {
    return tracePoints.clone();
  }

  @Override
  public double[] traceSeconds() {
    return traceSeconds.clone();
  }

  @Override
  public double[] traceHeldOut() {
    return traceHeldOut.clone();
  }
}
