package io.github.jvi.vae.model;

import io.github.jvi.core.autodiff.Var;

/** How an encoder's output parameterises q(z|x): its width and the distribution it defines. */
public interface PosteriorFamily {
  /** The encoder output width for latent width d. */
  int encoderOutputs(int latentDim);

  /** q(z|x) from the encoder output [n, encoderOutputs]. */
  Posterior posterior(Var encoderOutput);
}
