package io.github.jvi.vae.model;

import io.github.jvi.core.autodiff.Var;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Row operations shared by the posteriors. */
final class Rows {
  private Rows() {}

  /**
   * A [n, d] value stacked k times along the rows, [k n, d] in the order (copy 1 of every row,
   * copy 2, ...), as one op: the gradient sums the k copies' gradients.
   */
  static Var tile(Var v, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, found " + k);
    }
    if (k == 1) {
      return v;
    }
    INDArray val = v.value();
    long n = val.size(0);
    long d = val.size(1);
    INDArray out = Nd4j.tile(val, k, 1);
    return Var.op(out, g -> new INDArray[] {g.reshape('c', k, n, d).sum(0)}, v);
  }
}
