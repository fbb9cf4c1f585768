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
 */
package io.github.jvi.core.distribution;
