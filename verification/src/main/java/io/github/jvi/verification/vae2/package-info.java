/**
 * Property suites for the VAE estimators and latent structures of issue 6: IWELBO_K non-decreasing
 * in K and below the exact evidence of a linear-Gaussian model; the sticking-the-landing gradient
 * (zero at the exact posterior for every draw, unbiased like the standard one against the exact
 * ELBO gradient, and equal to the total gradient minus the score term by finite differences);
 * float64 gradient checks of every new objective and latent; the layout of the VAE's
 * Gumbel-Softmax draws.
 */
package io.github.jvi.verification.vae2;
