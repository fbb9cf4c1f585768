package io.github.jvi.core.bijector;

import io.github.jvi.core.autodiff.Var;
import java.util.ArrayList;
import java.util.List;

/**
 * Stan's transform from R^{K(K-1)/2} onto Cholesky factors L of K x K correlation matrices (lower
 * triangular, positive diagonal, rows of unit length), through canonical partial correlations
 * z = tanh(u) (Stan Reference Manual, "Cholesky factors of correlation matrices"; Lewandowski,
 * Kurowicka &amp; Joe 2009):
 * <pre>
 * L_00 = 1;  for i &gt;= 1:  L_i0 = z_i0,  L_ij = z_ij sqrt(1 - sum_{j'&lt;j} L_ij'^2) (0 &lt; j &lt; i),
 *            L_ii = sqrt(1 - sum_{j&lt;i} L_ij^2)
 * log |det J| = sum_{i&gt;j} log(1 - z_ij^2) + sum_{i&gt;j&gt;0} (1/2) log(1 - sum_{j'&lt;j} L_ij'^2)
 * </pre>
 * u is read row by row over the strict lower triangle (u_0 = z_10, then z_20, z_21, ...), and the
 * Jacobian is with respect to those K(K-1)/2 free entries of L. The value is the K x K matrix L.
 *
 * <p>Numerics: 1 - sum_{j'&lt;j} L_ij'^2 = prod_{j'&lt;j} (1 - z_ij'^2), and log(1 - z^2) =
 * log 4 + log sigmoid(2u) + log sigmoid(-2u) exactly, so the scales are carried as sums of logs:
 * the diagonal stays positive and the log-Jacobian finite where tanh(u) rounds to +-1 (|u| &gt; 19).
 */
public final class CorrCholesky implements Bijector {
  private final int k;

  private CorrCholesky(int k) {
    this.k = k;
  }

  /** Cholesky factors of k x k correlation matrices, k &gt;= 2. */
  public static CorrCholesky of(int k) {
    return new CorrCholesky(Checks.size("k", k, 2));
  }

  @Override
  public int unconstrainedSize() {
    return k * (k - 1) / 2;
  }

  @Override
  public long[] shape() {
    return new long[] {k, k};
  }

  @Override
  public Transformed forward(Var u) {
    Checks.vector(u, unconstrainedSize());
    Var z = u.tanh();
    // log(1 - z^2) = log sech^2(u) = log 4 + log sigmoid(2u) + log sigmoid(-2u): finite where tanh rounds to +-1
    Var log1mZ2 = u.mul(2.0).logSigmoid().add(u.mul(-2.0).logSigmoid()).add(Math.log(4.0));
    Var logDet = log1mZ2.sum();
    Var zero = u.sum().mul(0.0);
    List<Var> entries = new ArrayList<>(k * k);
    entries.add(zero.add(1.0));
    for (int j = 1; j < k; j++) {
      entries.add(zero);
    }
    int next = 0;
    for (int i = 1; i < k; i++) {
      // log sqrt(1 - sum_{j'<j} L_ij'^2) = (1/2) sum_{j'<j} log(1 - z_ij'^2), carried as a sum of logs
      Var logRest = null;
      for (int j = 0; j < i; j++) {
        Var zij = Checks.at(z, next);
        Var lij;
        if (logRest == null) {
          lij = zij;
        } else {
          lij = zij.mul(logRest.exp());
          logDet = logDet.add(logRest);
        }
        entries.add(lij);
        Var half = Checks.at(log1mZ2, next).mul(0.5);
        logRest = logRest == null ? half : logRest.add(half);
        next++;
      }
      entries.add(logRest.exp());
      for (int j = i + 1; j < k; j++) {
        entries.add(zero);
      }
    }
    return new Transformed(Checks.stack(entries).reshape(k, k), logDet);
  }

  @Override
  public double[] inverse(double[] x) {
    Checks.length("x", x, k * k);
    if (!inSupport(x)) {
      throw Checks.outside("the Cholesky factors of correlation matrices", x);
    }
    double[] u = new double[unconstrainedSize()];
    int next = 0;
    for (int i = 1; i < k; i++) {
      double sumSq = 0;
      for (int j = 0; j < i; j++) {
        double lij = x[i * k + j];
        double zij = j == 0 ? lij : lij / Math.sqrt(1 - sumSq);
        u[next++] = 0.5 * (Math.log1p(zij) - Math.log1p(-zij));
        sumSq += lij * lij;
      }
    }
    return u;
  }

  @Override
  public boolean inSupport(double[] x) {
    if (x.length != k * k) {
      return false;
    }
    for (int i = 0; i < k; i++) {
      double norm = 0;
      for (int j = 0; j < k; j++) {
        double v = x[i * k + j];
        if (!Double.isFinite(v) || (j > i && v != 0.0)) {
          return false;
        }
        norm += v * v;
      }
      if (!(x[i * k + i] > 0) || Math.abs(norm - 1.0) > 1e-8) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "CorrCholesky(" + k + ")";
  }
}
