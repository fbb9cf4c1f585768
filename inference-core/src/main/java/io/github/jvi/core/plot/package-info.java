/**
 * Figures: the {@link io.github.jvi.core.plot.Figure} service that {@code jvi reproduce} runs, and
 * thin helpers over XChart ({@link io.github.jvi.core.plot.Charts}) that style charts alike and
 * write PNG files atomically, plus image grids for samples.
 */
package io.github.jvi.core.plot;
