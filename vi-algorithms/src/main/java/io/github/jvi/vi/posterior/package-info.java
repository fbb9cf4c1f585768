/**
 * Results of approximate inference on a {@link io.github.jvi.core.model.Model}: draws from the
 * fitted approximation in the constrained space, their summaries (mean, sd, 5/50/95% quantiles),
 * CSV export, and the Pareto k-hat of the importance weights (whether to trust the fit).
 */
package io.github.jvi.vi.posterior;
