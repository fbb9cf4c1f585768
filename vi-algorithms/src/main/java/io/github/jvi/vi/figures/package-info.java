/**
 * Course figures of vi-algorithms, one {@link io.github.jvi.core.plot.Figure} (with a main) per
 * figure, registered for {@code jvi reproduce}: BBVI on the Normal-Gamma model (ELBO, moments,
 * gradient variance), GD against NGD for the Gamma MLE, inclusive against exclusive KL, EM's F and
 * log-likelihood.
 */
package io.github.jvi.vi.figures;
