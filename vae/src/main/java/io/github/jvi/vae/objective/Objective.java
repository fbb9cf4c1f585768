package io.github.jvi.vae.objective;

import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.model.Vae;
import io.github.jvi.vae.nn.Params;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A stochastic training objective for a {@link Vae}: a Monte Carlo estimate, on a batch, of a bound
 * on the log-likelihood and the loss whose gradient trains the model. Implementations decide how
 * latents are drawn and how the terms are weighted (ELBO, beta-ELBO, importance weighting,
 * gradient estimators).
 */
public interface Objective {
  /** A short name for files and logs, e.g. "elbo" or "beta-elbo(4)". */
  String name();

  /** The estimate on batch x [n, D] with parameters p; all draws come from {@code rng}. */
  Estimate estimate(Vae vae, Params p, INDArray x, Rng rng);
}
