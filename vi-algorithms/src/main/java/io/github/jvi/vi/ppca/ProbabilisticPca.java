package io.github.jvi.vi.ppca;

import io.github.jvi.core.linalg.Cholesky;
import io.github.jvi.core.util.Check;
import java.util.Arrays;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Probabilistic PCA by closed-form maximum likelihood (Tipping &amp; Bishop 1999, "Probabilistic
 * principal component analysis", JRSS B 61, sec. 3.2): x = W z + b + eps, z ~ N(0, I_M),
 * eps ~ N(0, sigma^2 I_D), so x ~ N(b, C) with C = W W^T + sigma^2 I.
 *
 * <pre>
 * b = mean of x,   S = (1/N) sum_n (x_n - b)(x_n - b)^T = U diag(l_1 &gt;= ... &gt;= l_D) U^T
 * sigma^2 = (1/(D - M)) sum_{j &gt; M} l_j          (the average discarded variance)
 * W = U_M (diag(l_1..l_M) - sigma^2 I)^(1/2)       (up to a rotation R, here R = I)
 * log p(X) = -N/2 (D log(2 pi) + log|C| + tr(C^-1 S_b)),  S_b = S + (mean - b)(mean - b)^T
 * </pre>
 * The eigendecomposition is Hipparchus' symmetric one; each column of W is signed so that its
 * largest-magnitude entry is positive (the likelihood does not see the sign).
 */
public final class ProbabilisticPca {
  private static final double LOG_2PI = Math.log(2 * Math.PI);

  private ProbabilisticPca() {}

  /**
   * A fit.
   *
   * @param mean b, [D]
   * @param w W, [D, M]
   * @param sigma2 sigma^2
   * @param logLikelihood log p(X | b, W, sigma^2)
   * @param eigenvalues l_1 &gt;= ... &gt;= l_D of S
   */
  public record Fit(INDArray mean, INDArray w, double sigma2, double logLikelihood, double[] eigenvalues) {}

  /** The maximum-likelihood PPCA of data x [N, D] (finite, N &gt;= 2) with 1 &lt;= M &lt; D. */
  public static Fit fit(INDArray data, int m) {
    INDArray x = checkData(data);
    int n = (int) x.size(0);
    int d = (int) x.size(1);
    if (m < 1 || m >= d) {
      throw new IllegalArgumentException("m must be in [1, " + (d - 1) + "] for data of dimension " + d
          + ", found " + m);
    }
    INDArray mean = x.mean(0);
    INDArray xc = x.subRowVector(mean);
    double[][] s = xc.transpose().mmul(xc).divi(n).toDoubleMatrix();
    EigenDecompositionSymmetric eig = new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(s));
    double[] values = eig.getEigenvalues();
    Integer[] order = new Integer[d];
    for (int i = 0; i < d; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
    double[] sorted = new double[d];
    for (int i = 0; i < d; i++) {
      sorted[i] = values[order[i]];
    }
    double sigma2 = 0;
    for (int j = m; j < d; j++) {
      sigma2 += sorted[j];
    }
    sigma2 /= d - m;
    if (!(sigma2 > 1e-12 * Math.max(sorted[0], Double.MIN_NORMAL))) {
      throw new IllegalArgumentException("the data lie in a subspace of dimension <= " + m
          + " (the discarded variance sigma^2 is " + sigma2 + "); use a smaller m");
    }
    double[][] w = new double[d][m];
    for (int j = 0; j < m; j++) {
      double[] u = eig.getEigenvector(order[j]).toArray();
      int big = 0;
      for (int i = 1; i < d; i++) {
        if (Math.abs(u[i]) > Math.abs(u[big])) {
          big = i;
        }
      }
      double scale = Math.sqrt(Math.max(sorted[j] - sigma2, 0)) * Math.signum(u[big]);
      for (int i = 0; i < d; i++) {
        w[i][j] = u[i] * scale;
      }
    }
    INDArray wArr = Nd4j.create(w);
    return new Fit(mean.reshape(d), wArr, sigma2, logLikelihood(x, mean, wArr, sigma2), sorted);
  }

  /** log p(X | b, W, sigma^2) for any parameters (b [D], W [D, M], sigma^2 &gt; 0). */
  public static double logLikelihood(INDArray data, INDArray b, INDArray w, double sigma2) {
    INDArray x = checkData(data);
    int n = (int) x.size(0);
    int d = (int) x.size(1);
    Check.positive("sigma2", sigma2);
    Check.shape(b.length() == d, "b", d + " elements", b.shape());
    Check.shape(w.rank() == 2 && w.size(0) == d, "W", "shape [" + d + ", M]", w.shape());
    INDArray xc = x.subRowVector(b.reshape(1, d).castTo(DataType.DOUBLE));
    double[][] sb = xc.transpose().mmul(xc).divi(n).toDoubleMatrix();
    INDArray wd = w.castTo(DataType.DOUBLE);
    double[][] c = wd.mmul(wd.transpose()).toDoubleMatrix();
    for (int i = 0; i < d; i++) {
      c[i][i] += sigma2;
    }
    double[][] l = Cholesky.factor(c, "W W^T + sigma2 I");
    double logDet = Cholesky.logDet(l);
    double[][] cInv = Cholesky.inverse(l);
    double trace = 0; // tr(C^-1 S)
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        trace += cInv[i][j] * sb[j][i];
      }
    }
    return -0.5 * n * (d * LOG_2PI + logDet + trace);
  }

  private static INDArray checkData(INDArray x) {
    if (x == null || x.rank() != 2 || x.size(0) < 2) {
      throw new IllegalArgumentException("data must be an [N, D] array with N >= 2, found "
          + (x == null ? "null" : Arrays.toString(x.shape())));
    }
    Check.finite("data", x);
    return x.castTo(DataType.DOUBLE);
  }
}
