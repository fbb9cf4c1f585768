/**
 * Training objectives for VAEs as pluggable {@link io.github.jvi.vae.objective.Objective}s: the
 * evidence lower bound with an optional beta weight on its KL term
 * ({@link io.github.jvi.vae.objective.Elbo}), the importance-weighted bound of Burda et al.
 * ({@link io.github.jvi.vae.objective.Iwae}, whose log-weights also serve the IWELBO evaluation),
 * and the choice of gradient estimator for both
 * ({@link io.github.jvi.vae.objective.GradientEstimator}: the total derivative or Roeder et al.'s
 * path derivative, "sticking the landing").
 */
package io.github.jvi.vae.objective;
