package io.github.jvi.vae.model;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.nn.Params;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The prior p(z) over latents z [n, d]. Learnable priors register their parameters with the
 * model's {@link io.github.jvi.vae.nn.Parameters} and read them from the {@link Params} given.
 */
public interface Prior {
  /** Latent width d. */
  int latentDim();

  /** log p(z) summed over latent dimensions, z [n, d] -&gt; [n]. */
  Var logProb(Params p, Var z);

  /** n independent draws [n, d] (no gradient). */
  INDArray sample(Params p, Rng rng, int n);

  /**
   * KL(q_i || p) for each example [n] in closed form, or null when this prior has none for this
   * posterior (the objective then uses the Monte Carlo estimate log q(z) - log p(z)).
   */
  default Var closedFormKl(Params p, Posterior q) {
    return null;
  }
}
