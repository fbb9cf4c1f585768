package io.github.jvi.vae.model;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.special.Special;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.data.Pixels;
import io.github.jvi.vae.nn.Params;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Independent Bernoulli pixels with logits l from the decoder:
 * log p(x|z) = sum_j x_j l_j - softplus(l_j), softplus in the stable form
 * max(l, 0) + log1p(exp(-|l|)); the gradient with respect to l is x - sigmoid(l). One fused op
 * that returns the per-example sums.
 */
public final class BernoulliLikelihood implements Likelihood {
  private static final BernoulliLikelihood INSTANCE = new BernoulliLikelihood();

  private BernoulliLikelihood() {}

  /** The Bernoulli likelihood (stateless). */
  public static BernoulliLikelihood of() {
    return INSTANCE;
  }

  @Override
  public int decoderOutputs(int pixels) {
    return pixels;
  }

  @Override
  public Pixels pixels() {
    return Pixels.BINARY;
  }

  @Override
  public Var logProb(Params p, Var logits, INDArray x) {
    return logProbSum(logits, x);
  }

  /** sum over columns of x l - softplus(l), [n, D] -&gt; [n], fused. */
  static Var logProbSum(Var logits, INDArray x) {
    INDArray l = logits.value();
    INDArray out = x.mul(l).subi(Special.softplus(l)).sum(1);
    return Var.op(out, g -> new INDArray[] {
        Transforms.sigmoid(l, true).rsubi(x).muliColumnVector(g.reshape(g.length(), 1))}, logits);
  }

  @Override
  public INDArray mean(Params p, INDArray logits) {
    return Transforms.sigmoid(logits, true);
  }

  @Override
  public INDArray sample(Params p, INDArray logits, Rng rng) {
    INDArray u = rng.uniform(logits.dataType(), logits.shape());
    return u.lt(Transforms.sigmoid(logits, true)).castTo(logits.dataType());
  }
}
