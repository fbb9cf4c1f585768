package io.github.jvi.vae.model;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.Bernoulli;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.data.Pixels;
import io.github.jvi.vae.nn.Params;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Independent Bernoulli pixels with logits l from the decoder:
 * log p(x|z) = sum_j x_j l_j - softplus(l_j), computed by the core
 * {@link Bernoulli#sumLogProbOfLogits(Var, Var)} (one fused node for the sum over pixels, softplus
 * in the stable form max(l, 0) + log(1 + exp(-|l|)), gradient (x - sigmoid(l)) g): accurate to
 * the type's epsilon per pixel in absolute terms, which is what a sum over pixels can resolve.
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
    // unvalidated: NaN logits give a NaN loss, which the trainer's guard reports; summed in one node
    return Bernoulli.sumLogProbOfLogits(Var.constant(x), logits);
  }

  @Override
  public INDArray mean(Params p, INDArray logits) {
    return Transforms.sigmoid(logits, true);
  }

  @Override
  public INDArray sample(Params p, INDArray logits, Rng rng) {
    return Bernoulli.ofLogits(logits).sample(rng);
  }
}
