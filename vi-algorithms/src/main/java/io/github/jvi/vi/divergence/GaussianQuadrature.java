package io.github.jvi.vi.divergence;

import io.github.jvi.core.util.Check;
import java.util.function.DoubleUnaryOperator;

/**
 * Deterministic quadrature for Gaussian expectations E_{N(mu, sigma^2)}[f(x)]: the trapezoid rule
 * in e = (x - mu)/sigma on [-10, 10] with the x-spacing sigma h at most {@code maxSpacing}.
 *
 * <p>Why not Gauss-Hermite: the log-density of a mixture of well-separated Gaussians is nearly a
 * maximum of parabolas, with a bend of width about 1/|m_1 - m_2| between them (complex
 * singularities at distance about pi/|m_1 - m_2| from the real axis). Gauss-Hermite converges
 * slowly on it: for 1/3 N(-3,1) + 2/3 N(3,1) and q = N(0.9, 2.6^2), 64 nodes err by 1e-2 in
 * E_q[log p] and made spurious local minima of KL(q || p). The trapezoid rule converges
 * geometrically for analytic integrands (error about exp(-2 pi d / h) for a strip of half-width
 * d; Trefethen &amp; Weideman 2014, SIAM Review 56): here d = pi/6 in x, so an x-spacing of 0.05
 * gives errors near rounding (measured: 2e-13 against a 200000-point reference); the spacing in e
 * is also at most 0.25 (error exp(-2 pi^2/h^2) from the Gaussian factor); truncating at |e| = 10
 * loses a Gaussian tail of 1e-23.
 */
public final class GaussianQuadrature {
  private static final double HALF_WIDTH = 10;
  private final double maxSpacing;

  private GaussianQuadrature(double maxSpacing) {
    this.maxSpacing = maxSpacing;
  }

  /** A rule whose x-spacing is at most {@code maxSpacing} &gt; 0. */
  public static GaussianQuadrature of(double maxSpacing) {
    return new GaussianQuadrature(Check.positive("maxSpacing", maxSpacing));
  }

  /** The default rule (x-spacing at most 0.05, and at most 0.25 in e). */
  public static GaussianQuadrature standard() {
    return of(0.05);
  }

  private int halfCount(double sigma) {
    double h = Math.min(0.25, maxSpacing / sigma);
    return (int) Math.ceil(HALF_WIDTH / h);
  }

  /** E_{N(mu, sigma^2)}[f(x)]. */
  public double expect(double mu, double sigma, DoubleUnaryOperator f) {
    return sum(mu, sigma, f, false);
  }

  /** E_{N(mu, sigma^2)}[e f(x)], e = (x - mu)/sigma. */
  public double expectTimesStandardised(double mu, double sigma, DoubleUnaryOperator f) {
    return sum(mu, sigma, f, true);
  }

  private double sum(double mu, double sigma, DoubleUnaryOperator f, boolean timesE) {
    Check.finite("mu", mu);
    Check.positive("sigma", sigma);
    int m = halfCount(sigma);
    double h = HALF_WIDTH / m;
    double sum = 0;
    double norm = 0;
    for (int i = -m; i <= m; i++) {
      double e = i * h;
      double w = Math.exp(-0.5 * e * e);
      norm += w;
      sum += w * (timesE ? e : 1) * f.applyAsDouble(mu + sigma * e);
    }
    return sum / norm; // norm = sqrt(2 pi)/h to rounding: the weights sum to 1 exactly
  }
}
