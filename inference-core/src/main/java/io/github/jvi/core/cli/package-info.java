/**
 * The command-line extension points. Each module contributes picocli commands through
 * {@link io.github.jvi.core.cli.CommandProvider} (a {@link java.util.ServiceLoader} service), and
 * {@link io.github.jvi.core.cli.Cli} holds what every command shares: the backend line, JSON
 * output, and turning errors into one clear message and a non-zero exit status.
 * {@link io.github.jvi.core.cli.Spec} parses distribution specifications written like the factories
 * ({@code Normal(loc=0,scale=1)}) and {@link io.github.jvi.core.cli.Distributions} builds them.
 *
 * <p>picocli is an optional dependency of the library modules: only this package and the modules'
 * own {@code cli} packages use it, and the {@code jvi} application (verification) declares it.
 * {@code Spec} and {@code Distributions} do not need it.
 */
package io.github.jvi.core.cli;
