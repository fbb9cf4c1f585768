package io.github.jvi.vi.cli;

import io.github.jvi.core.cli.Cli;
import io.github.jvi.core.io.DataFiles;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.bbvi.BbviResult;
import io.github.jvi.vi.bbvi.BlackBoxVi;
import io.github.jvi.vi.bbvi.GradientEstimator;
import io.github.jvi.vi.bbvi.MeanFieldNormalGamma;
import io.github.jvi.vi.bbvi.NormalGammaModel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jvi bbvi normal-gamma}: black-box VI with a chosen score-function estimator. */
@Command(name = "bbvi", mixinStandardHelpOptions = true,
    description = "Black-box variational inference (Ranganath, Gerrish & Blei 2014).",
    subcommands = BbviCommand.NormalGammaCmd.class)
public final class BbviCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /** {@code jvi bbvi normal-gamma}. */
  @Command(name = "normal-gamma", mixinStandardHelpOptions = true,
      description = {"BBVI on the Normal-Gamma model with a chosen score-function estimator.",
          "x_n ~ N(mu, 1/tau), (mu, tau) ~ NormalGamma(mu0, lambda0, a0, b0), with",
          "q(mu) q(tau) = N(m, s^2) Gamma(a, b), AdaGrad steps on (m, log s, log a, log b) from (0, 0, 0, 0).",
          "Prints E_q[mu], E_q[tau], the exact final ELBO and its trace, the gradient variance per",
          "parameter (mean over iterations) and the CAVI optimum for reference. FILE: one number per line."})
  static final class NormalGammaCmd implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "FILE", description = "One number per line (# comments).")
    Path data;

    @Option(names = "--estimator", defaultValue = "control-variate",
        description = "reinforce, control-variate (a* from the same draws, as the paper), control-variate-loo (a* leave-one-out: unbiased), rao-blackwell or rao-blackwell-cv (default: ${DEFAULT-VALUE}).")
    String estimator;

    @Option(names = "--samples", defaultValue = "100", description = "Draws S per iteration (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--iterations", defaultValue = "2000", description = "Iterations T (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--eta", defaultValue = "0.5", description = "AdaGrad base step (default: ${DEFAULT-VALUE}).")
    double eta;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--mu0", defaultValue = "0", description = "Prior mean of mu (default: ${DEFAULT-VALUE}).")
    double mu0;

    @Option(names = "--lambda0", defaultValue = "1", description = "Prior precision scale of mu (default: ${DEFAULT-VALUE}).")
    double lambda0;

    @Option(names = "--a0", defaultValue = "1", description = "Prior shape of tau (default: ${DEFAULT-VALUE}).")
    double a0;

    @Option(names = "--b0", defaultValue = "1", description = "Prior rate of tau (default: ${DEFAULT-VALUE}).")
    double b0;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      if (iterations < 1) {
        throw new Cli.UserError("--iterations must be >= 1, found " + iterations);
      }
      GradientEstimator est = Estimators.byName(estimator);
      NormalGammaModel model = NormalGammaModel.of(Nd4j.createFromArray(DataFiles.readVector(data)), mu0, lambda0, a0, b0);
      long t0 = System.nanoTime();
      BbviResult r = BlackBoxVi.of(model, est, samples, eta)
          .run(Nd4j.zeros(DataType.DOUBLE, MeanFieldNormalGamma.DIM), iterations, Rng.of(seed));
      double seconds = (System.nanoTime() - t0) / 1e9;
      MeanFieldNormalGamma q = MeanFieldNormalGamma.fromUnconstrained(r.lambda());
      MeanFieldNormalGamma opt = model.caviOptimum();
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("estimator", est.name());
      out.put("n", model.size());
      out.put("samples", samples);
      out.put("iterations", iterations);
      out.put("E_mu", q.meanMu());
      out.put("E_tau", q.meanTau());
      out.put("elbo", r.finalElbo());
      Map<String, Object> qm = new LinkedHashMap<>();
      qm.put("m", q.m());
      qm.put("s", q.s());
      qm.put("a", q.a());
      qm.put("b", q.b());
      out.put("q", qm);
      Map<String, Object> cavi = new LinkedHashMap<>();
      cavi.put("E_mu", opt.meanMu());
      cavi.put("E_tau", opt.meanTau());
      cavi.put("elbo", model.elbo(opt));
      out.put("cavi", cavi);
      out.put("grad_variance", meanVariance(model.parameterNames(), r.gradientVariance()));
      out.put("seconds", seconds);
      out.put("elbo_trace", r.exactElbo());
      out.put("elbo_estimate_trace", r.elboEstimate());
      out.put("E_mu_trace", r.summaryTrace(0));
      out.put("E_tau_trace", r.summaryTrace(1));
      Cli.print(spec.commandLine().getOut(), out, json);
      return 0;
    }
  }

  /** Per parameter, the mean over iterations of the estimated gradient variance. */
  static Map<String, Object> meanVariance(List<String> names, double[][] variance) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int d = 0; d < names.size(); d++) {
      double sum = 0;
      for (double[] v : variance) {
        sum += v[d];
      }
      m.put(names.get(d), sum / variance.length);
    }
    return m;
  }
}
