package io.github.jvi.vae.model;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;

/**
 * The approximate posterior q(z|x_i) for a batch of n examples, over latents z [n, d].
 * Implementations are reparameterised: {@link #rsample} is differentiable in the encoder output.
 */
public interface Posterior {
  /** Number of examples n. */
  long batchSize();

  /** Latent width d. */
  long latentDim();

  /** One draw per example, [n, d], differentiable in the posterior parameters. */
  Var rsample(Rng rng);

  /** log q(z_i|x_i) summed over latent dimensions, z [n, d] -&gt; [n]. */
  Var logProb(Var z);

  /** The posterior mean [n, d]. */
  Var mean();

  /**
   * The same distribution with its parameters cut from the graph (stop-gradient): log q under it
   * gives the path derivative only (Roeder, Wu &amp; Duvenaud 2017, "sticking the landing").
   */
  Posterior detach();

  /**
   * The posterior of each example repeated k times, as a batch of k n examples in the order
   * (copy 1 of every example, copy 2 of every example, ...): k samples per example in one batch.
   */
  Posterior repeat(int k);
}
