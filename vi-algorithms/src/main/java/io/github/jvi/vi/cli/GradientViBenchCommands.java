package io.github.jvi.vi.cli;

import io.github.jvi.core.cli.CommandProvider;
import java.util.List;

/** Contributes {@code bbvi} to {@code jvi bench}. */
public final class GradientViBenchCommands implements CommandProvider {
  @Override
  public String parent() {
    return "bench";
  }

  @Override
  public List<Object> commands() {
    return List.of(new BbviBenchCommand());
  }
}
