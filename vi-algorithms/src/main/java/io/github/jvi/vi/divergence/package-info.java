/**
 * Fitting a Gaussian to a Gaussian mixture by the two KL divergences: {@link
 * io.github.jvi.vi.divergence.InclusiveKl} (KL(p || q), minimised by moment matching in closed
 * form) and {@link io.github.jvi.vi.divergence.ExclusiveKl} (KL(q || p), minimised by gradient
 * descent on deterministic quadrature from several starts, one local minimum per mode); the
 * target {@link io.github.jvi.vi.divergence.GaussianMixture1d} and the quadrature rule {@link
 * io.github.jvi.vi.divergence.GaussianQuadrature}.
 */
package io.github.jvi.vi.divergence;
