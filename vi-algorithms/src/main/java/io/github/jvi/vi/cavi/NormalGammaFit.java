package io.github.jvi.vi.cavi;

/**
 * The result of mean-field CAVI on {@link NormalGammaModel}: q(mu) = N(muMean, 1 / muPrecision)
 * and q(tau) = Gamma(tauShape, tauRate) (shape, rate), with the ELBO trace.
 *
 * @param muMean mean of q(mu)
 * @param muPrecision precision of q(mu)
 * @param tauShape shape of q(tau)
 * @param tauRate rate of q(tau)
 * @param elboTrace ELBO after each sweep
 * @param sweepSeconds wall-clock seconds of each sweep (updates and ELBO)
 * @param iterations sweeps run
 * @param convergence the criterion that stopped the fit and the last sweep's changes
 */
public record NormalGammaFit(double muMean, double muPrecision, double tauShape, double tauRate,
    double[] elboTrace, double[] sweepSeconds, int iterations, Convergence convergence) implements CaviFit {
  /** Copies the trace. */
  public NormalGammaFit {
    elboTrace = elboTrace.clone();
    sweepSeconds = sweepSeconds.clone();
  }

  @Override
  public double[] elboTrace() {
    return elboTrace.clone();
  }

  @Override
  public double[] sweepSeconds() {
    return sweepSeconds.clone();
  }

  /** E_q[mu]. */
  public double meanMu() {
    return muMean;
  }

  /** E_q[tau] = shape / rate. */
  public double meanTau() {
    return tauShape / tauRate;
  }

  /** log q(mu) + log q(tau), the variational joint density (for contours). */
  public double logDensity(double mu, double tau) {
    if (!(tau > 0)) {
      return Double.NEGATIVE_INFINITY;
    }
    double d = mu - muMean;
    double logQmu = 0.5 * Math.log(muPrecision / (2 * Math.PI)) - 0.5 * muPrecision * d * d;
    double logQtau = tauShape * Math.log(tauRate) - io.github.jvi.core.special.Special.lgamma(tauShape)
        + (tauShape - 1) * Math.log(tau) - tauRate * tau;
    return logQmu + logQtau;
  }
}
