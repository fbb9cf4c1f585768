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

  /**
   * The KL term [n] that the ELBO subtracts, given the reparameterised draw z [n, d] of q: the
   * closed form of {@link #closedFormKl} where it exists, else the single-sample estimate
   * log q(z|x) - log p(z). Priors of structured latents (hierarchical, mixture with an inferred
   * component) override it with their partly analytic terms; its expectation over z is
   * KL(q || p) in every case.
   */
  default Var klTerm(Params p, Posterior q, Var z) {
    Var kl = closedFormKl(p, q);
    return kl != null ? kl : q.logProb(z).sub(logProb(p, z));
  }

  /**
   * The KL term for the path-derivative gradient ("sticking the landing", Roeder, Wu &amp;
   * Duvenaud 2017): log q(z|x) with q's parameters detached, minus log p(z), at the draw z [n, d]
   * whose reparameterisation path is kept. Its value is the single-sample estimate of KL(q || p);
   * its gradient lacks the score term, whose expectation is zero.
   */
  default Var klTermPathwise(Params p, Posterior q, Var z) {
    return q.detach().logProb(z).sub(logProb(p, z));
  }
}
