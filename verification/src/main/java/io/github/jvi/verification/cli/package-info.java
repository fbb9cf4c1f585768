/**
 * The {@code jvi} command: the root ({@link io.github.jvi.verification.cli.Jvi}) that collects
 * every module's commands through {@link io.github.jvi.core.cli.CommandProvider}, and the
 * {@code verify} and {@code reproduce} commands.
 */
package io.github.jvi.verification.cli;
