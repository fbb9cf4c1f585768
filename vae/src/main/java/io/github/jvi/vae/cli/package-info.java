/**
 * The {@code jvi vae} commands, like the course's reference script ({@code train}, {@code sample},
 * {@code evaluate}, {@code posterior}), and {@code jvi bench vae}, contributed to the {@code jvi}
 * command through {@link io.github.jvi.core.cli.CommandProvider}.
 */
package io.github.jvi.vae.cli;
