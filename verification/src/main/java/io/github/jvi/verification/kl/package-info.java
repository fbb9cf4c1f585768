/**
 * Verification of the KL registry and of {@code jvi kl}: closed forms against independent
 * references (quadrature, exact sums, Commons Math linear algebra), against Monte Carlo, and the
 * divergence's defining properties (non-negativity, KL(p || p) = 0, joint convexity).
 */
package io.github.jvi.verification.kl;
