/**
 * Batched, differentiable probability distributions over ND4J arrays.
 *
 * <p>Shapes follow PyTorch's {@code torch.distributions}: a distribution has a batch shape (a grid
 * of independent distributions) and an event shape (the shape of one draw). {@code sample(rng, s)}
 * returns an array of shape {@code s ++ batchShape ++ eventShape}; {@code logProb(x)} sums over
 * event dimensions and returns the broadcast of {@code x}'s leading dimensions with the batch
 * shape. Parameters are {@link io.github.jvi.core.autodiff.Var}s, so log-densities, reparameterised
 * samples ({@link io.github.jvi.core.distribution.Reparameterized}), means, entropies and KL terms
 * are differentiable in them.
 *
 * <p>The families ({@code R}: reparameterised, {@code EF}: an
 * {@link io.github.jvi.core.distribution.ExponentialFamily}; {@code KL}: a closed-form KL to
 * itself in {@link io.github.jvi.core.kl.Kl}):
 * <ul>
 *   <li>{@link io.github.jvi.core.distribution.Normal} (R, EF, KL): univariate, element-wise;
 *       a diagonal Gaussian through {@code Independent}.
 *   <li>{@link io.github.jvi.core.distribution.MultivariateNormal} (R, KL): full covariance through
 *       its Cholesky factor.
 *   <li>{@link io.github.jvi.core.distribution.Gamma} (R by implicit gradients, EF, KL):
 *       shape-rate and shape-scale factories.
 *   <li>{@link io.github.jvi.core.distribution.NormalGamma} (R): the conjugate prior of a normal's
 *       mean and precision.
 *   <li>{@link io.github.jvi.core.distribution.Poisson} (EF, KL).
 *   <li>{@link io.github.jvi.core.distribution.Categorical} (KL): from probabilities or logits.
 *   <li>{@link io.github.jvi.core.distribution.Bernoulli} (EF, KL): from probabilities or logits.
 *   <li>{@link io.github.jvi.core.distribution.ContinuousBernoulli} (R, KL): Loaiza-Ganem &amp;
 *       Cunningham (2019).
 *   <li>{@link io.github.jvi.core.distribution.Exponential} (R, EF, KL).
 *   <li>{@link io.github.jvi.core.distribution.Beta} (R, EF, KL).
 *   <li>{@link io.github.jvi.core.distribution.Dirichlet} (R, EF, KL).
 *   <li>{@link io.github.jvi.core.distribution.Cauchy} (R), {@link io.github.jvi.core.distribution.HalfCauchy}
 *       (R) and {@link io.github.jvi.core.distribution.StudentT} (R, the degrees of freedom by
 *       implicit gradients): heavy-tailed; undefined moments are NaN, infinite ones +infinity.
 *   <li>{@link io.github.jvi.core.distribution.HalfNormal} (R) and
 *       {@link io.github.jvi.core.distribution.LogNormal} (R): positive, log p = -infinity off the support.
 *   <li>{@link io.github.jvi.core.distribution.MixtureSameFamily}: finite mixtures of one family.
 *   <li>{@link io.github.jvi.core.distribution.RelaxedOneHotCategorical} (R): Gumbel-Softmax /
 *       Concrete, with a straight-through variant.
 *   <li>{@link io.github.jvi.core.distribution.Independent} (R when its base is; KL when its base
 *       pair has one): reinterprets batch dimensions as event dimensions.
 * </ul>
 *
 * <p>Specifications written like the factories ({@code Normal(loc=0,scale=1)}) are parsed by the
 * command line's {@code io.github.jvi.core.cli.Spec} and {@code io.github.jvi.core.cli.Distributions}
 * (used by {@code jvi kl}); the library itself has no text syntax.
 */
package io.github.jvi.core.distribution;
