package io.github.jvi.vi.cli;

import io.github.jvi.core.cli.CommandProvider;
import java.util.List;

/** Contributes {@code jvi bbvi}, {@code jvi ngd}, {@code jvi klfit}, {@code jvi em} and {@code jvi ppca}. */
public final class GradientViCommands implements CommandProvider {
  @Override
  public List<Object> commands() {
    return List.of(new BbviCommand(), new NgdCommand(), new KlFitCommand(), new EmCommand(), new PpcaCommand(),
        new FitCommand());
  }
}
