package io.github.jvi.vae.cli;

import io.github.jvi.core.cli.Cli;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.eval.Plots;
import io.github.jvi.vae.model.Vae;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jvi vae sample}. */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Draw z from the prior and write an image grid of x ~ p(x|z), or of E[x|z] with --mean.")
final class SampleCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--model", required = true, description = "Model file written by jvi vae train.")
  Path model;

  @Option(names = "--samples", required = true, description = "PNG file to write.")
  Path samples;

  @Option(names = "--mean", description = "Show the means of p(x|z) instead of samples.")
  boolean mean;

  @Option(names = {"-n", "--count"}, defaultValue = "64", description = "Number of images (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--json", description = "Print the summary as JSON.")
  boolean json;

  @Override
  public Integer call() {
    if (count < 1) {
      throw new Cli.UserError("--count must be >= 1, found " + count);
    }
    Vae vae = Common.checkpoint(model).model();
    Plots.sampleGrid(vae, count, mean, Rng.of(seed), samples);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("samples", samples.toString());
    out.put("images", count);
    out.put("kind", mean ? "means of p(x|z)" : "samples of p(x|z)");
    Cli.print(spec.commandLine().getOut(), out, json);
    return 0;
  }
}
