package io.github.jvi.core.cli;

import java.util.List;

/** Registers the core module's top-level commands ({@code jvi kl}). */
public final class CoreTopCommands implements CommandProvider {
  @Override
  public String parent() {
    return "";
  }

  @Override
  public List<Object> commands() {
    return List.of(new KlCommand());
  }
}
