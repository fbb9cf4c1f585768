/**
 * Evaluation of trained VAEs: the test-set ELBO with its reconstruction and KL terms, the
 * importance-weighted bound IWELBO_K as a log-likelihood estimate
 * ({@link io.github.jvi.vae.eval.Evaluator}), image grids of samples and means of p(x|z) for
 * z from the prior, and the aggregate posterior of a labelled set projected to two dimensions by
 * PCA ({@link io.github.jvi.vae.eval.Plots}).
 */
package io.github.jvi.vae.eval;
