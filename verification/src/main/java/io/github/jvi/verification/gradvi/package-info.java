/**
 * Verification of the gradient-based VI algorithms of vi-algorithms: BBVI's estimators
 * (expected score zero, unbiasedness, variance reduction, convergence to the CAVI optimum), the
 * Gamma Fisher information and natural-gradient descent, inclusive and exclusive KL fits, EM as
 * coordinate ascent, probabilistic PCA; the score-function surrogate of core's ELBO and Monte Carlo
 * KL for families that are not reparameterised.
 */
package io.github.jvi.verification.gradvi;
