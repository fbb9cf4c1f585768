/**
 * Probabilistic PCA by closed-form maximum likelihood (Tipping &amp; Bishop 1999):
 * {@link io.github.jvi.vi.ppca.ProbabilisticPca}.
 */
package io.github.jvi.vi.ppca;
