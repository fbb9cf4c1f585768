package io.github.jvi.verification.oracle;

import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;

/**
 * Adaptive Gauss-Legendre quadrature with Commons Math 3's Legendre rules.
 *
 * <p>[lo, hi] is cut into {@code panels} equal panels; on each, a 20-point rule on the panel is
 * compared with the sum of the same rule on its two halves, and the panel is bisected until they
 * agree to 1e-15 times the integral of |f| over it (the rounding floor of a sum with
 * cancellation) or to 1e-17 times the integral of |f| over [lo, hi]; an integrand that needs
 * more than 30 levels throws. For the smooth integrands used here (densities after a
 * substitution that removes endpoint singularities) a 20-point rule on a panel of a few scale
 * lengths is exact to rounding, so the result's error is about 1e-16 times the integral of |f|.
 */
public final class Quadrature {
  private static final int POINTS = 20;
  private static final int MAX_DEPTH = 30;
  private static final double REL = 1e-15;
  private static final double ABS = 1e-17;
  private static final GaussIntegrator UNIT = new GaussIntegratorFactory().legendreHighPrecision(POINTS, 0, 1);
  private static final double[] X = new double[POINTS];
  private static final double[] W = new double[POINTS];

  static {
    for (int i = 0; i < POINTS; i++) {
      X[i] = UNIT.getPoint(i);
      W[i] = UNIT.getWeight(i);
    }
  }

  private Quadrature() {}

  /**
   * Nodes and weights of the composite 20-point Gauss-Legendre rule on {@code panels} equal panels
   * of [lo, hi]: sum_i w_i f(x_i) approximates the integral, for integrands evaluated on all nodes at
   * once (an ND4J log-density on one array). Exact to rounding for integrands that are smooth on
   * the scale of a panel.
   *
   * @param x the nodes, in increasing order
   * @param w the weights
   */
  public record Nodes(double[] x, double[] w) {
    /** sum_i w_i f_i for values f_i at the nodes. */
    public double sum(double[] f) {
      if (f.length != w.length) {
        throw new IllegalArgumentException("expected " + w.length + " values, found " + f.length);
      }
      double s = 0;
      for (int i = 0; i < f.length; i++) {
        s += w[i] * f[i];
      }
      return s;
    }
  }

  /** The composite rule's nodes and weights (see {@link Nodes}). */
  public static Nodes nodes(double lo, double hi, int panels) {
    if (!(hi > lo) || !Double.isFinite(lo) || !Double.isFinite(hi) || panels < 1) {
      throw new IllegalArgumentException("need finite lo < hi and panels >= 1, found [" + lo + ", " + hi + "], "
          + panels);
    }
    double h = (hi - lo) / panels;
    double[] x = new double[panels * POINTS];
    double[] w = new double[panels * POINTS];
    for (int i = 0; i < panels; i++) {
      double a = lo + i * h;
      for (int j = 0; j < POINTS; j++) {
        x[i * POINTS + j] = a + h * X[j];
        w[i * POINTS + j] = h * W[j];
      }
    }
    return new Nodes(x, w);
  }

  /** The integral of f over [lo, hi] (finite), from {@code panels} panels refined adaptively. */
  public static double integrate(DoubleUnaryOperator f, double lo, double hi, int panels) {
    return integrate(f, f, lo, hi, panels);
  }

  /**
   * The integral of f over [lo, hi], refined until the error estimate is below 1e-15 times the
   * integral of |m| over the panel (or 1e-17 times over [lo, hi]). {@code m} bounds the size of the
   * terms whose rounding errors f carries: for f = p (log p - log q), m = p (|log p| + |log q|), so
   * that an integrand computed with cancellation is not refined to below its own rounding noise.
   */
  public static double integrate(DoubleUnaryOperator f, DoubleUnaryOperator m, double lo, double hi, int panels) {
    if (!(hi > lo) || !Double.isFinite(lo) || !Double.isFinite(hi) || panels < 1) {
      throw new IllegalArgumentException("need finite lo < hi and panels >= 1, found [" + lo + ", " + hi + "], "
          + panels);
    }
    double h = (hi - lo) / panels;
    double[][] first = new double[panels][];
    double total = 0; // integral of |m| over [lo, hi]: the scale of the absolute tolerance
    for (int i = 0; i < panels; i++) {
      first[i] = rule(f, m, lo + i * h, i == panels - 1 ? hi : lo + (i + 1) * h);
      total += first[i][1];
    }
    double abs = ABS * total + Double.MIN_NORMAL;
    double sum = 0;
    double comp = 0; // Kahan compensation across panels
    for (int i = 0; i < panels; i++) {
      double a = lo + i * h;
      double b = i == panels - 1 ? hi : lo + (i + 1) * h;
      double y = adaptive(f, m, a, b, first[i], abs, 0) - comp;
      double t = sum + y;
      comp = (t - sum) - y;
      sum = t;
    }
    return sum;
  }

  /** {integral of f, integral of |m|} on [a, b] by the 20-point rule. */
  private static double[] rule(DoubleUnaryOperator f, DoubleUnaryOperator m, double a, double b) {
    double w = b - a;
    double s = 0;
    double abs = 0;
    for (int i = 0; i < POINTS; i++) {
      double x = a + w * X[i];
      double v = f.applyAsDouble(x) * W[i];
      if (Double.isNaN(v)) {
        throw new ArithmeticException("integrand is NaN at " + x);
      }
      s += v;
      abs += Math.abs(f == m ? v : m.applyAsDouble(x) * W[i]);
    }
    return new double[] {s * w, abs * w};
  }

  private static double adaptive(DoubleUnaryOperator f, DoubleUnaryOperator mag, double a, double b, double[] whole,
      double abs, int depth) {
    double m = 0.5 * (a + b);
    double[] left = rule(f, mag, a, m);
    double[] right = rule(f, mag, m, b);
    double two = left[0] + right[0];
    if (Math.abs(two - whole[0]) <= Math.max(REL * (left[1] + right[1]), abs)) {
      return two;
    }
    if (depth >= MAX_DEPTH) {
      throw new ArithmeticException("quadrature did not converge on [" + a + ", " + b + "]: " + two + " vs "
          + whole[0]);
    }
    return adaptive(f, mag, a, m, left, abs, depth + 1) + adaptive(f, mag, m, b, right, abs, depth + 1);
  }
}
