package io.github.jvi.vi.cli;

import io.github.jvi.core.cli.CommandProvider;
import java.util.List;

/** Contributes {@code jvi svi} to the root of the command tree. */
public final class SviCommandProvider implements CommandProvider {
  @Override
  public List<Object> commands() {
    return List.of(new SviCommand());
  }
}
