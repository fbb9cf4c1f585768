package io.github.jvi.vae.model;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.ContinuousBernoulli;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.data.Pixels;
import io.github.jvi.vae.nn.Params;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Independent continuous Bernoulli pixels on [0, 1] (Loaiza-Ganem &amp; Cunningham 2019) with logits
 * l from the decoder: log p(x|z) = sum_j x_j l_j - softplus(l_j) + log C(l_j), with
 * log C(l) = log(l / tanh(l/2)); density, mean and inverse-CDF sampling are the core
 * {@link ContinuousBernoulli#ofLogits(Var)}'s (series near l = 0, stable forms elsewhere).
 */
public final class ContinuousBernoulliLikelihood implements Likelihood {
  private static final ContinuousBernoulliLikelihood INSTANCE = new ContinuousBernoulliLikelihood();

  private ContinuousBernoulliLikelihood() {}

  /** The continuous Bernoulli likelihood (stateless). */
  public static ContinuousBernoulliLikelihood of() {
    return INSTANCE;
  }

  @Override
  public int decoderOutputs(int pixels) {
    return pixels;
  }

  @Override
  public Pixels pixels() {
    return Pixels.CONTINUOUS;
  }

  @Override
  public Var logProb(Params p, Var logits, INDArray x) {
    return ContinuousBernoulli.ofLogits(logits).logProb(Var.constant(x)).sum(1);
  }

  @Override
  public INDArray mean(Params p, INDArray logits) {
    return ContinuousBernoulli.ofLogits(logits).mean().value();
  }

  @Override
  public INDArray sample(Params p, INDArray logits, Rng rng) {
    return ContinuousBernoulli.ofLogits(logits).sample(rng);
  }
}
