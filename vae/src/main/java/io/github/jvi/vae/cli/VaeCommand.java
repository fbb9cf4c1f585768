package io.github.jvi.vae.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jvi vae}: the group; prints its usage. */
@Command(name = "vae", mixinStandardHelpOptions = true,
    description = "Variational autoencoders on MNIST: train, sample, evaluate, posterior.",
    subcommands = {TrainCommand.class, SampleCommand.class, EvaluateCommand.class, PosteriorCommand.class})
final class VaeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }
}
