package io.github.jvi.core.distribution;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The multivariate normal N(mu, Sigma) with full covariance Sigma = L L^T, L lower triangular with
 * a positive diagonal (the Cholesky factor, {@code scale_tril}). Event shape [d]; the batch shape
 * is that of {@code loc} without its last dimension, and all batch members share one covariance.
 *
 * <pre>
 * log p(x) = -|z|^2 / 2 - sum_i log L_ii - (d/2) log(2 pi),   z = L^-1 (x - mu)
 * H = (d/2)(1 + log 2 pi) + sum_i log L_ii
 * rsample = mu + L eps,  eps ~ N(0, I_d)
 * </pre>
 * Differentiable in x, mu and L (the triangular solve has the reverse rule gB = L^-T gX,
 * gL = -tril(gB X^T)); the covariance factory is differentiable in Sigma through the Cholesky
 * factorisation (Murray 2016). The factorisation and the triangular inverse are dense
 * double-precision O(d^3) loops: meant for d up to a few hundred.
 */
public final class MultivariateNormal implements Reparameterized {
  private static final double LOG_2PI = Math.log(2 * Math.PI);
  private final Var loc;
  private final Var scaleTril;
  private final int d;

  /** The covariance given to {@code of(loc, cov)}, or null (built from scale_tril). */
  private final Var givenCovariance;

  private MultivariateNormal(Var loc, Var scaleTril, Var givenCovariance) {
    this.loc = loc;
    this.scaleTril = scaleTril;
    this.givenCovariance = givenCovariance;
    this.d = (int) scaleTril.shape()[0];
  }

  /**
   * N(loc, cov): loc of shape {@code batchShape ++ [d]}, cov a [d, d] symmetric positive-definite
   * matrix (checked: finite, symmetric to a relative 1e-10, Cholesky pivots &gt; 0).
   */
  public static MultivariateNormal of(Var loc, Var cov) {
    int dim = checkLoc(loc);
    INDArray c = cov.value();
    Check.shape(c.rank() == 2 && c.size(0) == dim && c.size(1) == dim, "cov", "shape [" + dim + ", " + dim
        + "] to match loc", c.shape());
    Check.finite("cov", c);
    double[][] m = c.castTo(DataType.DOUBLE).toDoubleMatrix();
    for (int i = 0; i < dim; i++) {
      for (int j = 0; j < i; j++) {
        double tol = 1e-10 * Math.max(Math.abs(m[i][j]), Math.abs(m[j][i]));
        if (!(Math.abs(m[i][j] - m[j][i]) <= tol)) {
          throw new IllegalArgumentException("cov must be symmetric, found cov[" + i + "][" + j + "] = " + m[i][j]
              + " but cov[" + j + "][" + i + "] = " + m[j][i]);
        }
      }
    }
    if (Ops.choleskyOrNull(m) == null) {
      throw new IllegalArgumentException("cov must be positive definite (a Cholesky pivot is <= 0), found "
          + Arrays.deepToString(m));
    }
    return new MultivariateNormal(loc, Ops.cholesky(cov, "cov"), cov);
  }

  /** N(loc, cov) from arrays. */
  public static MultivariateNormal of(INDArray loc, INDArray cov) {
    return of(Var.constant(loc), Var.constant(cov));
  }

  /**
   * N(loc, L L^T) from the lower-triangular factor {@code scaleTril} [d, d]: finite, zero above the
   * diagonal, diagonal &gt; 0.
   */
  public static MultivariateNormal ofScaleTril(Var loc, Var scaleTril) {
    int dim = checkLoc(loc);
    INDArray l = scaleTril.value();
    Check.shape(l.rank() == 2 && l.size(0) == dim && l.size(1) == dim, "scale_tril", "shape [" + dim + ", "
        + dim + "] to match loc", l.shape());
    Check.finite("scale_tril", l);
    double[][] m = l.castTo(DataType.DOUBLE).toDoubleMatrix();
    for (int i = 0; i < dim; i++) {
      if (!(m[i][i] > 0)) {
        throw new IllegalArgumentException("scale_tril must have a diagonal > 0, found scale_tril[" + i + "]["
            + i + "] = " + m[i][i]);
      }
      for (int j = i + 1; j < dim; j++) {
        if (m[i][j] != 0) {
          throw new IllegalArgumentException("scale_tril must be lower triangular, found scale_tril[" + i + "]["
              + j + "] = " + m[i][j]);
        }
      }
    }
    return new MultivariateNormal(loc, scaleTril, null);
  }

  /** N(loc, L L^T) from arrays. */
  public static MultivariateNormal ofScaleTril(INDArray loc, INDArray scaleTril) {
    return ofScaleTril(Var.constant(loc), Var.constant(scaleTril));
  }

  private static int checkLoc(Var loc) {
    Check.rankAtLeast("loc", loc.value(), 1);
    Check.finite("loc", loc.value());
    long[] s = loc.shape();
    Check.shape(s[s.length - 1] >= 1, "loc", "a last dimension d >= 1", s);
    return (int) s[s.length - 1];
  }

  /** The mean mu, shape {@code batchShape ++ [d]}. */
  public Var loc() {
    return loc;
  }

  /** The Cholesky factor L [d, d]. */
  public Var scaleTril() {
    return scaleTril;
  }

  /**
   * G = L^-1 (Sigma_other - Sigma) L^-T in float64 from the two covariances as given to
   * {@code of(loc, cov)} (their difference taken before any factorisation, so G keeps its relative
   * accuracy when the covariances are nearly equal), or null when either distribution was built
   * from scale_tril. L is this distribution's Cholesky factor.
   */
  public double[][] whitenedCovarianceDifference(MultivariateNormal other) {
    if (givenCovariance == null || other.givenCovariance == null) {
      return null;
    }
    double[][] a = givenCovariance.value().castTo(DataType.DOUBLE).toDoubleMatrix();
    double[][] b = other.givenCovariance.value().castTo(DataType.DOUBLE).toDoubleMatrix();
    double[][] linv = Ops.lowerInverse(scaleTril.value().castTo(DataType.DOUBLE).toDoubleMatrix());
    int n = a.length;
    double[][] diff = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        diff[i][j] = b[i][j] - a[i][j];
      }
    }
    double[][] left = new double[n][n]; // L^-1 diff
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int k = 0; k <= i; k++) {
          s += linv[i][k] * diff[k][j];
        }
        left[i][j] = s;
      }
    }
    double[][] g = new double[n][n]; // (L^-1 diff) L^-T
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int k = 0; k <= j; k++) {
          s += left[i][k] * linv[j][k];
        }
        g[i][j] = s;
      }
    }
    return g;
  }

  /** L^-1 B for this distribution's scale_tril L and a [d, m] matrix B (differentiable in both). */
  public Var solveScaleTril(Var b) {
    return Ops.solveLower(scaleTril, b);
  }

  /** Sigma = L L^T [d, d] (shared by the batch). */
  public Var covariance() {
    return scaleTril.matmul(scaleTril.transpose());
  }

  /** sum_i log L_ii = log det(Sigma) / 2. */
  public Var halfLogDet() {
    return Ops.diagonal(scaleTril).log().sum();
  }

  /** |L^-1 (x - mu)|^2 for x of shape {@code [..., d]}, shape the leading dimensions. */
  public Var mahalanobis(Var x) {
    return mahalanobis(scaleTril, x.sub(loc));
  }

  /** tr(Sigma^-1 Sigma_other) = |L^-1 L_other|_F^2, differentiable in both factors. */
  public Var traceInverseCovarianceTimes(MultivariateNormal other) {
    return Ops.solveLower(scaleTril, other.scaleTril).square().sum();
  }

  /** |L^-1 v|^2 over the last dimension of v. */
  static Var mahalanobis(Var l, Var v) {
    long[] shape = v.shape();
    long dim = shape[shape.length - 1];
    long n = v.value().length() / dim;
    Var z = Ops.solveLower(l, v.reshape(n, dim).transpose()); // [d, n]
    return z.square().sum(0).reshape(Arrays.copyOf(shape, shape.length - 1));
  }

  @Override
  public Var logProb(Var x) {
    return mahalanobis(x).mul(-0.5).sub(halfLogDet()).sub(0.5 * d * LOG_2PI);
  }

  @Override
  public Var rsample(Rng rng, long... sampleShape) {
    long[] shape = Shapes.concat(Shapes.concat(sampleShape, batchShape()), new long[] {d});
    INDArray eps = rng.normal(dataType(), shape);
    long n = eps.length() / d;
    Var y = Var.constant(eps.reshape(n, d)).matmul(scaleTril.transpose()).reshape(shape);
    return y.add(loc);
  }

  @Override
  public Var mean() {
    return loc;
  }

  @Override
  public Var variance() {
    return Ops.broadcastTo(scaleTril.square().sum(1), loc.shape());
  }

  @Override
  public Var entropy() {
    Var h = halfLogDet().add(0.5 * d * (1 + LOG_2PI));
    return Ops.broadcastTo(h, batchShape());
  }

  @Override
  public long[] batchShape() {
    long[] s = loc.shape();
    return Arrays.copyOf(s, s.length - 1);
  }

  @Override
  public long[] eventShape() {
    return new long[] {d};
  }

  @Override
  public DataType dataType() {
    return loc.dataType();
  }

  /** The dimension d. */
  public int dimension() {
    return d;
  }

  @Override
  public String toString() {
    return "MultivariateNormal(loc=" + loc.value() + ", scale_tril=" + scaleTril.value() + ")";
  }
}
