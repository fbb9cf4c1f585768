package io.github.jvi.vi.cli;

import io.github.jvi.core.cli.Cli;
import io.github.jvi.gpu.Backend;
import io.github.jvi.gpu.MemoryBenchmark;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.cavi.BayesianGmm;
import io.github.jvi.vi.cavi.BayesianGmmFit;
import io.github.jvi.vi.cavi.CaviOptions;
import io.github.jvi.vi.cavi.Init;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jvi bench cavi-gmm}: seconds per CAVI iteration of the Bayesian GMM with full covariances
 * on simulated data (K well-separated clusters in D dimensions). Each fit records the wall-clock
 * time of every sweep (M-step, E-step, statistics and ELBO; the one-off set-up of features and
 * k-means++ excluded); the command reports the median over {@code --repeats} fits of
 * {@code --iters} sweeps each (the machines are shared, so the median resists interference), the
 * fastest sweep, and the set-up time of the last fit.
 *
 * <p>Against the machine: the sweep is reported against a bandwidth bound, the compulsory traffic
 * of one sweep at the STREAM triad bandwidth measured in the same run ({@link MemoryBenchmark},
 * all cores). Per point a sweep's fused E-step
 * ({@link io.github.jvi.gpu.kernel.Kernels#mixtureEStep}) reads the D coordinates once and writes
 * nothing (the quadratic features, logits, responsibilities and the log-normaliser live in the
 * cache; the responsibilities are written once, after the last sweep): D x 8 bytes (16 for D = 2).
 * {@code ratio_to_bandwidth_bound} is the median sweep over that bound (1 would be the bound
 * itself); a ratio far above 1 says the sweep is bound by arithmetic (K exponentials and about
 * 2 K F multiply-adds per point), not by memory. Without the SIMD kernels the sweep moves more (the
 * [F, N] features twice, the responsibilities three times).
 */
@Command(name = "cavi-gmm", mixinStandardHelpOptions = true,
    description = "Seconds per CAVI iteration of the Bayesian GMM (full covariances) on simulated data.")
final class CaviBenchCommand implements Callable<Integer> {
  @Option(names = "--n", defaultValue = "1000000", description = "Number of points (default: ${DEFAULT-VALUE}).")
  int n;

  @Option(names = "--k", defaultValue = "5", description = "Number of components (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--d", defaultValue = "2", description = "Dimension (default: ${DEFAULT-VALUE}).")
  int d;

  @Option(names = "--iters", defaultValue = "20", description = "Sweeps per timed run (default: ${DEFAULT-VALUE}).")
  int iters;

  @Option(names = "--repeats", defaultValue = "3", description = "Timed fits; the median sweep over all of them is reported (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Option(names = "--threads", defaultValue = "0",
      description = "Threads sharing each sweep's blocks; 0: ND4J's thread count (default: ${DEFAULT-VALUE}).")
  int threads;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    if (n < 1 || k < 1 || d < 1 || k > n) {
      throw new Cli.UserError("need n >= 1, 1 <= k <= n and d >= 1, found n = " + n + ", k = " + k + ", d = " + d);
    }
    if (iters < 1 || repeats < 1) {
      throw new Cli.UserError("need --iters >= 1 and --repeats >= 1, found " + iters + " and " + repeats);
    }
    INDArray x = data();
    double[][] w0 = new double[d][d];
    for (int i = 0; i < d; i++) {
      w0[i][i] = 1.0 / d;
    }
    BayesianGmm model = BayesianGmm.of(k, 1.0 / k, new double[d], 1, w0, d);
    CaviOptions opts = CaviOptions.of(iters, 0, 1, Init.KMEANS_PLUS_PLUS).withThreading(CaviThreads.threading(threads));
    List<Double> sweeps = new ArrayList<>();
    BayesianGmmFit fit = null;
    double total = Double.POSITIVE_INFINITY;
    try (CaviThreads scope = CaviThreads.scope(opts.threading())) {
      model.fit(x, opts.withMaxIter(3), Rng.of(seed)); // warm-up (JIT, native allocations)
      for (int r = 0; r < repeats; r++) {
        long t0 = System.nanoTime();
        fit = model.fit(x, opts, Rng.of(seed));
        total = Math.min(total, (System.nanoTime() - t0) / 1e9);
        for (double s : fit.sweepSeconds()) {
          sweeps.add(s);
        }
      }
    }
    Collections.sort(sweeps);
    double median = sweeps.get(sweeps.size() / 2);
    double sweepSum = Arrays.stream(fit.sweepSeconds()).sum();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("n", n);
    out.put("k", k);
    out.put("d", d);
    out.put("iterations", fit.iterations());
    out.put("threads", opts.threading().threads());
    out.put("seconds_per_iteration", median);
    out.put("fastest_iteration_seconds", sweeps.get(0));
    out.put("setup_seconds", Math.max(0, total - sweepSum));
    out.put("elbo", fit.elbo());
    double bytes = (double) n * d * 8;
    double triad = 0;
    for (MemoryBenchmark.Bandwidth b : MemoryBenchmark.stream(1 << 24, Runtime.getRuntime().availableProcessors(), 5)) {
      if (b.kernel().equals("triad")) {
        triad = b.gbPerSecond();
      }
    }
    out.put("bytes_per_sweep", bytes);
    out.put("stream_triad_gb_per_s", triad);
    out.put("bandwidth_bound_seconds", bytes / (triad * 1e9));
    out.put("ratio_to_bandwidth_bound", median / (bytes / (triad * 1e9)));
    out.put("backend", Backend.current().describe());
    Cli.print(spec.commandLine().getOut(), out, json);
    return 0;
  }

  /** K clusters with centres 6 apart on the axes' diagonals and unit-scale covariances. */
  private INDArray data() {
    Rng rng = Rng.of(seed);
    double[] w = new double[k];
    double[][] means = new double[k][d];
    double[][][] cov = new double[k][d][d];
    for (int c = 0; c < k; c++) {
      w[c] = 1.0 / k;
      for (int i = 0; i < d; i++) {
        means[c][i] = 6 * rng.nextGaussian();
        cov[c][i][i] = 0.5 + rng.nextDouble();
      }
    }
    return BayesianGmm.simulate(w, means, cov, n, rng).x();
  }
}
