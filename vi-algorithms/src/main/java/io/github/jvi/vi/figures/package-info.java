/**
 * The course figures of the vi-algorithms module, each a {@link io.github.jvi.core.plot.Figure}
 * service (rendered by {@code jvi reproduce}) with its own {@code main}: CAVI ELBO traces, the
 * mean-field posterior of the Normal-Gamma model against the exact one, and mixture clusters
 * coloured by responsibility.
 */
package io.github.jvi.vi.figures;
