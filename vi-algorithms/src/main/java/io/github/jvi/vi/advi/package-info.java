/**
 * Automatic differentiation variational inference (ADVI; Kucukelbir, Tran, Ranganath, Gelman &amp;
 * Blei 2017, JMLR 18(14)) on any {@link io.github.jvi.core.model.Model}: a Gaussian, mean-field or
 * full-rank, fitted in the unconstrained space by stochastic gradient ascent on the ELBO with
 * reparameterised (or sticking-the-landing) gradients, Stan's adaptive step-size sequence or Adam,
 * and Stan's relative-ELBO stopping rule.
 */
package io.github.jvi.vi.advi;
