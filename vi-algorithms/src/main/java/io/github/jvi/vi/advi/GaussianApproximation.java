package io.github.jvi.vi.advi;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;
import java.util.Arrays;

/**
 * A Gaussian q(u) = N(mu, L L^T) on R^d, the variational family of ADVI, with its parameters
 * lambda as one float64 vector:
 * <ul>
 *   <li>mean-field: lambda = (mu, omega), L = diag(exp omega) (Kucukelbir et al. 2017, sec. 2.4);</li>
 *   <li>full-rank: lambda = (mu, omega, W), L = diag(exp omega) U with U = I + strictly-lower(W)
 *       unit lower-triangular (W is d x d row-major; its diagonal and upper entries are unused).
 *       Every Cholesky factor with a positive diagonal is of this form, and the parameterisation
 *       is scale-free: the log-scales omega carry each coordinate's scale, U only correlations
 *       (a raw L, or one with an exp diagonal, left blr's 1e-3-sd coordinates far off).</li>
 * </ul>
 * <pre>
 * u = mu + L eps,  eps ~ N(0, I);   H[q] = d (1 + log 2 pi) / 2 + sum_i omega_i
 * log q(u) = -|L^-1 (u - mu)|^2 / 2 - sum_i omega_i - d log(2 pi) / 2
 * </pre>
 * Immutable in value (the constants STL reads are made once, on first use, by the thread that
 * owns the fit).
 */
public final class GaussianApproximation {
  private static final double LOG_2PI = Math.log(2 * Math.PI);
  private final boolean fullRank;
  private final int d;
  private final double[] lambda;
  private final double[][] l; // the Cholesky factor, dense

  private GaussianApproximation(boolean fullRank, int d, double[] lambda) {
    this.fullRank = fullRank;
    this.d = d;
    this.lambda = lambda;
    this.l = new double[d][d];
    for (int i = 0; i < d; i++) {
      double si = Math.exp(lambda[d + i]);
      l[i][i] = si;
      if (fullRank) {
        for (int j = 0; j < i; j++) {
          l[i][j] = si * lambda[2 * d + i * d + j];
        }
      }
    }
  }

  /** The number of variational parameters of the family on R^d. */
  public static int parameterCount(boolean fullRank, int d) {
    return fullRank ? 2 * d + d * d : 2 * d;
  }

  /** From lambda (see the class comment); every entry finite. */
  public static GaussianApproximation of(boolean fullRank, int d, double[] lambda) {
    if (d < 1) {
      throw new IllegalArgumentException("d must be >= 1, found " + d);
    }
    if (lambda.length != parameterCount(fullRank, d)) {
      throw new IllegalArgumentException("lambda must have " + parameterCount(fullRank, d) + " values, found "
          + lambda.length);
    }
    for (int i = 0; i < lambda.length; i++) {
      if (!Double.isFinite(lambda[i])) {
        throw new IllegalArgumentException("lambda[" + i + "] must be finite, found " + lambda[i]);
      }
    }
    return new GaussianApproximation(fullRank, d, lambda.clone());
  }

  /** Whether the family is full-rank. */
  public boolean fullRank() {
    return fullRank;
  }

  /** d. */
  public int dimension() {
    return d;
  }

  /** A copy of lambda. */
  public double[] parameters() {
    return lambda.clone();
  }

  /** E[u] = mu. */
  public double[] mean() {
    return Arrays.copyOf(lambda, d);
  }

  /** The standard deviations sqrt(diag(L L^T)). */
  public double[] sd() {
    double[] sd = new double[d];
    for (int i = 0; i < d; i++) {
      double s = 0;
      for (int j = 0; j <= i; j++) {
        s += l[i][j] * l[i][j];
      }
      sd[i] = Math.sqrt(s);
    }
    return sd;
  }

  /** Cov[u] = L L^T. */
  public double[][] covariance() {
    double[][] c = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        double s = 0;
        for (int k = 0; k <= j; k++) {
          s += l[i][k] * l[j][k];
        }
        c[i][j] = s;
        c[j][i] = s;
      }
    }
    return c;
  }

  /** H[q]. */
  public double entropy() {
    double s = 0.5 * d * (1 + LOG_2PI);
    for (int i = 0; i < d; i++) {
      s += lambda[d + i];
    }
    return s;
  }

  /** One draw u = mu + L eps, with eps from {@code rng}'s scalar stream. */
  public double[] sample(Rng rng) {
    double[] eps = new double[d];
    for (int i = 0; i < d; i++) {
      eps[i] = rng.nextGaussian();
    }
    return transform(eps);
  }

  /** mu + L eps. */
  public double[] transform(double[] eps) {
    double[] u = new double[d];
    for (int i = 0; i < d; i++) {
      double s = lambda[i];
      for (int j = 0; j <= i; j++) {
        s += l[i][j] * eps[j];
      }
      u[i] = s;
    }
    return u;
  }

  /** log q(u). */
  public double logDensity(double[] u) {
    double[] r = solveLower(u);
    double s = 0;
    for (double v : r) {
      s += v * v;
    }
    return -0.5 * s - (entropy() - 0.5 * d);
  }

  /** L^-1 (u - mu) by forward substitution. */
  private double[] solveLower(double[] u) {
    double[] r = new double[d];
    for (int i = 0; i < d; i++) {
      double s = u[i] - lambda[i];
      for (int j = 0; j < i; j++) {
        s -= l[i][j] * r[j];
      }
      r[i] = s / l[i][i];
    }
    return r;
  }

  // ------------------------------------------------------------------ differentiable forms

  /** The variational parameters as differentiable leaves, and the draws' map eps -&gt; u. */
  final class Leaves {
    final Var mu;
    final Var omega;
    final Var w; // null for mean-field
    private final Var scale;
    private final Var lower; // strictly-lower(W), null for mean-field

    Leaves() {
      mu = Var.param(Arrays.copyOf(lambda, d), d);
      omega = Var.param(Arrays.copyOfRange(lambda, d, 2 * d), d);
      scale = omega.exp();
      if (fullRank) {
        w = Var.param(Arrays.copyOfRange(lambda, 2 * d, lambda.length), d, d);
        double[] mask = new double[d * d];
        for (int i = 0; i < d; i++) {
          for (int j = 0; j < i; j++) {
            mask[i * d + j] = 1.0;
          }
        }
        lower = w.mul(Var.constant(mask, d, d));
      } else {
        w = null;
        lower = null;
      }
    }

    /** u = mu + L eps, differentiable in lambda. */
    Var draw(double[] eps) {
      Var e = Var.constant(eps, d);
      Var ue = fullRank ? lower.matmul(e.reshape(d, 1)).reshape(d).add(e) : e;
      return ue.mul(scale).add(mu);
    }

    /** H[q] as a function of omega. */
    Var entropy() {
      return omega.sum().add(0.5 * d * (1 + LOG_2PI));
    }

    /** The gradient of {@code objective} with respect to lambda, in lambda's layout. */
    double[] gradient(io.github.jvi.core.autodiff.Gradients g) {
      double[] out = new double[lambda.length];
      copy(g, mu, out, 0);
      copy(g, omega, out, d);
      if (fullRank) {
        copy(g, w, out, 2 * d);
      }
      return out;
    }

    private void copy(io.github.jvi.core.autodiff.Gradients g, Var leaf, double[] out, int at) {
      if (!g.contains(leaf)) {
        return; // the objective does not depend on it: zero
      }
      double[] v = g.getDoubles(leaf);
      System.arraycopy(v, 0, out, at, v.length);
    }
  }

  /**
   * log q(u) with q's parameters held constant (stopped gradients) and u differentiable: the
   * term that sticking the landing subtracts (Roeder, Wu &amp; Duvenaud 2017).
   */
  Var logDensityStopped(Var u) {
    Var centred = u.sub(stoppedMean());
    Var r = fullRank ? stoppedInverseFactor().matmul(centred.reshape(d, 1)) : centred.mul(stoppedInverseScale());
    return r.square().sum().mul(-0.5).sub(entropy() - 0.5 * d);
  }

  private Var stoppedMean;
  private Var stoppedInverse; // L^-1 ([d, d]) for full-rank, 1 / diag(L) ([d]) for mean-field

  /** mu as a constant, made once per approximation (STL reads it for every draw). */
  private Var stoppedMean() {
    if (stoppedMean == null) {
      stoppedMean = Var.constant(Arrays.copyOf(lambda, d), d);
    }
    return stoppedMean;
  }

  /** L^-1 as a constant [d, d] (core's triangular inverse), made once per approximation. */
  private Var stoppedInverseFactor() {
    if (stoppedInverse == null) {
      double[][] inv = io.github.jvi.core.linalg.Cholesky.lowerInverse(l);
      double[] flat = new double[d * d];
      for (int i = 0; i < d; i++) {
        System.arraycopy(inv[i], 0, flat, i * d, d);
      }
      stoppedInverse = Var.constant(flat, d, d);
    }
    return stoppedInverse;
  }

  /** 1 / diag(L) = exp(-omega) as a constant [d], made once per approximation. */
  private Var stoppedInverseScale() {
    if (stoppedInverse == null) {
      double[] inv = new double[d];
      for (int i = 0; i < d; i++) {
        inv[i] = 1 / l[i][i];
      }
      stoppedInverse = Var.constant(inv, d);
    }
    return stoppedInverse;
  }

  @Override
  public String toString() {
    return (fullRank ? "FullRank" : "MeanField") + "Gaussian(mu=" + Arrays.toString(mean()) + ", sd="
        + Arrays.toString(sd()) + ")";
  }
}
