/**
 * Variational objectives as Monte Carlo estimators: the evidence lower bound
 * ({@link io.github.jvi.core.objective.Elbo}) and the importance-weighted bound
 * ({@link io.github.jvi.core.objective.Iwelbo}, Burda, Grosse &amp; Salakhutdinov 2015).
 */
package io.github.jvi.core.objective;
