package io.github.jvi.vae.objective;

import io.github.jvi.core.autodiff.Var;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An objective evaluated on a batch of n examples.
 *
 * @param loss the scalar to minimise (its gradient trains the model)
 * @param bound the lower bound on log p(x_i) per example [n] (for the beta-ELBO: the ELBO itself,
 *     beta = 1, so that bounds are comparable across beta)
 * @param reconstruction E_q[log p(x_i|z)] per example [n], or null where the objective has no such term
 * @param kl the KL term per example [n] (closed form or Monte Carlo), or null
 */
public record Estimate(Var loss, INDArray bound, INDArray reconstruction, INDArray kl) {}
