package io.github.jvi.vi.cli;

import io.github.jvi.core.distribution.Gamma;
import io.github.jvi.core.distribution.Normal;
import io.github.jvi.vi.bbvi.Guide;
import io.github.jvi.vi.bbvi.GuidedScoreModel;
import io.github.jvi.vi.bbvi.ScoreModel;
import io.github.jvi.vi.examples.CourseModels;
import io.github.jvi.core.cli.Cli;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.bbvi.BlackBoxVi;
import io.github.jvi.vi.bbvi.GradientEstimator;
import io.github.jvi.vi.bbvi.MeanFieldNormalGamma;
import io.github.jvi.vi.bbvi.NormalGammaModel;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jvi bench bbvi}: wall-clock and CPU seconds of T BBVI iterations with S draws on N
 * simulated Normal-Gamma points (after a warm-up run of T/10 iterations), best of the repeats.
 */
@Command(name = "bbvi", mixinStandardHelpOptions = true,
    description = {"Times BBVI on the Normal-Gamma model.",
        "T iterations with S draws on N points (simulated x_n ~ N(2, 1/4)).",
        "Prints seconds (wall, best of --repeats), the calling thread's CPU seconds and iterations per second."})
public final class BbviBenchCommand implements Callable<Integer> {
  @Option(names = "--iterations", defaultValue = "10000", description = "Iterations T (default: ${DEFAULT-VALUE}).")
  int iterations;

  @Option(names = "--samples", defaultValue = "100", description = "Draws S per iteration (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--n", defaultValue = "100", description = "Data points N (default: ${DEFAULT-VALUE}).")
  int n;

  @Option(names = "--estimator", defaultValue = "reinforce",
      description = "reinforce, control-variate (a* from the same draws, as the paper), control-variate-loo (a* leave-one-out: unbiased), rao-blackwell or rao-blackwell-cv (default: ${DEFAULT-VALUE}).")
  String estimator;

  @Option(names = "--path", defaultValue = "hand",
      description = "hand (the hand-written Normal-Gamma on Java arrays) or generic (the same model written with the model API and a Guide, scores by the autodiff: GuidedScoreModel) (default: ${DEFAULT-VALUE}).")
  String path;

  @Option(names = "--repeats", defaultValue = "3", description = "Timed runs; the fastest is reported (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--json", description = "Print the result as one JSON object.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    if (iterations < 1 || n < 1 || repeats < 1) {
      throw new Cli.UserError("--iterations, --n and --repeats must be >= 1");
    }
    GradientEstimator est = Estimators.byName(estimator);
    INDArray x = Rng.of(seed).normal(DataType.DOUBLE, n).muli(0.5).addi(2);
    NormalGammaModel model = NormalGammaModel.of(x);
    ScoreModel scored = switch (path) {
      case "hand" -> model;
      case "generic" -> GuidedScoreModel.of(CourseModels.normalGamma(x.toDoubleVector(), 0, 1, 1, 1), Guide.builder()
          .site("mu", p -> Normal.of(p.real("loc", 0.0), p.positive("scale", 1.0)))
          .site("tau", p -> Gamma.of(p.positive("shape", 1.0), p.positive("rate", 1.0)))
          .build());
      default -> throw new Cli.UserError("--path must be hand or generic, found '" + path + "'");
    };
    BlackBoxVi bbvi = BlackBoxVi.of(scored, est, samples, 0.5);
    INDArray start = Nd4j.zeros(DataType.DOUBLE, MeanFieldNormalGamma.DIM);
    bbvi.run(start, Math.max(1, iterations / 10), Rng.of(seed + 1)); // warm-up (JIT, native caches)
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double best = Double.POSITIVE_INFINITY;
    double bestCpu = Double.NaN;
    double elbo = Double.NaN;
    for (int r = 0; r < repeats; r++) {
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      elbo = model.exactElbo(bbvi.run(start, iterations, Rng.of(seed + 2 + r)).lambda());
      double wall = (System.nanoTime() - t0) / 1e9;
      double cpu = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
      if (wall < best) {
        best = wall;
        bestCpu = cpu;
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("estimator", est.name());
    out.put("path", path);
    out.put("iterations", iterations);
    out.put("samples", samples);
    out.put("n", n);
    out.put("seconds", best);
    out.put("cpu_seconds", bestCpu);
    out.put("iterations_per_second", iterations / best);
    out.put("microseconds_per_iteration", 1e6 * best / iterations);
    out.put("final_elbo", elbo);
    out.put("cavi_elbo", model.elbo(model.caviOptimum()));
    Cli.print(spec.commandLine().getOut(), out, json);
    return 0;
  }
}
