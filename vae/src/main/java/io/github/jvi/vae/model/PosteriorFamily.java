package io.github.jvi.vae.model;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.vae.nn.Params;

/** How an encoder's output parameterises q(z|x): its width and the distribution it defines. */
public interface PosteriorFamily {
  /** The encoder output width for latent width d. */
  int encoderOutputs(int latentDim);

  /** q(z|x) from the encoder output [n, encoderOutputs]. */
  Posterior posterior(Var encoderOutput);

  /**
   * q(z|x) from the encoder output, for families whose posterior runs further networks on its own
   * draws (hierarchical and mixture latents) with the parameter values {@code p}; by default the
   * one-argument form.
   */
  default Posterior posterior(Params p, Var encoderOutput) {
    return posterior(encoderOutput);
  }
}
