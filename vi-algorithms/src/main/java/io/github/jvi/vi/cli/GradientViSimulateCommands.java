package io.github.jvi.vi.cli;

import io.github.jvi.core.cli.CommandProvider;
import java.util.List;

/** Contributes {@code gamma} to {@code jvi simulate}. */
public final class GradientViSimulateCommands implements CommandProvider {
  @Override
  public String parent() {
    return "simulate";
  }

  @Override
  public List<Object> commands() {
    return List.of(new GammaSimulateCommand());
  }
}
