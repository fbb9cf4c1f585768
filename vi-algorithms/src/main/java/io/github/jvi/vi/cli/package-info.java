/**
 * Command-line commands of the vi-algorithms module, contributed to the {@code jvi} command through
 * {@link io.github.jvi.core.cli.CommandProvider} services: {@code jvi cavi ...} (fit a CAVI model
 * to a data file), {@code jvi simulate ...} (draw a data set from a model) and
 * {@code jvi bench cavi-gmm} (seconds per CAVI iteration of the Bayesian GMM); and, from
 * {@link io.github.jvi.vi.cli.GradientViCommands} and its bench and simulate siblings,
 * {@code jvi bbvi normal-gamma}, {@code jvi ngd gamma}, {@code jvi klfit}, {@code jvi em},
 * {@code jvi ppca}, {@code jvi bench bbvi} and {@code jvi simulate gamma}.
 */
package io.github.jvi.vi.cli;
