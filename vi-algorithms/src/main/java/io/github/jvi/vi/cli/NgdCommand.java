package io.github.jvi.vi.cli;

import io.github.jvi.core.cli.Cli;
import io.github.jvi.core.io.DataFiles;
import io.github.jvi.vi.natgrad.GammaNll;
import io.github.jvi.vi.natgrad.NaturalGradientDescent;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jvi ngd gamma}: gradient descent or natural-gradient descent on the Gamma NLL. */
@Command(name = "ngd", mixinStandardHelpOptions = true,
    description = "Natural-gradient descent (Amari 1998) against gradient descent.",
    subcommands = NgdCommand.GammaCmd.class)
public final class NgdCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /** {@code jvi ngd gamma}. */
  @Command(name = "gamma", mixinStandardHelpOptions = true,
      description = {"Fit Gamma(alpha, beta = scale) to positive data by GD or NGD.",
          "Minimises the average negative log-likelihood with GD or NGD (steps F(alpha, beta)^-1 grad), halving",
          "steps that leave alpha, beta > 0 or raise the NLL (Armijo).",
          "FILE: one positive number per line."})
  static final class GammaCmd implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "FILE", description = "One positive number per line.")
    Path data;

    @Option(names = "--method", defaultValue = "ngd", description = "gd or ngd (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--iterations", defaultValue = "100", description = "Iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--alpha0", defaultValue = "0.5", description = "Starting shape (default: ${DEFAULT-VALUE}).")
    double alpha0;

    @Option(names = "--beta0", defaultValue = "10", description = "Starting scale (default: ${DEFAULT-VALUE}).")
    double beta0;

    @Option(names = "--lr", description = "Step size (default: 1 for ngd, 0.5 for gd).")
    Double lr;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      NaturalGradientDescent.Method m = NaturalGradientDescent.Method.parse(method);
      double step = lr != null ? lr : m == NaturalGradientDescent.Method.NGD ? 1.0 : 0.5;
      if (iterations < 0) {
        throw new Cli.UserError("--iterations must be >= 0, found " + iterations);
      }
      GammaNll nll = GammaNll.of(Nd4j.createFromArray(DataFiles.readVector(data)));
      NaturalGradientDescent.Trajectory t = NaturalGradientDescent.of(m, step).run(nll, alpha0, beta0, iterations);
      double[] mle = nll.mle();
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("method", m.name().toLowerCase(java.util.Locale.ROOT));
      out.put("n", nll.size());
      out.put("lr", step);
      out.put("alpha", t.finalAlpha());
      out.put("beta", t.finalBeta());
      out.put("nll", t.finalNll());
      out.put("gradient_norm", t.gradientNorm()[t.gradientNorm().length - 1]);
      out.put("halvings", t.halvings());
      Map<String, Object> ml = new LinkedHashMap<>();
      ml.put("alpha", mle[0]);
      ml.put("beta", mle[1]);
      ml.put("nll", nll.value(mle[0], mle[1]));
      out.put("mle", ml);
      out.put("nll_trace", t.nll());
      out.put("alpha_trace", t.alpha());
      out.put("beta_trace", t.beta());
      Cli.print(spec.commandLine().getOut(), out, json);
      return 0;
    }
  }
}
