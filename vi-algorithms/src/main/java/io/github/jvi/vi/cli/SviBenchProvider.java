package io.github.jvi.vi.cli;

import io.github.jvi.core.cli.CommandProvider;
import java.util.List;

/** Contributes {@code svi-gmm} and {@code spark-gmm} to {@code jvi bench}. */
public final class SviBenchProvider implements CommandProvider {
  @Override
  public String parent() {
    return "bench";
  }

  @Override
  public List<Object> commands() {
    return SviBenchCommands.all();
  }
}
