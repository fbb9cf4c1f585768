package io.github.jvi.core.bijector;

import io.github.jvi.core.autodiff.Var;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Stan's ordered-vector transform onto x_1 &lt; x_2 &lt; ... &lt; x_K:
 * <pre>
 * x_1 = u_1,   x_k = x_{k-1} + exp(u_k)  (k &gt;= 2),   log |det J| = sum_{k&gt;=2} u_k
 * u_1 = x_1,   u_k = log(x_k - x_{k-1})
 * </pre>
 * The cumulative sum is one product with the lower-triangular matrix of ones.
 */
public final class Ordered implements Bijector {
  private final int k;
  private final Var cumsum;

  private Ordered(int k) {
    this.k = k;
    double[][] ones = new double[k][k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j <= i; j++) {
        ones[i][j] = 1.0;
      }
    }
    this.cumsum = Var.constant(Nd4j.createFromArray(ones).castTo(DataType.DOUBLE));
  }

  /** Ordered vectors of length k &gt;= 1. */
  public static Ordered of(int k) {
    return new Ordered(Checks.size("k", k, 1));
  }

  @Override
  public int unconstrainedSize() {
    return k;
  }

  @Override
  public long[] shape() {
    return new long[] {k};
  }

  @Override
  public Transformed forward(Var u) {
    Checks.vector(u, k);
    if (k == 1) {
      return new Transformed(u, u.sum().mul(0.0));
    }
    Var head = Checks.slice(u, 0, 1);
    Var tail = Checks.slice(u, 1, k);
    Var steps = Var.concat(0, head, tail.exp());
    Var x = cumsum.matmul(steps.reshape(k, 1)).reshape(k);
    return new Transformed(x, tail.sum());
  }

  @Override
  public double[] inverse(double[] x) {
    Checks.length("x", x, k);
    if (!inSupport(x)) {
      throw Checks.outside("the ordered vectors", x);
    }
    double[] u = new double[k];
    u[0] = x[0];
    for (int i = 1; i < k; i++) {
      u[i] = Math.log(x[i] - x[i - 1]);
    }
    return u;
  }

  @Override
  public boolean inSupport(double[] x) {
    if (x.length != k || !Double.isFinite(x[0])) {
      return false;
    }
    for (int i = 1; i < k; i++) {
      if (!(x[i] > x[i - 1]) || !Double.isFinite(x[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "Ordered(" + k + ")";
  }
}
