/**
 * The command-line extension points. Each module contributes picocli commands through
 * {@link io.github.jvi.core.cli.CommandProvider} (a {@link java.util.ServiceLoader} service), and
 * {@link io.github.jvi.core.cli.Cli} holds what every command shares: the backend line, JSON
 * output, and turning errors into one clear message and a non-zero exit status.
 */
package io.github.jvi.core.cli;
