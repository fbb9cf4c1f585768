/**
 * Natural-gradient descent for the Gamma distribution: {@link
 * io.github.jvi.vi.natgrad.GammaShapeScale} (shape alpha, scale beta as an exponential family,
 * the Fisher information in natural and in (alpha, beta) coordinates and its closed-form
 * inverse, a Marsaglia-Tsang sampler), {@link io.github.jvi.vi.natgrad.GammaNll} (the average
 * negative log-likelihood, its gradient and the exact MLE), and {@link
 * io.github.jvi.vi.natgrad.NaturalGradientDescent} (GD against NGD, Amari 1998).
 */
package io.github.jvi.vi.natgrad;
