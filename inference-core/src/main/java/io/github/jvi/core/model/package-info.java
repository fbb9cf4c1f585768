/**
 * A user's probabilistic model: latent variables with supports, data, and a log joint written as
 * named factors.
 *
 * <p>A {@link io.github.jvi.core.model.Model} has latents, each with a
 * {@link io.github.jvi.core.model.Support} (real, positive, interval, simplex, ordered, Cholesky
 * factor of a correlation matrix, ...) that carries the {@link io.github.jvi.core.bijector.Bijector}
 * to unconstrained reals, and {@link io.github.jvi.core.model.Factor}s: terms of log p(x, z)
 * written with jvi's distributions on {@link io.github.jvi.core.autodiff.Var}s. Each factor names
 * the latents it touches (its Markov blanket, which Rao-Blackwellized estimators use) and whether
 * it is a sum over the rows of a {@link io.github.jvi.core.model.Data} table (which data
 * subsampling uses: a minibatch of B of the N rows, scaled by N / B, is an unbiased estimate).
 * Derived quantities (Stan's transformed parameters) are reported with the latents.
 *
 * <p>The model's density on the unconstrained space is
 * <pre>
 * log p(x, T(u)) + log |det J_T(u)| = sum_f log f(x, T(u)) + sum_latents log |det J|
 * </pre>
 * the target that ADVI, black-box VI and stochastic VI in {@code io.github.jvi.vi} fit.
 */
package io.github.jvi.core.model;
