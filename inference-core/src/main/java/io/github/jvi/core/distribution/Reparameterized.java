package io.github.jvi.core.distribution;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A distribution whose draws are a differentiable function of the parameters and parameter-free
 * noise, x = g(theta, eps) (the reparameterisation trick: Kingma &amp; Welling 2014; Rezende et
 * al. 2014), so that d/d theta E[f(x)] = E[f'(g(theta, eps)) dg/d theta].
 */
public interface Reparameterized extends Distribution {
  /** Draws of shape {@code sampleShape ++ batchShape ++ eventShape}, differentiable in the parameters. */
  Var rsample(Rng rng, long... sampleShape);

  @Override
  default INDArray sample(Rng rng, long... sampleShape) {
    return rsample(rng, sampleShape).value();
  }
}
