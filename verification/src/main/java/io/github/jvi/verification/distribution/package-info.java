/**
 * Verification of the distributions: densities against Commons Math and normalised by quadrature,
 * entropies against numerical integration, sample moments against the closed-form mean and
 * variance, reparameterised gradients against finite differences, and the table of invalid
 * parameters every factory must reject.
 */
package io.github.jvi.verification.distribution;
