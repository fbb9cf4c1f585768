/**
 * Bijectors: smooth invertible maps from unconstrained reals to a constrained support, with the
 * log-determinant of their Jacobian, the vocabulary of a model's latent supports (Stan Reference
 * Manual, ch. "Constraint transforms"; TensorFlow Probability's {@code tfp.bijectors}).
 *
 * <p>A {@link io.github.jvi.core.bijector.Bijector} maps a vector u of
 * {@code unconstrainedSize()} reals to a constrained value x = T(u) of shape {@code shape()},
 * and returns log |det dT/du| alongside, so that a density p_X on the support becomes the density
 * p_U(u) = p_X(T(u)) |det J_T(u)| on R^d that ADVI fits a Gaussian to (Kucukelbir et al. 2017,
 * sec. 2.3). The families: {@link io.github.jvi.core.bijector.Identity} (real),
 * {@link io.github.jvi.core.bijector.Exp} (positive, lower or upper bound),
 * {@link io.github.jvi.core.bijector.Interval} (lower and upper bound, unit interval),
 * {@link io.github.jvi.core.bijector.Affine}, {@link io.github.jvi.core.bijector.Ordered},
 * {@link io.github.jvi.core.bijector.StickBreaking} (simplex),
 * {@link io.github.jvi.core.bijector.CorrCholesky} (Cholesky factor of a correlation matrix), and
 * {@link io.github.jvi.core.bijector.Chain} (composition).
 */
package io.github.jvi.core.bijector;
