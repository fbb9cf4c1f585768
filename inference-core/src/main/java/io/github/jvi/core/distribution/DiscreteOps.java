package io.github.jvi.core.distribution;

import io.github.jvi.core.autodiff.Var;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Fused ops shared by the discrete families, with the convention 0 log 0 = 0.
 *
 * <p>Zero probabilities are legal parameters (a one-hot categorical, a Bernoulli with p = 0), so
 * log-probabilities of -inf appear. A plain product {@code 0 * -inf} is NaN; these ops define it as
 * 0 in the value and in the vector-Jacobian products (a NaN that arises only from 0 times an
 * infinity is replaced by 0; the inputs are validated, so no other NaN can arise).
 */
final class DiscreteOps {
  private DiscreteOps() {}

  /** Replaces NaN (from 0 * inf or 0 / 0) by 0, in place; returns its argument. */
  static INDArray zeroNaN(INDArray a) {
    BooleanIndexing.replaceWhere(a, 0.0, Conditions.isNan());
    return a;
  }

  /** a * b (broadcasting) with 0 * (+-inf) = 0; gradients g b and g a with the same convention. */
  static Var mulMasked(Var a, Var b) {
    INDArray av = a.value();
    INDArray bv = b.value();
    INDArray out = zeroNaN(av.mul(bv));
    return Var.op(out, g -> new INDArray[] {
        a.requiresGrad() ? zeroNaN(g.mul(bv)) : null,
        b.requiresGrad() ? zeroNaN(g.mul(av)) : null}, a, b);
  }

  /**
   * log p; the gradient g / p is 0 where g = 0 (so a zero probability that receives no gradient
   * does not produce 0 / 0).
   */
  static Var safeLog(Var p) {
    INDArray pv = p.value();
    return Var.op(Transforms.log(pv, true), g -> new INDArray[] {zeroNaN(g.div(pv))}, p);
  }
}
