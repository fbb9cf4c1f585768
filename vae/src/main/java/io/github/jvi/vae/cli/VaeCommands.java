package io.github.jvi.vae.cli;

import io.github.jvi.core.cli.CommandProvider;
import java.util.List;

/** Contributes {@code jvi vae} (train, sample, evaluate, posterior). */
public final class VaeCommands implements CommandProvider {
  @Override
  public List<Object> commands() {
    return List.of(new VaeCommand());
  }
}
