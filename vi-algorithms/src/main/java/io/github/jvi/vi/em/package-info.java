/**
 * The EM algorithm for Gaussian mixtures as coordinate ascent on the free energy F(theta, q)
 * (Neal &amp; Hinton 1998): {@link io.github.jvi.vi.em.GaussianMixtureEm}, with F and
 * log p(x | theta) recorded after every half-step.
 */
package io.github.jvi.vi.em;
