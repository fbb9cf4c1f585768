package io.github.jvi.core.distribution;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The multivariate normal N(mu, Sigma) with full covariance Sigma = L L^T, L lower triangular with
 * a positive diagonal (the Cholesky factor, {@code scale_tril}). Event shape [d]. The covariance
 * (or its factor) is one [d, d] matrix shared by the batch, or a batch of them, shape
 * {@code C ++ [d, d]}; the batch shape is the broadcast of {@code loc}'s without its last dimension
 * and C. A batch of covariances is what a mixture of full-covariance Gaussians needs:
 * {@code MixtureSameFamily.of(Categorical.ofProbs(w), MultivariateNormal.of(means [K, d], covs [K, d, d]))}.
 *
 * <pre>
 * log p(x) = -|z|^2 / 2 - sum_i log L_ii - (d/2) log(2 pi),   z = L^-1 (x - mu)
 * H = (d/2)(1 + log 2 pi) + sum_i log L_ii
 * rsample = mu + L eps,  eps ~ N(0, I_d)
 * </pre>
 * Differentiable in x, mu and L (the triangular solve has the reverse rule gB = L^-T gX,
 * gL = -tril(gB X^T)); the covariance factory is differentiable in Sigma through the Cholesky
 * factorisation (Murray 2016). The factorisation and the triangular inverse are dense
 * double-precision O(d^3) loops: meant for d up to a few hundred; a batch of factors costs one such
 * loop per member.
 */
public final class MultivariateNormal implements Reparameterized {
  private static final double LOG_2PI = Math.log(2 * Math.PI);
  private final Var loc;
  private final Var scaleTril;
  private final int d;
  /** The batch shape of the factors (C; empty when one factor is shared). */
  private final long[] factorBatch;

  /** The covariance given to {@code of(loc, cov)}, or null (built from scale_tril). */
  private final Var givenCovariance;

  private MultivariateNormal(Var loc, Var scaleTril, Var givenCovariance) {
    this.loc = loc;
    this.scaleTril = scaleTril;
    this.givenCovariance = givenCovariance;
    long[] s = scaleTril.shape();
    this.d = (int) s[s.length - 1];
    this.factorBatch = Arrays.copyOf(s, s.length - 2);
  }

  /**
   * N(loc, cov): loc of shape {@code batchShape ++ [d]}, cov a [d, d] symmetric positive-definite
   * matrix (checked: finite, symmetric to a relative 1e-10, Cholesky pivots &gt; 0), or a batch of
   * them, {@code C ++ [d, d]} with C broadcastable against loc's batch shape (each member checked).
   */
  public static MultivariateNormal of(Var loc, Var cov) {
    int dim = checkLoc(loc);
    INDArray c = cov.value();
    if (c.rank() > 2) {
      return ofBatch(loc, cov, dim);
    }
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

  /**
   * A batch of covariances, {@code C ++ [d, d]}: each member checked as in {@link #of(Var, Var)}
   * (the message names the member), factorised with the same differentiable rule.
   */
  private static MultivariateNormal ofBatch(Var loc, Var cov, int dim) {
    long[] cs = cov.shape();
    Check.shape(cs[cs.length - 1] == dim && cs[cs.length - 2] == dim, "cov", "shape C ++ [" + dim + ", " + dim
        + "] to match loc", cs);
    long[] batch = Arrays.copyOf(cs, cs.length - 2);
    Shapes.broadcastOrThrow("loc batch", Arrays.copyOf(loc.shape(), loc.shape().length - 1), "cov batch", batch);
    int m = (int) (cov.value().length() / ((long) dim * dim));
    Var flat = cov.reshape(m, dim, dim);
    Var[] factors = new Var[m];
    for (int i = 0; i < m; i++) {
      Var member = flat.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all());
      String name = "cov[" + i + "]";
      try {
        factors[i] = of(Var.constant(Nd4j.zeros(cov.dataType(), dim)), member).scaleTril().reshape(1, dim, dim);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(e.getMessage().replaceFirst("^cov", name), e);
      }
    }
    Var l = (m == 1 ? factors[0] : Var.concat(0, factors)).reshape(cs);
    return new MultivariateNormal(loc, l, null); // a batch: KL takes the factor form
  }

  /** N(loc, cov) from arrays. */
  public static MultivariateNormal of(INDArray loc, INDArray cov) {
    return of(Var.constant(loc), Var.constant(cov));
  }

  /**
   * N(loc, L L^T) from the lower-triangular factor {@code scaleTril} [d, d] (or a batch
   * {@code C ++ [d, d]}): finite, zero above the diagonal, diagonal &gt; 0.
   */
  public static MultivariateNormal ofScaleTril(Var loc, Var scaleTril) {
    int dim = checkLoc(loc);
    INDArray l = scaleTril.value();
    long[] ls = l.shape();
    Check.shape(l.rank() >= 2 && ls[ls.length - 1] == dim && ls[ls.length - 2] == dim, "scale_tril",
        "shape [" + dim + ", " + dim + "] (or C ++ [" + dim + ", " + dim + "] for a batch) to match loc", ls);
    Check.finite("scale_tril", l);
    if (l.rank() > 2) {
      Shapes.broadcastOrThrow("loc batch", Arrays.copyOf(loc.shape(), loc.shape().length - 1), "scale_tril batch",
          Arrays.copyOf(ls, ls.length - 2));
    }
    INDArray flat = l.castTo(DataType.DOUBLE).reshape('c', l.length() / ((long) dim * dim), dim, dim);
    for (int b = 0; b < flat.size(0); b++) {
      double[][] m = flat.get(NDArrayIndex.point(b), NDArrayIndex.all(), NDArrayIndex.all()).toDoubleMatrix();
      String at = l.rank() > 2 ? "member " + b + ", " : "";
      for (int i = 0; i < dim; i++) {
        if (!(m[i][i] > 0)) {
          throw new IllegalArgumentException("scale_tril must have a diagonal > 0, found " + at + "scale_tril[" + i
              + "][" + i + "] = " + m[i][i]);
        }
        for (int j = i + 1; j < dim; j++) {
          if (m[i][j] != 0) {
            throw new IllegalArgumentException("scale_tril must be lower triangular, found " + at + "scale_tril["
                + i + "][" + j + "] = " + m[i][j]);
          }
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

  /** The Cholesky factor L: [d, d], or C ++ [d, d] for a batch of covariances. */
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

  /** Whether the covariance is a batch ({@code C ++ [d, d]}) rather than one shared matrix. */
  public boolean batchedCovariance() {
    return factorBatch.length > 0;
  }

  /** Sigma = L L^T: [d, d] (shared by the batch), or C ++ [d, d]. */
  public Var covariance() {
    if (!batchedCovariance()) {
      return scaleTril.matmul(scaleTril.transpose());
    }
    long[] s = scaleTril.shape();
    int r = s.length;
    // Sigma_ij = sum_k L_ik L_jk: [.., d, 1, d] * [.., 1, d, d] summed over the last axis
    long[] a = Shapes.concat(factorBatch, new long[] {d, 1, d});
    long[] b = Shapes.concat(factorBatch, new long[] {1, d, d});
    return scaleTril.reshape(a).mul(scaleTril.reshape(b)).sum(r);
  }

  /** sum_i log L_ii = log det(Sigma) / 2: shape [], or C for a batch of covariances. */
  public Var halfLogDet() {
    if (!batchedCovariance()) {
      return Ops.diagonal(scaleTril).log().sum();
    }
    Var eye = Var.constant(Nd4j.eye(d).castTo(scaleTril.dataType()));
    Var diag = scaleTril.mul(eye).sum(scaleTril.rank() - 1); // C ++ [d]
    return diag.log().sum(diag.rank() - 1);
  }

  /** |L^-1 (x - mu)|^2 for x of shape {@code [..., d]}, shape the leading dimensions. */
  public Var mahalanobis(Var x) {
    if (!batchedCovariance()) {
      return mahalanobis(scaleTril, x.sub(loc));
    }
    Var v = x.sub(loc);
    long[] target = Shapes.broadcast(v.shape(), Shapes.concat(factorBatch, new long[] {d}));
    v = Ops.broadcastTo(v, target);
    int m = (int) members(factorBatch);
    long s = v.value().length() / ((long) m * d);
    Var vf = v.reshape(s, m, d);
    Var lf = scaleTril.reshape(m, d, d);
    Var[] parts = new Var[m];
    for (int i = 0; i < m; i++) {
      Var li = lf.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all());
      Var vi = vf.get(NDArrayIndex.all(), NDArrayIndex.point(i), NDArrayIndex.all()).reshape(s, d);
      parts[i] = mahalanobis(li, vi).reshape(s, 1);
    }
    Var q = m == 1 ? parts[0] : Var.concat(1, parts);
    return q.reshape(Arrays.copyOf(target, target.length - 1));
  }

  /**
   * tr(Sigma^-1 Sigma_other) = |L^-1 L_other|_F^2, differentiable in both factors: shape [] for
   * two shared covariances, else the broadcast of the two factor batches.
   */
  public Var traceInverseCovarianceTimes(MultivariateNormal other) {
    if (!batchedCovariance() && !other.batchedCovariance()) {
      return Ops.solveLower(scaleTril, other.scaleTril).square().sum();
    }
    long[] batch = Shapes.broadcast(factorBatch, other.factorBatch);
    long[] full = Shapes.concat(batch, new long[] {d, d});
    int m = (int) members(batch);
    Var a = Ops.broadcastTo(scaleTril, full).reshape(m, d, d);
    Var b = Ops.broadcastTo(other.scaleTril, full).reshape(m, d, d);
    Var[] parts = new Var[m];
    for (int i = 0; i < m; i++) {
      Var ai = a.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all());
      Var bi = b.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all());
      parts[i] = Ops.solveLower(ai, bi).square().sum().reshape(1);
    }
    return (m == 1 ? parts[0] : Var.concat(0, parts)).reshape(batch);
  }

  private static long members(long[] shape) {
    long m = 1;
    for (long v : shape) {
      m *= v;
    }
    return m;
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
    if (batchedCovariance()) {
      // y_i = sum_j L_ij eps_j per member: [.., 1, d] * C ++ [d, d] summed over the last axis
      long[] e1 = Shapes.concat(Shapes.concat(sampleShape, batchShape()), new long[] {1, d});
      Var y = Var.constant(eps.reshape(e1)).mul(scaleTril).sum(e1.length - 1);
      return y.add(loc);
    }
    long n = eps.length() / d;
    Var y = Var.constant(eps.reshape(n, d)).matmul(scaleTril.transpose()).reshape(shape);
    return y.add(loc);
  }

  @Override
  public Var mean() {
    return batchedCovariance() ? Ops.broadcastTo(loc, Shapes.concat(batchShape(), new long[] {d})) : loc;
  }

  @Override
  public Var variance() {
    Var v = scaleTril.square().sum(scaleTril.rank() - 1);
    return Ops.broadcastTo(v, Shapes.concat(batchShape(), new long[] {d}));
  }

  @Override
  public Var entropy() {
    Var h = halfLogDet().add(0.5 * d * (1 + LOG_2PI));
    return Ops.broadcastTo(h, batchShape());
  }

  @Override
  public long[] batchShape() {
    long[] s = loc.shape();
    long[] b = Arrays.copyOf(s, s.length - 1);
    return batchedCovariance() ? Shapes.broadcast(b, factorBatch) : b;
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
