/**
 * Suites for ADVI and {@code jvi fit} (issue 10): conjugate oracles (normal mean with known
 * variance, Beta-Binomial, Gamma-Poisson, Bayesian linear regression with known noise; mean-field
 * and full-rank, STL and pathwise), the stochastic ELBO gradients' unbiasedness against the
 * closed-form ELBO gradient, and the command line's listing, errors and JSON schema.
 */
package io.github.jvi.verification.advi;
