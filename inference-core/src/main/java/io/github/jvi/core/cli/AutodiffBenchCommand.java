package io.github.jvi.core.cli;

import io.github.jvi.core.autodiff.Gradients;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.Normal;
import io.github.jvi.core.optim.Adam;
import io.github.jvi.gpu.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jvi bench autodiff}: the cost of one mean-field ADVI iteration (Kucukelbir et al. 2017)
 * on posteriordb's kidscore_momiq, written with {@link Var}, on the ND4J path and on the host
 * path for small arrays.
 *
 * <p>The model: kid_score_n ~ Normal(beta1 + beta2 mom_iq_n, sigma), sigma ~ half-Cauchy(0, 2.5),
 * flat priors on beta. Unconstrained theta = (beta1, beta2, log sigma); q = N(mu, diag(exp(omega))^2).
 * One iteration draws eps [S, 3], sets z = mu + exp(omega) eps, evaluates
 * ELBO = mean_s [log p(y, z_s) + log|J|(z_s)] + sum(omega) + 3/2 (1 + log 2 pi), takes its
 * gradient with respect to mu and omega by one reverse sweep, and makes one Adam step. The phases
 * (draw and graph, reverse sweep, Adam) are timed separately; the peer is bench/pytorch_advi.py.
 */
@Command(name = "autodiff", mixinStandardHelpOptions = true,
    description = "Time one ADVI iteration (value, gradient, Adam) of kidscore_momiq written with Var: "
        + "ND4J path against the host path for small arrays.")
public final class AutodiffBenchCommand implements Callable<Integer> {
  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

  @Option(names = "--data", description = "posteriordb kidiq.json (fields N, kid_score, mom_iq); "
      + "default: a synthetic data set of the same size (N = 434).")
  Path data;

  @Option(names = "--samples", defaultValue = "10", description = "Draws S per iteration (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--iterations", defaultValue = "2000", description = "Timed iterations per repetition (default: ${DEFAULT-VALUE}).")
  int iterations;

  @Option(names = "--warmup", defaultValue = "2000", description = "Untimed iterations first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--repetitions", defaultValue = "5", description = "Timed repetitions per path; the median is reported (default: ${DEFAULT-VALUE}).")
  int repetitions;

  @Option(names = "--lr", defaultValue = "0.01", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the draws (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--paths", defaultValue = "nd4j,host", split = ",",
      description = "Paths to time, of nd4j and host (default: ${DEFAULT-VALUE}).")
  List<String> paths;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Spec
  CommandSpec spec;

  /** Times of the phases of one run, in nanoseconds summed over the iterations. */
  private static final class Times {
    long graph;
    long sweep;
    long adam;
  }

  /**
   * The state of one ADVI run: q's parameters (ND4J arrays on the ND4J path, Java arrays on the
   * host path, both from zeros), Adam, the draws' generator.
   */
  private static final class Run {
    final INDArray mu = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 3);
    final INDArray omega = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 3);
    final double[] muHost = new double[3];
    final double[] omegaHost = new double[3];
    final Adam adam;
    final Rng rng;
    double elbo;

    Run(double lr, long seed) {
      adam = Adam.of(lr);
      rng = Rng.of(seed);
    }
  }

  @Override
  public Integer call() {
    if (samples < 1 || iterations < 1 || warmup < 0 || repetitions < 1) {
      throw new Cli.UserError("--samples, --iterations and --repetitions must be >= 1 and --warmup >= 0, found " + samples
              + ", " + iterations + ", " + repetitions + ", " + warmup);
    }
    if (!(lr > 0)) {
      throw new Cli.UserError("--lr must be > 0, found " + lr);
    }
    for (String p : paths) {
      if (!p.equals("nd4j") && !p.equals("host")) {
        throw new Cli.UserError("--paths must name nd4j and/or host, found " + p);
      }
    }
    double[][] xy = data == null ? synthetic(434, seed) : read(data);
    double[] momIq = xy[0];
    double[] kid = xy[1];
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("data", data == null ? "synthetic N=434" : data.toString());
    out.put("N", momIq.length);
    out.put("samples", samples);
    out.put("iterations", iterations);
    List<Map<String, Object>> rows = new ArrayList<>();
    Map<String, double[]> finals = new LinkedHashMap<>();
    for (String path : paths) {
      boolean host = path.equals("host");
      Run run = new Run(lr, seed);
      double[] perIter = new double[repetitions];
      double[][] phases = new double[repetitions][];
      // warm-up and repetitions continue one optimisation, so both paths follow the same trajectory
      runPath(host, run, momIq, kid, warmup, new Times());
      for (int r = 0; r < repetitions; r++) {
        Times t = new Times();
        long t0 = System.nanoTime();
        runPath(host, run, momIq, kid, iterations, t);
        perIter[r] = (System.nanoTime() - t0) / 1e3 / iterations;
        phases[r] = new double[] {t.graph / 1e3 / iterations, t.sweep / 1e3 / iterations, t.adam / 1e3 / iterations};
      }
      int med = medianIndex(perIter);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("path", path);
      row.put("us_per_iteration", perIter[med]);
      row.put("us_per_iteration_min", Arrays.stream(perIter).min().orElse(0));
      row.put("us_per_iteration_max", Arrays.stream(perIter).max().orElse(0));
      row.put("us_graph", phases[med][0]);
      row.put("us_sweep", phases[med][1]);
      row.put("us_adam", phases[med][2]);
      row.put("final_elbo", run.elbo);
      rows.add(row);
      finals.put(path, host ? concat(run.muHost, run.omegaHost)
          : concat(run.mu.toDoubleVector(), run.omega.toDoubleVector()));
    }
    out.put("paths", rows);
    boolean both = finals.size() == 2;
    double speedup = both ? (Double) rows.get(paths.indexOf("nd4j")).get("us_per_iteration")
        / (Double) rows.get(paths.indexOf("host")).get("us_per_iteration") : Double.NaN;
    double diff = 0;
    if (both) {
      for (int i = 0; i < 6; i++) {
        double a = finals.get("host")[i];
        double b = finals.get("nd4j")[i];
        diff = Math.max(diff, Math.abs(a - b) / Math.max(1, Math.abs(b)));
      }
      out.put("host_speedup", speedup);
      out.put("max_rel_difference_of_q_params", diff);
    }
    var w = spec.commandLine().getOut();
    if (json) {
      Cli.print(w, out, true);
      return 0;
    }
    w.printf("ADVI mean-field step, kidscore_momiq (%s, N=%d), S=%d, %d iterations x %d repetitions (median)%n",
        out.get("data"), momIq.length, samples, iterations, repetitions);
    w.printf("%-6s %12s %12s %12s %12s %12s %14s%n", "path", "us/iter", "min-max", "graph", "sweep", "adam", "final ELBO");
    for (Map<String, Object> r : rows) {
      w.printf("%-6s %12.1f %5.0f-%-6.0f %12.1f %12.1f %12.1f %14.4f%n", r.get("path"), (Double) r.get("us_per_iteration"),
          (Double) r.get("us_per_iteration_min"), (Double) r.get("us_per_iteration_max"), (Double) r.get("us_graph"),
          (Double) r.get("us_sweep"), (Double) r.get("us_adam"), (Double) r.get("final_elbo"));
    }
    if (both) {
      w.printf("host path speed-up: %.1fx; largest relative difference of (mu, omega) after %d iterations: %.2g%n",
          speedup, warmup + iterations * repetitions, diff);
    }
    w.printf("(graph: draws + log joint + entropy; sweep: Gradients.of; adam: gradients out + Adam.step + ELBO value)%n");
    w.flush();
    return 0;
  }

  private static int medianIndex(double[] v) {
    Integer[] idx = new Integer[v.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Double.compare(v[a], v[b]));
    return idx[v.length / 2];
  }

  private static double[] concat(double[] a, double[] b) {
    double[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  private void runPath(boolean host, Run run, double[] momIq, double[] kid, int n, Times t) {
    if (host) {
      iterate(run, momIq, kid, n, t, true);
    } else {
      Var.withoutHostPath(() -> {
        iterate(run, momIq, kid, n, t, false);
        return null;
      });
    }
  }

  private void iterate(Run run, double[] momIqv, double[] kidv, int n, Times t, boolean host) {
    int nRows = momIqv.length;
    // data constants, made once (on the ND4J path as ND4J arrays: withoutHostPath is in force)
    Var momIq = Var.constant(momIqv, 1, nRows);
    Var kid = Var.constant(kidv, 1, nRows);
    double[] eps = new double[samples * 3];
    for (int it = 0; it < n; it++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < eps.length; i++) {
        eps[i] = run.rng.nextGaussian();
      }
      Var mu = host ? Var.param(run.muHost, 3) : Var.param(run.mu);
      Var omega = host ? Var.param(run.omegaHost, 3) : Var.param(run.omega);
      Var elbo = elbo(mu, omega, Var.constant(eps, samples, 3), momIq, kid);
      Var loss = elbo.neg();
      long t1 = System.nanoTime();
      Gradients g = Gradients.of(loss);
      long t2 = System.nanoTime();
      if (host) {
        run.adam.step(new double[][] {run.muHost, run.omegaHost}, new double[][] {g.getDoubles(mu), g.getDoubles(omega)});
      } else {
        run.adam.step(List.of(run.mu, run.omega), List.of(g.get(mu), g.get(omega)));
      }
      run.elbo = elbo.item();
      long t3 = System.nanoTime();
      t.graph += t1 - t0;
      t.sweep += t2 - t1;
      t.adam += t3 - t2;
    }
  }

  /** The ELBO estimate of one iteration, as a user would write it with Var and Normal. */
  private Var elbo(Var mu, Var omega, Var eps, Var momIq, Var kid) {
    Var z = mu.add(omega.exp().mul(eps)); // [S, 3]
    Var beta1 = z.select(1, 0).reshape(samples, 1);
    Var beta2 = z.select(1, 1).reshape(samples, 1);
    Var logSigma = z.select(1, 2);
    Var sigma = logSigma.exp();
    Var loc = beta1.add(beta2.mul(momIq)); // [S, N]
    Var logLik = Normal.of(loc, sigma.reshape(samples, 1)).logProb(kid).sum(1); // [S]
    // half-Cauchy(0, 2.5) on sigma: log 2 - log(pi 2.5) - log1p((sigma / 2.5)^2)
    Var logPrior = sigma.div(2.5).square().log1p().neg().add(Math.log(2.0) - Math.log(Math.PI * 2.5));
    Var logJacobian = logSigma; // sigma = exp(log sigma)
    Var entropy = omega.sum().add(3 * (0.5 + HALF_LOG_2PI));
    return logLik.add(logPrior).add(logJacobian).mean().add(entropy);
  }

  /** mom_iq and kid_score: synthetic, mom_iq ~ N(100, 15), kid_score = 26 + 0.6 mom_iq + N(0, 18). */
  static double[][] synthetic(int n, long seed) {
    Rng rng = Rng.of(seed + 1000);
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 100 + 15 * rng.nextGaussian();
      y[i] = 26 + 0.6 * x[i] + 18 * rng.nextGaussian();
    }
    return new double[][] {x, y};
  }

  /** mom_iq and kid_score of a posteriordb kidiq.json (a flat object of numbers and number arrays). */
  private double[][] read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new Cli.UserError("--data: cannot read " + file + ": " + e.getMessage());
    }
    double[] x = field(text, "mom_iq", file);
    double[] y = field(text, "kid_score", file);
    if (x.length != y.length || x.length == 0) {
      throw new Cli.UserError("--data: mom_iq and kid_score must have one non-zero length, found " + x.length + " and " + y.length);
    }
    return new double[][] {x, y};
  }

  private double[] field(String text, String name, Path file) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\\[([^\\]]*)\\]").matcher(text);
    if (!m.find()) {
      throw new Cli.UserError("--data: " + file + " has no array field \"" + name + "\"");
    }
    String[] parts = m.group(1).split(",");
    double[] v = new double[parts.length];
    for (int i = 0; i < v.length; i++) {
      try {
        v[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new Cli.UserError("--data: field \"" + name + "\" has a non-number at index " + i + ": " + parts[i].trim());
      }
      if (!Double.isFinite(v[i])) {
        throw new Cli.UserError("--data: field \"" + name + "\" has a non-finite value at index " + i);
      }
    }
    return v;
  }
}
