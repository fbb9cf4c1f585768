package io.github.jvi.core.bijector;

import io.github.jvi.core.autodiff.Var;
import java.util.ArrayList;
import java.util.List;

/**
 * Stan's stick-breaking transform from R^{K-1} onto the simplex {x : x_k &gt; 0, sum_k x_k = 1}
 * (Stan Reference Manual, "Unit simplex"), the offsets log(K - k) centring u = 0 on the uniform
 * point (1/K, ..., 1/K):
 * <pre>
 * z_k = sigmoid(u_k - log(K - k)),   x_k = s_k z_k,   s_1 = 1,   s_{k+1} = s_k (1 - z_k),   x_K = s_K
 * log |det J| = sum_{k&lt;K} [log s_k + log z_k + log(1 - z_k)]
 * </pre>
 * (k 1-based). The remaining stick s_k is carried as a logarithm (log s_{k+1} = log s_k +
 * log sigmoid(-(u_k - log(K - k)))), so small components keep their relative accuracy.
 * The Jacobian is with respect to the first K - 1 coordinates, the density convention of Stan's
 * Dirichlet.
 */
public final class StickBreaking implements Bijector {
  private final int k;

  private StickBreaking(int k) {
    this.k = k;
  }

  /** The simplex of dimension k &gt;= 2 (k components, k - 1 unconstrained reals). */
  public static StickBreaking of(int k) {
    return new StickBreaking(Checks.size("k", k, 2));
  }

  @Override
  public int unconstrainedSize() {
    return k - 1;
  }

  @Override
  public long[] shape() {
    return new long[] {k};
  }

  @Override
  public Transformed forward(Var u) {
    Checks.vector(u, k - 1);
    List<Var> x = new ArrayList<>(k);
    Var logStick = null; // log s_k; null stands for log 1 = 0
    Var logDet = null;
    for (int i = 0; i < k - 1; i++) {
      Var adj = Checks.at(u, i).sub(Math.log(k - 1 - i));
      Var logZ = adj.logSigmoid();
      Var log1mZ = adj.neg().logSigmoid();
      Var term = logZ.add(log1mZ);
      Var logX = logZ;
      if (logStick != null) {
        term = term.add(logStick);
        logX = logX.add(logStick);
      }
      x.add(logX.exp());
      logDet = logDet == null ? term : logDet.add(term);
      logStick = logStick == null ? log1mZ : logStick.add(log1mZ);
    }
    x.add(logStick.exp());
    return new Transformed(Checks.stack(x), logDet);
  }

  @Override
  public double[] inverse(double[] x) {
    Checks.length("x", x, k);
    if (!inSupport(x)) {
      throw Checks.outside("the simplex", x);
    }
    double[] u = new double[k - 1];
    double stick = 1.0;
    for (int i = 0; i < k - 1; i++) {
      double z = x[i] / stick;
      u[i] = Math.log(z) - Math.log1p(-z) + Math.log(k - 1 - i);
      stick -= x[i];
    }
    return u;
  }

  @Override
  public boolean inSupport(double[] x) {
    if (x.length != k) {
      return false;
    }
    double sum = 0;
    for (double v : x) {
      if (!(v > 0) || !Double.isFinite(v)) {
        return false;
      }
      sum += v;
    }
    return Math.abs(sum - 1.0) <= 1e-8 * k;
  }

  @Override
  public String toString() {
    return "StickBreaking(" + k + ")";
  }
}
