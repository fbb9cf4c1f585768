package io.github.jvi.vi.cli;

import io.github.jvi.core.cli.Cli;
import io.github.jvi.gpu.Backend;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.cavi.BayesianGmm;
import io.github.jvi.vi.cavi.GmmGlobals;
import io.github.jvi.vi.cavi.BayesianGmmFit;
import io.github.jvi.vi.cavi.CaviOptions;
import io.github.jvi.vi.cavi.Init;
import io.github.jvi.vi.svi.RowReader;
import io.github.jvi.vi.svi.RowSource;
import io.github.jvi.vi.svi.StochasticGmm;
import io.github.jvi.vi.svi.StreamScan;
import io.github.jvi.vi.svi.SviFit;
import io.github.jvi.vi.svi.SviOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jvi bench svi-gmm} and {@code jvi bench spark-gmm}. */
final class SviBenchCommands {
  private SviBenchCommands() {}

  static List<Object> all() {
    return List.of(new SviBench(), new SparkBench());
  }

  /** Peak resident set (VmHWM of /proc/self/status) in MiB, or -1 where there is none. */
  static double peakRssMiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** Peak heap use (all heap pools, since the last reset) in MiB. */
  static double peakHeapMiB() {
    long b = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        b += p.getPeakUsage().getUsed();
      }
    }
    return b / 1048576.0;
  }

  static void resetPeaks() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      p.resetPeakUsage();
    }
  }

  static BayesianGmm benchModel(int k, int d) {
    double[][] w0 = new double[d][d];
    for (int i = 0; i < d; i++) {
      w0[i][i] = 1.0 / d;
    }
    return BayesianGmm.of(k, 1.0 / k, new double[d], 1, w0, d);
  }

  static double median(double[] a) {
    double[] s = a.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  /**
   * {@code jvi bench svi-gmm}: SVI streamed from a file against batch CAVI on its first
   * {@code --cavi-n} rows. Prints: the scan (rows/s, which is what the file format costs), SVI's
   * throughput in training points per second over its passes, the CAVI sweep's points per second at
   * --cavi-n and the ratio, the time and points until the held-out ELBO per point is within 1% of
   * CAVI's optimum ELBO per point, the final ELBO per point of both, and the peak heap and resident
   * memory (run with a small -Xmx, e.g. JVI_JAVA_OPTS=-Xmx512m, to show they do not grow with N).
   */
  @Command(name = "svi-gmm", mixinStandardHelpOptions = true,
      description = "SVI on a streamed file (CSV or .rows) against batch CAVI on its first rows: throughput, time to 1%% of the CAVI ELBO, memory.")
  static final class SviBench implements Callable<Integer> {
    @Option(names = "--data", required = true, description = "Data file (jvi simulate gmm --out F.csv or F.rows).")
    Path data;

    @Option(names = "--k", defaultValue = "5", description = "Components (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--cavi-n", defaultValue = "1000000", description = "Rows for the batch CAVI reference (default: ${DEFAULT-VALUE}; 0 skips it).")
    int caviN;

    @Option(names = "--batch", defaultValue = "4096", description = "Minibatch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--passes", defaultValue = "1", description = "Passes (default: ${DEFAULT-VALUE}).")
    int passes;

    @Option(names = "--report-every", defaultValue = "100", description = "Steps between held-out reports (default: ${DEFAULT-VALUE}).")
    int reportEvery;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      RowSource src = SviCommand.source(data);
      int d = src.width();
      BayesianGmm model = benchModel(k, d);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("data", data.toString());
      double caviPerPoint = Double.NaN;
      if (caviN > 0) {
        double[] rows = new double[caviN * d];
        int m;
        try (RowReader r = src.open()) {
          m = r.read(rows, caviN);
        }
        INDArray x = Nd4j.createFromArray(Arrays.copyOf(rows, m * d)).reshape(m, d);
        CaviOptions opts = CaviOptions.of(1000, 1e-8, 1, Init.KMEANS_PLUS_PLUS);
        model.fit(x, opts.withMaxIter(3), Rng.of(seed)); // warm-up
        BayesianGmmFit fit = model.fit(x, opts, Rng.of(seed));
        double sweep = median(fit.sweepSeconds());
        caviPerPoint = fit.elbo() / m;
        out.put("cavi_n", m);
        out.put("cavi_sweeps", fit.iterations());
        out.put("cavi_sweep_seconds", sweep);
        out.put("cavi_points_per_second", m / sweep);
        out.put("cavi_seconds_to_converge", Arrays.stream(fit.sweepSeconds()).sum());
        out.put("cavi_elbo_per_point", caviPerPoint);
      }
      System.gc();
      resetPeaks();
      SviOptions o = SviOptions.defaults().with(batch, passes, 0.7, 1).withSeed(seed).withHoldout(10_000, reportEvery);
      long t0 = System.nanoTime();
      StreamScan scan = StreamScan.of(src, o.blockRows(), o.holdout(), Rng.of(o.seed()));
      double scanSeconds = (System.nanoTime() - t0) / 1e9;
      out.put("n", scan.size());
      out.put("scan_seconds", scanSeconds);
      out.put("scan_rows_per_second", scan.size() / scanSeconds);
      SviFit<GmmGlobals> fit = StochasticGmm.of(model, o).fit(scan, false);
      long trained = fit.tracePoints()[fit.tracePoints().length - 1];
      out.put("svi_steps", fit.steps());
      out.put("svi_seconds", fit.seconds());
      out.put("svi_points_per_second", trained / fit.seconds());
      if (caviN > 0) {
        out.put("svi_over_cavi_throughput", (trained / fit.seconds()) / (double) out.get("cavi_points_per_second"));
        double[] h = fit.traceHeldOut();
        double within = Double.NaN;
        long withinPoints = -1;
        for (int i = 0; i < h.length; i++) {
          if (Math.abs(h[i] - caviPerPoint) <= 0.01 * Math.abs(caviPerPoint)) {
            within = fit.traceSeconds()[i];
            withinPoints = fit.tracePoints()[i];
            break;
          }
        }
        out.put("seconds_to_within_1pct", within);
        out.put("points_to_within_1pct", withinPoints);
      }
      out.put("held_out_elbo_per_point", fit.traceHeldOut()[fit.traceHeldOut().length - 1]);
      out.put("peak_heap_mib", peakHeapMiB());
      out.put("max_heap_mib", Runtime.getRuntime().maxMemory() / 1048576.0);
      out.put("peak_rss_mib", peakRssMiB());
      out.put("backend", Backend.current().describe());
      Cli.print(spec.commandLine().getOut(), out, json);
      return 0;
    }
  }

  /**
   * {@code jvi bench spark-gmm}: seconds per full-batch CAVI sweep on Spark (one job) against the
   * single-machine sweep at equal N, both on the same simulated points (K clusters as in
   * {@code jvi bench cavi-gmm}), medians over --iters sweeps after --size-warmup sweeps at that size
   * (and, as {@code spark_sweep_seconds_early}, over the first --iters sweeps at that size); and
   * Spark's fixed cost per iteration, the median sweep on 128 points in as many partitions, cold
   * (the context's first 10 sweeps) and after --warmup sweeps (Spark's scheduling code called once
   * a job is compiled by the JIT only after some hundred to thousand jobs), with the process's CPU
   * seconds per fixed-cost sweep. Fits are repeated from their start until the sweeps are done (a
   * fit with tolerance 0 ends when its ELBO repeats to the bit). The
   * single-machine sweep is
   * timed twice: sequential (the library's default; {@code spark_over_single}) and with the
   * engine's blocks shared by ND4J's thread count of threads, BLAS on one thread, as
   * {@code bench cavi-gmm} runs it ({@code spark_over_single_threaded}). Also the bytes each
   * iteration moves: the serialised local step sent down and the serialised statistics each
   * partition sends up. By default a local[n] master runs one partition whose task has all n cores
   * ({@code spark.task.cpus} = n: the task spreads its blocks over n threads, as the single-machine
   * sweep does); {@code --task-cpus 1} runs one single-threaded task per core.
   */
  @Command(name = "spark-gmm", mixinStandardHelpOptions = true,
      description = "Seconds per CAVI sweep on Spark against the single-machine sweep at equal N, and Spark's fixed overhead.")
  static final class SparkBench implements Callable<Integer> {
    @Option(names = "--n", defaultValue = "1000000", split = ",", description = "Numbers of points, comma-separated (default: ${DEFAULT-VALUE}).")
    int[] ns;

    @Option(names = "--k", defaultValue = "5", description = "Components (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--d", defaultValue = "2", description = "Dimension (default: ${DEFAULT-VALUE}).")
    int d;

    @Option(names = "--master", defaultValue = "local[2]", description = "Spark master (default: ${DEFAULT-VALUE}).")
    String master;

    @Option(names = "--partitions", defaultValue = "0",
        description = "Partitions; 0: one per task slot, Spark's default parallelism over --task-cpus (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--task-cpus", defaultValue = "0",
        description = "spark.task.cpus, the threads of each task's E-step; 0: all cores of a local[n] master, "
            + "1 for other masters (default: ${DEFAULT-VALUE}).")
    int taskCpus;

    @Option(names = "--iters", defaultValue = "20", description = "Sweeps per timing (default: ${DEFAULT-VALUE}).")
    int iters;

    @Option(names = "--warmup", defaultValue = "1000",
        description = "Sweeps of the fixed-cost job before its timing (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--size-warmup", defaultValue = "300",
        description = "Sweeps at each size before its timing (default: ${DEFAULT-VALUE}).")
    int sizeWarmup;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      if (iters < 1) {
        throw new Cli.UserError("--iters must be >= 1, found " + iters);
      }
      if (warmup < 0) {
        throw new Cli.UserError("--warmup must be >= 0, found " + warmup);
      }
      if (sizeWarmup < 0) {
        throw new Cli.UserError("--size-warmup must be >= 0, found " + sizeWarmup);
      }
      if (taskCpus < 0) {
        throw new Cli.UserError("--task-cpus must be >= 0, found " + taskCpus);
      }
      if (partitions < 0) {
        throw new Cli.UserError("--partitions must be >= 0, found " + partitions);
      }
      for (int n : ns) {
        if (n < 1) {
          throw new Cli.UserError("--n must be >= 1, found " + n);
        }
      }
      try {
        return SparkBenchRunner.run(this);
      } catch (NoClassDefFoundError e) {
        throw new Cli.UserError("bench spark-gmm needs Apache Spark on the classpath: " + e.getMessage());
      }
    }

    void print(Map<String, Object> out) {
      Cli.print(spec.commandLine().getOut(), out, json);
    }
  }

  /** K clusters with centres 6 apart on the axes' diagonals and unit-scale covariances (as bench cavi-gmm). */
  static INDArray simulate(int n, int k, int d, long seed) {
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
    List<INDArray> parts = new ArrayList<>();
    for (int done = 0; done < n; done += 1 << 20) {
      parts.add(BayesianGmm.simulate(w, means, cov, Math.min(1 << 20, n - done), rng).x());
    }
    return parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(new INDArray[0]));
  }
}
