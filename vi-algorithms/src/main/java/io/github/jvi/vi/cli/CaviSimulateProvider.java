package io.github.jvi.vi.cli;

import io.github.jvi.core.cli.CommandProvider;
import java.util.List;

/** Contributes {@code normal-gamma}, {@code gmm-light}, {@code gmm} and {@code earthquake} to {@code jvi simulate}. */
public final class CaviSimulateProvider implements CommandProvider {
  @Override
  public String parent() {
    return "simulate";
  }

  @Override
  public List<Object> commands() {
    return CaviSimulateCommands.all();
  }
}
