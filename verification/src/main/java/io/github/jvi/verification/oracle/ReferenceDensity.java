package io.github.jvi.verification.oracle;

import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

/**
 * A univariate density written as a function of an integration variable t with x = x(t), so that
 * expectations int p(x) g(x) dx = int p(x(t)) x'(t) g(x(t)) dt have smooth integrands on a finite
 * range [lo, hi] outside which the mass is below about e^-50: the identity for the normal, the
 * exponential, the half-normal and the continuous Bernoulli, t = log x for the Gamma (no singularity
 * at 0 for shape below 1) and the log-normal, t = logit x for the Beta (none at 0 or 1), and
 * x = m + s sinh(t) for the heavy-tailed Student-t, Cauchy and half-Cauchy (polynomial tails become
 * exponential ones). Log-densities are the text-book formulas
 * with Commons Math's {@code Gamma.logGamma} and {@code Beta.logBeta}, evaluated from t so that
 * log x and log(1 - x) keep full precision.
 *
 * @param family the family, so that two densities share a substitution only within one family
 * @param lo the lower end of the t range
 * @param hi the upper end
 * @param panels the number of quadrature panels on [lo, hi] (a few per scale length)
 * @param point x(t)
 * @param logJacobian log x'(t)
 * @param logDensity log p(x(t))
 */
public record ReferenceDensity(String family, double lo, double hi, int panels, DoubleUnaryOperator point,
    DoubleUnaryOperator logJacobian, DoubleUnaryOperator logDensity) {
  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

  /** N(m, s^2) over m +- 40 s. */
  public static ReferenceDensity normal(double m, double s) {
    return new ReferenceDensity("Normal", m - 40 * s, m + 40 * s, 80, t -> t, t -> 0, t -> {
      double z = (t - m) / s;
      return -0.5 * z * z - Math.log(s) - HALF_LOG_2PI;
    });
  }

  /** Gamma(shape a, rate b) in t = log x: log p = a log b + (a - 1) t - b e^t - lnGamma(a). */
  public static ReferenceDensity gamma(double a, double b) {
    double c = a * Math.log(b) - Gamma.logGamma(a);
    double mode = Math.log(a / b);
    double lo = mode - 50 / a - 10;
    double hi = mode + Math.log1p(60 / a) + 3;
    int panels = (int) Math.ceil((hi - lo) / Math.min(0.5, 1 / Math.sqrt(a)));
    return new ReferenceDensity("Gamma", lo, hi, panels, Math::exp, t -> t, t -> c + (a - 1) * t - b * Math.exp(t));
  }

  /** Exponential(rate r) over [0, 60 / r]. */
  public static ReferenceDensity exponential(double r) {
    return new ReferenceDensity("Exponential", 0, 60 / r, 60, t -> t, t -> 0, t -> Math.log(r) - r * t);
  }

  /** Beta(a, b) in t = logit x: log p = (a - 1) log x + (b - 1) log(1 - x) - log B(a, b). */
  public static ReferenceDensity beta(double a, double b) {
    double c = Beta.logBeta(a, b);
    double mode = Math.log(a / b);
    double lo = mode - 50 / a - 10;
    double hi = mode + 50 / b + 10;
    int panels = (int) Math.ceil((hi - lo) / Math.min(0.5, 0.5 * Math.sqrt(1 / a + 1 / b)));
    return new ReferenceDensity("Beta", lo, hi, panels, ReferenceKl::sigmoid,
        t -> ReferenceKl.logSigmoid(t) + ReferenceKl.logSigmoid(-t),
        t -> (a - 1) * ReferenceKl.logSigmoid(t) + (b - 1) * ReferenceKl.logSigmoid(-t) - c);
  }

  /** The continuous Bernoulli CB(lambda) on [0, 1] (log C from {@link ReferenceKl#cbLogNormalizer}). */
  public static ReferenceDensity continuousBernoulli(double lam) {
    double c = ReferenceKl.cbLogNormalizer(lam);
    double l = Math.log(lam);
    double m = Math.log1p(-lam);
    return new ReferenceDensity("ContinuousBernoulli", 0, 1, 16, t -> t, t -> 0, t -> c + t * l + (1 - t) * m);
  }

  /**
   * The location-scale Student-t(nu, m, s) in x = m + s sinh(t), where the density decays like
   * e^(-nu |t|): log p = lnGamma((nu+1)/2) - lnGamma(nu/2) - log(nu pi)/2 - log s
   * - (nu+1)/2 log(1 + z^2 / nu), z = sinh t, over |t| &lt;= 50 / nu + 10.
   */
  public static ReferenceDensity studentT(double nu, double m, double s) {
    double c = Gamma.logGamma((nu + 1) / 2) - Gamma.logGamma(nu / 2) - 0.5 * Math.log(nu * Math.PI) - Math.log(s);
    double hi = 50 / nu + 10;
    int panels = (int) Math.ceil(2 * hi / 0.5);
    return new ReferenceDensity("StudentT", -hi, hi, panels, t -> m + s * Math.sinh(t), t -> Math.log(s * Math.cosh(t)),
        t -> c - (nu + 1) / 2 * Math.log1p(Math.sinh(t) * Math.sinh(t) / nu));
  }

  /** Cauchy(m, s) in x = m + s sinh(t) (the density in t is 1 / (pi cosh t)) over |t| &lt;= 60. */
  public static ReferenceDensity cauchy(double m, double s) {
    return new ReferenceDensity("Cauchy", -60, 60, 240, t -> m + s * Math.sinh(t), t -> Math.log(s * Math.cosh(t)),
        t -> -Math.log(Math.PI * s) - Math.log1p(Math.sinh(t) * Math.sinh(t)));
  }

  /** HalfCauchy(s) in x = s sinh(t), t in [0, 60]: log p = log(2 / (pi s)) - log(1 + sinh^2 t). */
  public static ReferenceDensity halfCauchy(double s) {
    return new ReferenceDensity("HalfCauchy", 0, 60, 120, t -> s * Math.sinh(t), t -> Math.log(s * Math.cosh(t)),
        t -> Math.log(2 / (Math.PI * s)) - Math.log1p(Math.sinh(t) * Math.sinh(t)));
  }

  /** HalfNormal(s) over [0, 40 s]: log p = log 2 + log N(x; 0, s^2). */
  public static ReferenceDensity halfNormal(double s) {
    return new ReferenceDensity("HalfNormal", 0, 40 * s, 40, t -> t, t -> 0, t -> {
      double z = t / s;
      return Math.log(2) - 0.5 * z * z - Math.log(s) - HALF_LOG_2PI;
    });
  }

  /** LogNormal(m, s) in t = log x over m +- 40 s: log p = log N(t; m, s^2) - t. */
  public static ReferenceDensity logNormal(double m, double s) {
    return new ReferenceDensity("LogNormal", m - 40 * s, m + 40 * s, 80, Math::exp, t -> t, t -> {
      double z = (t - m) / s;
      return -0.5 * z * z - Math.log(s) - HALF_LOG_2PI - t;
    });
  }

  /** E_p[g], where g receives t (use {@link #point} for x). */
  public double expect(DoubleUnaryOperator g) {
    return expect(g, g);
  }

  /** E_p[g], refined to the rounding noise of terms of size |m| (see {@link Quadrature#integrate}). */
  public double expect(DoubleUnaryOperator g, DoubleUnaryOperator m) {
    return Quadrature.integrate(t -> {
      double w = weight(t);
      return w == 0 ? 0 : w * g.applyAsDouble(t);
    }, t -> {
      double w = weight(t);
      return w == 0 ? 0 : w * Math.abs(m.applyAsDouble(t));
    }, lo, hi, panels);
  }

  private double weight(double t) {
    return Math.exp(logDensity.applyAsDouble(t) + logJacobian.applyAsDouble(t));
  }

  /** int p = 1 (a check of the oracle). */
  public double mass() {
    return expect(t -> 1);
  }

  /** E[x]. */
  public double mean() {
    return expect(point);
  }

  /** Var[x] = E[(x - E[x])^2]. */
  public double variance() {
    double m = mean();
    return expect(t -> {
      double d = point.applyAsDouble(t) - m;
      return d * d;
    });
  }

  /** H = -E[log p(x)]. */
  public double entropy() {
    return expect(t -> -logDensity.applyAsDouble(t), t -> 1 + Math.abs(logDensity.applyAsDouble(t)));
  }

  /** KL(this || q) = E[log p - log q] for q of the same family (same substitution). */
  public double kl(ReferenceDensity q) {
    if (!family.equals(q.family)) {
      throw new IllegalArgumentException("KL by quadrature needs one family, found " + family + " and " + q.family);
    }
    return expect(t -> logDensity.applyAsDouble(t) - q.logDensity.applyAsDouble(t),
        t -> Math.abs(logDensity.applyAsDouble(t)) + Math.abs(q.logDensity.applyAsDouble(t)));
  }
}
