package io.github.jvi.core.cli;

import java.util.List;

/** Registers the core module's benchmark commands under {@code jvi bench}. */
public final class CoreCommands implements CommandProvider {
  @Override
  public String parent() {
    return "bench";
  }

  @Override
  public List<Object> commands() {
    return List.of(new DeviceBenchCommand(), new AutodiffBenchCommand(), new KernelBenchCommand());
  }
}
