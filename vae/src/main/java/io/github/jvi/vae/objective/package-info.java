/**
 * Training objectives for VAEs as pluggable {@link io.github.jvi.vae.objective.Objective}s: the
 * evidence lower bound with an optional beta weight on its KL term
 * ({@link io.github.jvi.vae.objective.Elbo}), and the importance-weighted bound used to estimate
 * log-likelihoods ({@link io.github.jvi.vae.objective.Iwelbo}).
 */
package io.github.jvi.vae.objective;
