package io.github.jvi.vi.cavi;

import io.github.jvi.core.distribution.NormalGamma;
import io.github.jvi.core.special.Special;
import io.github.jvi.core.util.Check;

/**
 * The parameters of a NormalGamma(mu, lambda, a, b) distribution over a Gaussian's mean and
 * precision: tau ~ Gamma(a, b) (shape a, rate b) and mu | tau ~ N(mu, 1 / (lambda tau)). Used for
 * the prior and for the exact posterior of {@link NormalGammaModel}, and for the per-component
 * factors of {@link GmmLight}.
 *
 * <pre>
 * log p(mu, tau) = a log b - log Gamma(a) + (a - 1/2) log tau - b tau
 *                  + (1/2) log(lambda / (2 pi)) - lambda tau (mu - m)^2 / 2
 * E[tau] = a / b,  E[log tau] = psi(a) - log b,  E[mu] = m,  Var[mu] = b / (lambda (a - 1))  (a &gt; 1)
 * </pre>
 *
 * <p>{@link #distribution()} gives the same law as inference-core's {@link NormalGamma} (batched,
 * for vectorised densities over grids); {@link #logDensity} evaluates the formula above directly
 * for single points (quadrature in tests calls it millions of times), and the tests check the two
 * agree.
 *
 * @param mu location of the mean
 * @param lambda precision scale of the mean (in units of tau)
 * @param a shape of the precision
 * @param b rate of the precision
 */
public record NormalGammaParams(double mu, double lambda, double a, double b) {
  /** Validates: mu finite, lambda, a, b finite and &gt; 0. */
  public NormalGammaParams {
    Check.finite("mu", mu);
    Check.positive("lambda", lambda);
    Check.positive("a", a);
    Check.positive("b", b);
  }

  /** This law as inference-core's {@link NormalGamma} (event (mu, tau)). */
  public NormalGamma distribution() {
    return NormalGamma.of(mu, lambda, a, b);
  }

  /** E[tau] = a / b. */
  public double meanTau() {
    return a / b;
  }

  /** E[log tau] = psi(a) - log b. */
  public double meanLogTau() {
    return Special.digamma(a) - Math.log(b);
  }

  /** log p(mu, tau) for tau &gt; 0 (negative infinity otherwise). */
  public double logDensity(double m, double tau) {
    if (!(tau > 0)) {
      return Double.NEGATIVE_INFINITY;
    }
    double d = m - mu;
    return a * Math.log(b) - Special.lgamma(a) + (a - 0.5) * Math.log(tau) - b * tau
        + 0.5 * Math.log(lambda / (2 * Math.PI)) - 0.5 * lambda * tau * d * d;
  }

  /**
   * KL(this || other) = KL(Gamma(a, b) || Gamma(a0, b0))
   * + (1/2) [lambda0 / lambda - 1 - log(lambda0 / lambda) + lambda0 E[tau] (mu - mu0)^2].
   */
  public double kl(NormalGammaParams other) {
    double r = other.lambda / lambda;
    double d = mu - other.mu;
    return gammaKl(a, b, other.a, other.b) + 0.5 * (r - 1 - Math.log(r) + other.lambda * meanTau() * d * d);
  }

  /**
   * KL(Gamma(a, b) || Gamma(a0, b0)) (shape, rate) =
   * (a - a0) psi(a) - log Gamma(a) + log Gamma(a0) + a0 (log b - log b0) + a (b0 - b) / b.
   */
  static double gammaKl(double a, double b, double a0, double b0) {
    return (a - a0) * Special.digamma(a) - Special.lgamma(a) + Special.lgamma(a0)
        + a0 * (Math.log(b) - Math.log(b0)) + a * (b0 - b) / b;
  }
}
