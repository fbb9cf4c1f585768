/**
 * Course figures of vi-algorithms, one {@link io.github.jvi.core.plot.Figure} service (rendered by
 * {@code jvi reproduce}) with its own {@code main} per figure: CAVI ELBO traces, the mean-field
 * posterior of the Normal-Gamma model against the exact one, mixture and earthquake clusters
 * coloured by responsibility; BBVI on the Normal-Gamma model (ELBO, moments, gradient variance),
 * GD against NGD for the Gamma MLE, inclusive against exclusive KL, EM's F and log-likelihood.
 */
package io.github.jvi.vi.figures;
