package io.github.jvi.vae.cli;

import io.github.jvi.core.cli.CommandProvider;
import java.util.List;

/** Contributes {@code jvi bench vae}. */
public final class BenchCommands implements CommandProvider {
  @Override
  public String parent() {
    return "bench";
  }

  @Override
  public List<Object> commands() {
    return List.of(new BenchVaeCommand());
  }
}
