package io.github.jvi.vi.cli;

import io.github.jvi.core.cli.Cli;
import io.github.jvi.gpu.Backend;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.cavi.BayesianGmm;
import io.github.jvi.vi.cavi.BayesianGmmFit;
import io.github.jvi.vi.cavi.CaviOptions;
import io.github.jvi.vi.cavi.Init;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jvi bench cavi-gmm}: seconds per CAVI iteration of the Bayesian GMM with full covariances
 * on simulated data (K well-separated clusters in D dimensions). The per-iteration time is the
 * difference between a run of {@code --iters} sweeps and a run of one sweep from the same start,
 * divided by {@code iters - 1}, so the one-off set-up (features, k-means++) is excluded; the best of
 * {@code --repeats} measurements is reported (the machines are shared).
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

  @Option(names = "--repeats", defaultValue = "3", description = "Timed runs; the best is reported (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    if (n < 1 || k < 1 || d < 1 || k > n) {
      throw new Cli.UserError("need n >= 1, 1 <= k <= n and d >= 1, found n = " + n + ", k = " + k + ", d = " + d);
    }
    if (iters < 2 || repeats < 1) {
      throw new Cli.UserError("need --iters >= 2 and --repeats >= 1, found " + iters + " and " + repeats);
    }
    INDArray x = data();
    double[][] w0 = new double[d][d];
    for (int i = 0; i < d; i++) {
      w0[i][i] = 1.0 / d;
    }
    BayesianGmm model = BayesianGmm.of(k, 1.0 / k, new double[d], 1, w0, d);
    CaviOptions one = CaviOptions.of(1, 0, 1, Init.KMEANS_PLUS_PLUS);
    CaviOptions many = one.withMaxIter(iters);
    model.fit(x, one.withMaxIter(3), Rng.of(seed)); // warm-up (JIT, native allocations)
    double best = Double.POSITIVE_INFINITY;
    double setup = Double.POSITIVE_INFINITY;
    BayesianGmmFit fit = null;
    for (int r = 0; r < repeats; r++) {
      long t0 = System.nanoTime();
      model.fit(x, one, Rng.of(seed));
      long t1 = System.nanoTime();
      fit = model.fit(x, many, Rng.of(seed));
      long t2 = System.nanoTime();
      double perIter = ((t2 - t1) - (t1 - t0)) / 1e9 / (fit.iterations() - 1);
      best = Math.min(best, perIter);
      setup = Math.min(setup, (t1 - t0) / 1e9 - perIter);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("n", n);
    out.put("k", k);
    out.put("d", d);
    out.put("iterations", fit.iterations());
    out.put("seconds_per_iteration", best);
    out.put("setup_seconds", setup);
    out.put("elbo", fit.elbo());
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
