package io.github.jvi.vi.cli;

import io.github.jvi.core.cli.Cli;
import io.github.jvi.core.io.DataFiles;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.natgrad.GammaShapeScale;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jvi simulate gamma}: Gamma(alpha, beta = scale) draws, one per line, for {@code jvi ngd gamma}. */
@Command(name = "gamma", mixinStandardHelpOptions = true,
    description = "x_n ~ Gamma(shape alpha, scale beta). Writes one number per line, the parameters in a # comment.")
public final class GammaSimulateCommand implements Callable<Integer> {
  @Option(names = "--alpha", defaultValue = "3", description = "Shape (default: ${DEFAULT-VALUE}).")
  double alpha;

  @Option(names = "--beta", defaultValue = "2", description = "Scale (default: ${DEFAULT-VALUE}).")
  double beta;

  @Option(names = "--n", defaultValue = "1000", description = "Number of points (default: ${DEFAULT-VALUE}).")
  int n;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output file.")
  Path out;

  @Option(names = "--json", description = "Print the summary as JSON.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    double[] x = GammaShapeScale.of(alpha, beta).sample(Rng.of(seed), n).toDoubleVector();
    DataFiles.writeVector(out, x, "simulated by jvi simulate gamma --alpha " + alpha + " --beta " + beta
        + " --n " + n + " --seed " + seed + " (beta is the scale)");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("out", out.toString());
    m.put("alpha", alpha);
    m.put("beta", beta);
    m.put("n", n);
    Cli.print(spec.commandLine().getOut(), m, json);
    return 0;
  }
}
