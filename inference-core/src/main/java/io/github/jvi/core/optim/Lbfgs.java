package io.github.jvi.core.optim;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.function.Function;

/**
 * Limited-memory BFGS (Nocedal 1980; Liu &amp; Nocedal 1989) with a backtracking Armijo line search,
 * maximising a smooth f: R^d -&gt; R given its value and gradient together. Used to find a
 * posterior mode (for ADVI's initialisation); it tolerates points where f is not finite (the line
 * search backs off from them).
 *
 * <pre>
 * direction p_k = H_k grad f(x_k), H_k from the last m pairs (s, y) by the two-loop recursion,
 * H_0 = (s.y / y.y) I;  x_{k+1} = x_k + t p_k with t halved from 1 until
 * f(x_k + t p_k) &gt;= f(x_k) + 1e-4 t grad f(x_k).p_k
 * </pre>
 * Stops when the largest gradient component is below {@code gradTol} (1 + |f|), when an
 * iteration improves f by less than 1e-13 (1 + |f|), when no step along the direction improves f,
 * or at the iteration limit. Deterministic; not thread-safe only in that f must be.
 */
public final class Lbfgs {
  /** The value and gradient of f at x. */
  public record ValueAndGradient(double value, double[] gradient) {}

  /** The result: the point reached, f there, the iterations run and whether a stopping test passed. */
  public record Result(double[] x, double value, int iterations, boolean converged) {}

  private static final int MEMORY = 10;

  private Lbfgs() {}

  /**
   * Maximises f from x0.
   *
   * @param f value and gradient; a non-finite value marks a point outside f's domain
   * @param x0 a point where f is finite
   * @throws IllegalArgumentException if f(x0) is not finite
   */
  public static Result maximize(Function<double[], ValueAndGradient> f, double[] x0, int maxIterations, double gradTol) {
    int d = x0.length;
    double[] x = x0.clone();
    ValueAndGradient cur = f.apply(x);
    if (!Double.isFinite(cur.value()) || !allFinite(cur.gradient())) {
      throw new IllegalArgumentException("f must be finite with a finite gradient at x0, found " + cur.value());
    }
    Deque<double[][]> pairs = new ArrayDeque<>(); // {s, y, {rho}}
    int iter = 0;
    while (iter < maxIterations) {
      double[] g = cur.gradient();
      if (maxAbs(g) <= gradTol * (1 + Math.abs(cur.value()))) {
        return new Result(x, cur.value(), iter, true);
      }
      iter++;
      double[] p = direction(g, pairs);
      double slope = dot(g, p);
      if (!(slope > 0)) { // not an ascent direction: restart from the gradient
        pairs.clear();
        p = g.clone();
        slope = dot(g, g);
      }
      double t = pairs.isEmpty() ? Math.min(1.0, 1.0 / Math.max(1e-300, maxAbs(g))) : 1.0;
      ValueAndGradient next = null;
      double[] xn = null;
      for (int k = 0; k < 60; k++) {
        xn = new double[d];
        for (int i = 0; i < d; i++) {
          xn[i] = x[i] + t * p[i];
        }
        ValueAndGradient trial = f.apply(xn);
        if (Double.isFinite(trial.value()) && allFinite(trial.gradient())
            && trial.value() >= cur.value() + 1e-4 * t * slope) {
          next = trial;
          break;
        }
        t *= 0.5;
      }
      if (next == null) {
        return new Result(x, cur.value(), iter, true); // no improving step: a stationary point to line-search precision
      }
      double[] s = new double[d];
      double[] y = new double[d];
      for (int i = 0; i < d; i++) {
        s[i] = xn[i] - x[i];
        y[i] = g[i] - next.gradient()[i]; // the gradient of -f changes by -(g_new - g)
      }
      double sy = dot(s, y);
      if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
        pairs.addLast(new double[][] {s, y, {1.0 / sy}});
        if (pairs.size() > MEMORY) {
          pairs.removeFirst();
        }
      }
      double improvement = next.value() - cur.value();
      x = xn;
      cur = next;
      if (improvement <= 1e-13 * (1 + Math.abs(cur.value()))) {
        return new Result(x, cur.value(), iter, true);
      }
    }
    return new Result(x, cur.value(), iter, false);
  }

  /** H g by the two-loop recursion (for the minimisation of -f, whose gradient is -g). */
  private static double[] direction(double[] g, Deque<double[][]> pairs) {
    double[] q = g.clone();
    int m = pairs.size();
    double[] alpha = new double[m];
    double[][][] list = pairs.toArray(new double[0][][]);
    for (int i = m - 1; i >= 0; i--) {
      alpha[i] = list[i][2][0] * dot(list[i][0], q);
      axpy(-alpha[i], list[i][1], q);
    }
    if (m > 0) {
      double[] y = list[m - 1][1];
      double gamma = dot(list[m - 1][0], y) / dot(y, y);
      for (int i = 0; i < q.length; i++) {
        q[i] *= gamma;
      }
    }
    for (int i = 0; i < m; i++) {
      double beta = list[i][2][0] * dot(list[i][1], q);
      axpy(alpha[i] - beta, list[i][0], q);
    }
    return q;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < y.length; i++) {
      y[i] += a * x[i];
    }
  }

  private static double maxAbs(double[] v) {
    double m = 0;
    for (double x : v) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }

  private static boolean allFinite(double[] v) {
    return Arrays.stream(v).allMatch(Double::isFinite);
  }
}
