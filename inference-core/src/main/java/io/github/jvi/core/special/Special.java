package io.github.jvi.core.special;

import org.hipparchus.special.Gamma;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Special functions, scalar and element-wise.
 *
 * <ul>
 *   <li>{@link #lgamma}: log Gamma(x) for x &gt; 0, Hipparchus {@code Gamma.logGamma} (Lanczos,
 *       relative error about 1e-15 in float64).</li>
 *   <li>{@link #digamma}: psi(x) = d/dx log Gamma(x): the recurrence psi(x) = psi(x+1) - 1/x up
 *       to x &gt;= 10, then the asymptotic series log x - 1/(2x) - sum B_2k / (2k x^2k) through
 *       x^-14 (truncation error below 1e-17 at x = 10); reflection for negative non-integers.
 *       Absolute error about 1e-15 (tested against psi(1) = -gamma, psi(1/2) = -gamma - 2 log 2).
 *       Not Hipparchus' {@code Gamma.digamma}: its series starts at x = 49 with few terms, and we
 *       measured absolute errors up to 3e-9 with jumps at integers, which broke finite-difference
 *       gradient checks and 1e-9 KL accuracy.</li>
 *   <li>{@link #trigamma}: psi'(x), the same scheme (recurrence to x &gt;= 10, series through
 *       x^-15); absolute error about 1e-15 (tested against pi^2/6 and pi^2/2).</li>
 *   <li>{@link #softplus}: log(1 + e^x) as max(x, 0) + log1p(e^-|x|): exact to rounding for all
 *       finite x (no overflow at x = 100, unlike the naive form).</li>
 *   <li>{@link #logSumExp}: log sum e^x_i with the max shift: finite whenever the maximum is;
 *       -inf (not NaN) for an all -inf slice.</li>
 *   <li>Differences without cancellation, for quantities that vanish as two parameters meet:
 *       {@link #log1pmx}, {@link #bd0}, {@link #bd0Ratio} (Loader 2000), {@link #diffOfProducts},
 *       {@link #stirlerr}, {@link #lgammaDiff}, {@link #lgammaDiff2}; and Loader's saddle-point
 *       log probabilities {@link #logPoisson}, {@link #logBinomialTerm}. Each keeps a relative
 *       error of a few ulp where the naive form loses all its digits (tested against mpmath).</li>
 *   <li>{@link #log1mexp}: log(1 - e^-a) for a &gt; 0 (Maechler 2012): log(-expm1(-a)) for
 *       a &lt;= log 2, log1p(-e^-a) above; relative error near machine epsilon for all a.</li>
 * </ul>
 * The element-wise forms compute in the array's data type where ND4J has the op, and in float64
 * (element loop, then cast back) for the Gamma family, which ND4J lacks.
 */
public final class Special {
  private Special() {}

  /** log Gamma(x). */
  public static double lgamma(double x) {
    return Gamma.logGamma(x);
  }

  /** psi(x); NaN at 0 and the negative integers. */
  public static double digamma(double x) {
    if (!(x > 0)) {
      if (x == Math.rint(x) || Double.isNaN(x)) {
        return Double.NaN;
      }
      // reflection: psi(1 - x) - psi(x) = pi cot(pi x)
      return digamma(1 - x) - Math.PI / Math.tan(Math.PI * x);
    }
    double acc = 0;
    while (x < 10) {
      acc -= 1 / x;
      x += 1;
    }
    double r = 1 / (x * x);
    double series = r * (1.0 / 12 - r * (1.0 / 120 - r * (1.0 / 252 - r * (1.0 / 240
        - r * (1.0 / 132 - r * (691.0 / 32760 - r * (1.0 / 12)))))));
    return acc + Math.log(x) - 0.5 / x - series;
  }

  /** psi'(x); NaN at 0 and the negative integers. */
  public static double trigamma(double x) {
    if (!(x > 0)) {
      if (x == Math.rint(x) || Double.isNaN(x)) {
        return Double.NaN;
      }
      // reflection: psi'(1 - x) + psi'(x) = pi^2 / sin^2(pi x)
      double s = Math.sin(Math.PI * x);
      return -trigamma(1 - x) + Math.PI * Math.PI / (s * s);
    }
    double acc = 0;
    while (x < 10) {
      acc += 1 / (x * x);
      x += 1;
    }
    double r = 1 / (x * x);
    double series = 1 / x + r / 2 + (1 / x) * r * (1.0 / 6 - r * (1.0 / 30 - r * (1.0 / 42 - r * (1.0 / 30
        - r * (5.0 / 66 - r * (691.0 / 2730 - r * (7.0 / 6)))))));
    return acc + series;
  }

  /** log(1 + e^x), stable. */
  public static double softplus(double x) {
    return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  /** log(1 - e^-a) for a &gt; 0 (Maechler 2012). */
  public static double log1mexp(double a) {
    return a <= Math.log(2.0) ? Math.log(-Math.expm1(-a)) : Math.log1p(-Math.exp(-a));
  }

  /** log sum e^x_i, stable. */
  public static double logSumExp(double... x) {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      m = Math.max(m, v);
    }
    if (m == Double.NEGATIVE_INFINITY || Double.isInfinite(m)) {
      return m;
    }
    double s = 0;
    for (double v : x) {
      s += Math.exp(v - m);
    }
    return m + Math.log(s);
  }


  // ------------------------------------------------------------------ differences without cancellation

  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
  /** Below this, {@link #stirlerr} and the lgamma differences shift the argument up by recurrence. */
  private static final double STIRLING_MIN = 10;
  /** Stirling coefficients B_2k / (2k (2k - 1)), k = 1..8, of a^-(2k-1). */
  private static final double[] STIRLING = {1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188,
      -691.0 / 360360, 1.0 / 156, -3617.0 / 122400};

  /**
   * log1p(x) - x for x &gt; -1, without cancellation: with u = x / (2 + x),
   * log1p(x) - x = -x^2 / (2 + x) + 2 sum_{j &gt;= 1} u^(2j+1) / (2j + 1) for |u| &lt; 0.1 (the
   * series of Loader 2000's bd0), log1p(x) - x directly otherwise. Relative error a few ulp.
   */
  public static double log1pmx(double x) {
    if (!(x > -1)) {
      return x == -1 ? Double.NEGATIVE_INFINITY : Double.NaN;
    }
    double u = x / (2 + x);
    if (Math.abs(u) < 0.1) {
      return -x * x / (2 + x) + 2 * u * oddSeries(u * u);
    }
    return Math.log1p(x) - x;
  }

  /** sum_{j &gt;= 1} w^j / (2j + 1) for 0 &lt;= w &lt; 0.01, to full precision. */
  private static double oddSeries(double w) {
    double s = 0;
    double p = 1;
    for (int j = 1; j < 40; j++) {
      p *= w;
      double next = s + p / (2 * j + 1);
      if (next == s) {
        break;
      }
      s = next;
    }
    return s;
  }

  /**
   * bd0(x, m) = x log(x / m) + m - x &gt;= 0 for x &gt;= 0, m &gt; 0: the deviance term of Loader
   * (2000), "Fast and accurate computation of binomial probabilities": for |x - m| &lt; 0.1 (x + m)
   * the series (x - m) v + 2 x sum_{j &gt;= 1} v^(2j+1) / (2j + 1), v = (x - m) / (x + m), with
   * no cancellation; directly otherwise. Relative error a few ulp.
   */
  public static double bd0(double x, double m) {
    if (x == 0) {
      return m;
    }
    if (Math.abs(x - m) < 0.1 * (x + m)) {
      double v = (x - m) / (x + m);
      return (x - m) * v + 2 * x * v * oddSeries(v * v);
    }
    return x * Math.log(x / m) + m - x;
  }

  /**
   * (1 + t) log1p(t) - t = bd0(1 + t, 1) &gt;= 0 for t &gt;= -1, computed from t (no rounding of
   * 1 + t): the Loader series in v = t / (2 + t) for |v| &lt; 0.1, directly otherwise; 1 at t = -1.
   * The building block of the near-equal KL forms: a log(a/b) - a + b = b bd0Ratio(a/b - 1).
   */
  public static double bd0Ratio(double t) {
    if (!(t > -1)) {
      return t == -1 ? 1.0 : Double.NaN;
    }
    if (t == Double.POSITIVE_INFINITY) {
      return t;
    }
    double v = t / (2 + t);
    if (Math.abs(v) < 0.1) {
      return t * v + 2 * (1 + t) * v * oddSeries(v * v);
    }
    return (1 + t) * Math.log1p(t) - t;
  }

  /**
   * a b - c d with one rounding's worth of error (Kahan's algorithm with fused multiply-adds),
   * where the naive form cancels.
   */
  public static double diffOfProducts(double a, double b, double c, double d) {
    double w = c * d;
    double e = Math.fma(-c, d, w);
    double f = Math.fma(a, b, -w);
    return f + e;
  }

  /**
   * The Stirling remainder stirlerr(a) = log Gamma(a) - (a - 1/2) log a + a - log sqrt(2 pi) for
   * a &gt; 0 (Loader's stirlerr(n) is this at a = n): for a &gt;= 10 the series
   * sum_k B_2k / (2k (2k-1) a^(2k-1)), k = 1..8 (truncation below 1e-19), otherwise directly
   * from {@link #lgamma} (absolute error about 1e-15).
   */
  public static double stirlerr(double a) {
    if (a >= STIRLING_MIN) {
      double r = 1 / (a * a);
      double s = 0;
      for (int k = STIRLING.length - 1; k >= 0; k--) {
        s = s * r + STIRLING[k];
      }
      return s / a;
    }
    return lgamma(a) - (a - 0.5) * Math.log(a) + a - HALF_LOG_2PI;
  }

  /**
   * stirlerr(a + d) - stirlerr(a) (order 0) or stirlerr(a + d) - stirlerr(a) - d stirlerr'(a)
   * (order 1), both arguments &gt;= 10: term by term, c a^-m ((1+x)^-m - 1) and
   * c a^-m ((1+x)^-m - 1 + m x) with x = d/a, by expm1/log1p or (order 1, |x| &lt; 0.01) the
   * binomial series, so the result keeps its relative accuracy as d -&gt; 0.
   */
  private static double stirlerrDiff(double a, double d, int order) {
    double x = d / a;
    double lx = Math.log1p(x);
    double s = 0;
    double inv = 1 / a;
    double r = inv * inv;
    double pow = inv;
    for (int k = 0; k < STIRLING.length; k++) {
      int m = 2 * k + 1;
      double phi;
      if (order == 0) {
        phi = Math.expm1(-m * lx);
      } else if (Math.abs(x) < 0.01) {
        // sum_{j >= 2} (-1)^j C(m + j - 1, j) x^j
        double term = -m * x;
        phi = 0;
        for (int j = 2; j < 30; j++) {
          term *= -(m + j - 1.0) / j * x;
          double next = phi + term;
          if (next == phi) {
            break;
          }
          phi = next;
        }
      } else {
        phi = Math.expm1(-m * lx) + m * x;
      }
      s += STIRLING[k] * pow * phi;
      pow *= r;
    }
    return s;
  }

  /**
   * log Gamma(a + d) - log Gamma(a) for a &gt; 0, a + d &gt; 0, keeping its relative accuracy for
   * small d: shifted up by log Gamma(a + d) - log Gamma(a) = [same at a + 1] - log1p(d / a) until
   * both arguments are &gt;= 10, then
   * d log a + (d - 1/2) log1p(x) + a (log1p(x) - x) + stirlerr(a + d) - stirlerr(a), x = d / a
   * (Stirling's formula with its remainder differenced term by term).
   */
  public static double lgammaDiff(double a, double d) {
    if (d == 0) {
      return 0;
    }
    double acc = 0;
    while (Math.min(a, a + d) < STIRLING_MIN) {
      acc -= Math.log1p(d / a);
      a += 1;
    }
    double x = d / a;
    return acc + d * Math.log(a) + (d - 0.5) * Math.log1p(x) + a * log1pmx(x) + stirlerrDiff(a, d, 0);
  }

  /**
   * log Gamma(a + d) - log Gamma(a) - d psi(a) &gt;= 0 (the Bregman divergence of log Gamma) for
   * a &gt; 0, a + d &gt; 0, to a few ulp relative for every d: shifted up by
   * G(a, d) = G(a + 1, d) - (log1p(d/a) - d/a) (every term &gt;= 0) until both arguments are
   * &gt;= 10, then G(a, d) = a bd0Ratio(x) - (log1p(x) - x) / 2 + [stirlerr(a+d) - stirlerr(a) -
   * d stirlerr'(a)], x = d / a, three terms &gt;= 0 (psi'(a) &gt; 1/a + 1/(2a^2)). About
   * d^2 psi'(a) / 2 for small d, where the naive form loses all its digits.
   */
  public static double lgammaDiff2(double a, double d) {
    if (d == 0) {
      return 0;
    }
    double acc = 0;
    while (Math.min(a, a + d) < STIRLING_MIN) {
      acc -= log1pmx(d / a);
      a += 1;
    }
    double x = d / a;
    return acc + a * bd0Ratio(x) - 0.5 * log1pmx(x) + stirlerrDiff(a, d, 1);
  }

  /** Coefficients B_2k / (2k) of a^-2k in psi(a) = log a - 1/(2a) - sum_k ..., k = 1..7. */
  private static final double[] DIGAMMA_SERIES = {1.0 / 12, -1.0 / 120, 1.0 / 252, -1.0 / 240, 1.0 / 132,
      -691.0 / 32760, 1.0 / 12};

  /**
   * psi(a + d) - psi(a) for a &gt; 0, a + d &gt; 0, keeping its relative accuracy for small d:
   * shifted up by psi(a + d) - psi(a) = [same at a + 1] + d / (a (a + d)) (terms of one sign)
   * until both arguments are &gt;= 10, then log1p(x) + d / (2 a (a + d)) - sum_k c_k a^-2k
   * expm1(-2k log1p(x)), x = d / a (the asymptotic series differenced term by term).
   */
  public static double digammaDiff(double a, double d) {
    if (d == 0) {
      return 0;
    }
    double acc = 0;
    while (Math.min(a, a + d) < STIRLING_MIN) {
      acc += d / (a * (a + d));
      a += 1;
    }
    double x = d / a;
    double lx = Math.log1p(x);
    double r = 1 / (a * a);
    double pow = r;
    double s = 0;
    for (int k = 0; k < DIGAMMA_SERIES.length; k++) {
      s += DIGAMMA_SERIES[k] * pow * Math.expm1(-(2 * k + 2) * lx);
      pow *= r;
    }
    return acc + lx + d / (2 * a * (a + d)) - s;
  }

  /**
   * The large-argument part of {@link #lgammaDiff2} without the a bd0Ratio(d/a) term:
   * -(log1p(x) - x) / 2 + stirlerr(a + d) - stirlerr(a) - d stirlerr'(a), for a, a + d &gt;= 10.
   * The KL forms of Gamma, Beta and Dirichlet combine the a bd0Ratio terms of several arguments
   * exactly (into one bd0Ratio of a ratio of means) and add this remainder.
   */
  public static double lgammaDiff2Remainder(double a, double d) {
    if (!(Math.min(a, a + d) >= STIRLING_MIN)) {
      throw new IllegalArgumentException("lgammaDiff2Remainder needs a >= 10 and a + d >= 10, found a = " + a
          + ", d = " + d);
    }
    return -0.5 * log1pmx(d / a) + stirlerrDiff(a, d, 1);
  }

  /** The smallest argument for which {@link #lgammaDiff2Remainder} applies (10). */
  public static double stirlingMin() {
    return STIRLING_MIN;
  }

  /**
   * log of the Poisson probability lambda^x e^-lambda / Gamma(x + 1) for x &gt;= 0 (x need not be an
   * integer), lambda &gt; 0, in Loader's saddle-point form
   * -stirlerr(x) - bd0(x, lambda) - log(2 pi x) / 2 for x &gt; 0 and
   * -lambda at x = 0: no term of size lambda log lambda is formed, so the relative error stays at
   * a few ulp of the result (plus the inherent |x - lambda| ulp from rounding the inputs).
   */
  public static double logPoisson(double x, double lambda) {
    if (x == 0) {
      return -lambda;
    }
    return -stirlerr(x) - bd0(x, lambda) - 0.5 * Math.log(2 * Math.PI * x);
  }

  /**
   * log of the binomial term Gamma(n+1) / (Gamma(k+1) Gamma(n-k+1)) p^k q^(n-k) with n = k + nk,
   * k, nk &gt; 0, q = 1 - p given separately (Loader 2000, dbinom_raw):
   * stirlerr(n) - stirlerr(k) - stirlerr(nk) - bd0(k, n p) - bd0(nk, n q) - log(2 pi k nk / n) / 2.
   */
  public static double logBinomialTerm(double k, double nk, double p, double q) {
    double n = k + nk;
    double lc = stirlerr(n) - stirlerr(k) - stirlerr(nk) - bd0(k, n * p) - bd0(nk, n * q);
    return lc - 0.5 * (Math.log(2 * Math.PI) + Math.log(k) + Math.log(nk) - Math.log(n));
  }

  /** Element-wise log Gamma. */
  public static INDArray lgamma(INDArray x) {
    return map(x, Gamma::logGamma);
  }

  /** Element-wise digamma. */
  public static INDArray digamma(INDArray x) {
    return map(x, Special::digamma);
  }

  /** Element-wise trigamma. */
  public static INDArray trigamma(INDArray x) {
    return map(x, Special::trigamma);
  }

  /** Element-wise softplus, stable. */
  public static INDArray softplus(INDArray x) {
    INDArray t = Transforms.exp(Transforms.abs(x, true).negi(), false);
    return Transforms.relu(x, true).addi(Transforms.log1p(t, false));
  }

  /** Element-wise log1mexp. */
  public static INDArray log1mexp(INDArray a) {
    return map(a, Special::log1mexp);
  }

  /** log sum exp over one dimension (removed), stable. */
  public static INDArray logSumExp(INDArray x, int dim) {
    // an all -inf slice has max -inf: shift it by 0 instead (exp(-inf) = 0, log 0 = -inf, not NaN)
    INDArray m = finiteShift(x.max(true, dim));
    INDArray s = Transforms.exp(x.sub(m), false).sum(true, dim);
    INDArray out = Transforms.log(s, false).addi(m);
    long[] shape = x.shape();
    int d = dim < 0 ? dim + shape.length : dim;
    long[] reduced = new long[shape.length - 1];
    for (int i = 0, j = 0; i < shape.length; i++) {
      if (i != d) {
        reduced[j++] = shape[i];
      }
    }
    return out.reshape(reduced);
  }

  /**
   * The log-sum-exp shift m with its infinite entries replaced by 0 (all -inf slices, where
   * x - m would be NaN); the result stays -inf (or +inf) there. Shared with the Var form.
   */
  public static INDArray finiteShift(INDArray max) {
    double[] v = max.dup('c').data().asDouble();
    boolean any = false;
    for (int i = 0; i < v.length; i++) {
      if (Double.isInfinite(v[i])) {
        v[i] = 0;
        any = true;
      }
    }
    return any ? Nd4j.create(v, max.shape(), 'c').castTo(max.dataType()) : max;
  }

  private static INDArray map(INDArray x, java.util.function.DoubleUnaryOperator f) {
    if (x.rank() == 0) {
      return Nd4j.scalar(x.dataType(), f.applyAsDouble(x.getDouble(0)));
    }
    double[] v = x.dup('c').data().asDouble();
    for (int i = 0; i < v.length; i++) {
      v[i] = f.applyAsDouble(v[i]);
    }
    return Nd4j.create(v, x.shape(), 'c').castTo(x.dataType());
  }
}
