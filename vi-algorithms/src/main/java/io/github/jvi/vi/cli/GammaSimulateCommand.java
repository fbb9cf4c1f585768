package io.github.jvi.vi.cli;

import io.github.jvi.core.io.DataFiles;
import io.github.jvi.vi.natgrad.GammaShapeScale;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

  @Mixin
  SimulateOutput output;

  @Override
  public Integer call() {
    double[] x = GammaShapeScale.of(alpha, beta).sample(output.rng(), n).toDoubleVector();
    Map<String, Object> truth = new LinkedHashMap<>();
    truth.put("alpha", alpha);
    truth.put("beta", beta);
    truth.put("n", n);
    DataFiles.writeVector(output.out, x, output.comment("gamma", truth) + " (beta is the scale)");
    output.report(truth);
    return 0;
  }
}
