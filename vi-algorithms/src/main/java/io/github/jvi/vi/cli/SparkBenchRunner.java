package io.github.jvi.vi.cli;

import io.github.jvi.core.cli.Cli;
import io.github.jvi.gpu.Backend;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.cavi.BayesianGmm;
import io.github.jvi.vi.cavi.BayesianGmmFit;
import io.github.jvi.vi.cavi.CaviOptions;
import io.github.jvi.vi.cavi.GmmGlobals;
import io.github.jvi.vi.cavi.Init;
import io.github.jvi.vi.cavi.MixtureBlock;
import io.github.jvi.vi.cavi.MixtureStatistics;
import io.github.jvi.vi.spark.SparkFit;
import io.github.jvi.vi.spark.SparkGmm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The Spark part of {@code jvi bench spark-gmm} (Spark's classes load only here). */
final class SparkBenchRunner {
  private SparkBenchRunner() {}

  static int serialisedBytes(Serializable o) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(b)) {
      out.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.size();
  }

  /**
   * Centred blocks of 4096 rows of x in p partitions. The rows reach the executors through one
   * broadcast, and the partitions hold only block numbers: a parallelised collection keeps its
   * elements in its partitions, so every task of every later sweep would carry (and serialise) its
   * partition's rows again, 40 MB a task at N = 10^7 in 4 partitions.
   */
  static JavaRDD<double[]> blocks(JavaSparkContext sc, double[] flat, int d, double[] centre, int p) {
    int rows = flat.length / d;
    List<Integer> ids = new ArrayList<>();
    for (int lo = 0, id = 0; lo < rows; lo += 4096, id++) {
      ids.add(id);
    }
    Broadcast<double[]> data = sc.broadcast(flat);
    double[] c = centre.clone();
    JavaRDD<double[]> rdd = sc.parallelize(ids, p).map(id -> {
      double[] all = data.value();
      int lo = id * 4096;
      int hi = Math.min(all.length / d, lo + 4096);
      double[] b = Arrays.copyOfRange(all, lo * d, hi * d);
      for (int r = 0; r < hi - lo; r++) {
        for (int i = 0; i < d; i++) {
          b[r * d + i] -= c[i];
        }
      }
      return b;
    }).cache();
    rdd.count();
    return rdd;
  }

  static int run(SviBenchCommands.SparkBench b) {
    SparkConf conf = new SparkConf().setMaster(b.master).setAppName("jvi-bench").set("spark.ui.enabled", "false");
    if (b.master.startsWith("local")) {
      conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
    }
    int taskCpus = b.taskCpus > 0 ? b.taskCpus : localCores(b.master);
    conf.set("spark.task.cpus", Integer.toString(taskCpus));
    JavaSparkContext sc = new JavaSparkContext(conf);
    try {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("master", b.master);
      int partitions = b.partitions == 0 ? Math.max(1, sc.defaultParallelism() / taskCpus) : b.partitions;
      out.put("partitions", partitions);
      out.put("task_cpus", taskCpus);
      out.put("k", b.k);
      out.put("d", b.d);
      BayesianGmm model = SviBenchCommands.benchModel(b.k, b.d);
      // fixed overhead: 128 points in the same partitions, cold (the context's first iterations) and warm
      {
        INDArray x = SviBenchCommands.simulate(128, b.k, b.d, b.seed);
        double[] flat = x.dup('c').data().asDouble();
        double[] centre = x.mean(0).toDoubleVector();
        JavaRDD<double[]> rdd = blocks(sc, flat, b.d, centre, partitions);
        JavaRDD<MixtureBlock> features = SparkGmm.features(rdd, b.d);
        features.count();
        MixtureStatistics init = GmmGlobals.seed(model, centred(flat, b.d, centre), 128,
            CaviOptions.of(5, 0, 1, Init.KMEANS_PLUS_PLUS), Rng.of(b.seed));
        Sweeps cold;
        Sweeps warm;
        try (CaviThreads scope = CaviThreads.sparkLocal(b.master)) {
          cold = Sweeps.run(features, model, centre, init, 10, b.iters);
          Sweeps.run(features, model, centre, init, b.warmup, b.iters);
          warm = Sweeps.run(features, model, centre, init, Math.max(30, b.iters), b.iters);
        }
        out.put("spark_fixed_seconds_per_iteration", SviBenchCommands.median(warm.seconds()));
        out.put("spark_fixed_cpu_seconds_per_iteration", warm.cpuSecondsPerSweep());
        out.put("spark_fixed_seconds_per_iteration_cold", SviBenchCommands.median(cold.seconds()));
        out.put("warmup_iterations", b.warmup);
        out.put("local_step_bytes", serialisedBytes(warm.last().globals().localStep()));
        out.put("statistics_bytes_per_partition", serialisedBytes(init));
        features.unpersist();
        rdd.unpersist();
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int n : b.ns) {
        INDArray x = SviBenchCommands.simulate(n, b.k, b.d, b.seed);
        CaviOptions opts = CaviOptions.of(b.iters, 0, 1, Init.KMEANS_PLUS_PLUS);
        model.fit(x, opts.withMaxIter(3), Rng.of(b.seed)); // warm-up
        // a collection between the phases: a fit's off-heap arrays are freed only when the GC collects
        // their handles, and three fits at 10^7 with an 8 GB heap otherwise reached the machine's 24 GB
        System.gc();
        BayesianGmmFit single = model.fit(x, opts, Rng.of(b.seed));
        double singleSweep = SviBenchCommands.median(single.sweepSeconds());
        // the engine's blocks shared by ND4J's thread count of worker threads (as bench cavi-gmm runs it)
        CaviOptions threaded = opts.withThreading(CaviThreads.threading(0));
        double threadedSweep;
        try (CaviThreads scope = CaviThreads.scope(threaded.threading())) {
          // as many sweeps before the timing as Spark gets (--size-warmup), collecting after each fit:
          // without it the fits' off-heap arrays at 10^7 took the process to the machine's 24 GB
          INDArray points = x;
          repeatFits(b.sizeWarmup, b.iters, sweeps -> {
            double[] s = model.fit(points, threaded.withMaxIter(sweeps), Rng.of(b.seed)).sweepSeconds();
            System.gc();
            return s;
          });
          threadedSweep = SviBenchCommands.median(model.fit(x, threaded, Rng.of(b.seed)).sweepSeconds());
        }
        single = null;
        System.gc();
        double[] flat = x.dup('c').data().asDouble();
        double[] centre = x.mean(0).toDoubleVector();
        x = null;
        System.gc();
        JavaRDD<double[]> rdd = blocks(sc, flat, b.d, centre, partitions);
        double[] c = centred(Arrays.copyOf(flat, Math.min(flat.length, 10_000 * b.d)), b.d, centre);
        flat = null;
        MixtureStatistics init = GmmGlobals.seed(model, c, n, CaviOptions.of(50, 1e-8, 1, Init.KMEANS_PLUS_PLUS),
            Rng.of(b.seed));
        // the partitions' feature blocks, made once and cached (as SparkGmm.cavi does), then the rows dropped
        long f0 = System.nanoTime();
        JavaRDD<MixtureBlock> features = SparkGmm.features(rdd, b.d);
        features.count();
        double featureSeconds = (System.nanoTime() - f0) / 1e9;
        rdd.unpersist();
        Sweeps early;
        Sweeps timed;
        try (CaviThreads scope = CaviThreads.sparkLocal(b.master)) {
          early = Sweeps.run(features, model, centre, init, b.iters, b.iters);
          Sweeps.run(features, model, centre, init, b.sizeWarmup, b.iters);
          timed = Sweeps.run(features, model, centre, init, b.iters, b.iters);
        }
        double sparkSweep = SviBenchCommands.median(timed.seconds());
        double sparkEarly = SviBenchCommands.median(early.seconds());
        features.unpersist();
        System.gc();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("n", n);
        r.put("single_sweep_seconds", singleSweep);
        r.put("spark_sweep_seconds", sparkSweep);
        r.put("spark_over_single", sparkSweep / singleSweep);
        r.put("single_sweep_seconds_threaded", threadedSweep);
        r.put("single_threads", threaded.threading().threads());
        r.put("spark_over_single_threaded", sparkSweep / threadedSweep);
        r.put("spark_points_per_second", n / sparkSweep);
        r.put("spark_sweep_seconds_early", sparkEarly);
        r.put("spark_over_single_threaded_early", sparkEarly / threadedSweep);
        r.put("size_warmup_iterations", b.sizeWarmup);
        r.put("spark_feature_setup_seconds", featureSeconds);
        rows.add(r);
      }
      out.put("sizes", rows);
      out.put("backend", Backend.current().describe());
      b.print(out);
      return 0;
    } finally {
      sc.stop();
    }
  }

  /**
   * The timings of {@code sweeps} CAVI sweeps on Spark from {@code init}, in fits of at most
   * {@code perFit} sweeps each from {@code init} again ({@link #repeatFits}).
   *
   * @param seconds each sweep's wall-clock seconds
   * @param cpuSeconds the process's CPU seconds over all of them (every thread: Spark's scheduling,
   *     the tasks, the JIT and the GC)
   * @param last the last fit
   */
  record Sweeps(double[] seconds, double cpuSeconds, SparkFit last) {
    static Sweeps run(JavaRDD<MixtureBlock> features, BayesianGmm model, double[] centre, MixtureStatistics init,
        int sweeps, int perFit) {
      SparkFit[] last = new SparkFit[1];
      long cpu0 = Cli.processCpuNanos();
      double[] seconds = repeatFits(sweeps, perFit, m -> {
        last[0] = SparkGmm.caviOnFeatures(features, model, centre, init, m, 0);
        return last[0].iterationSeconds();
      });
      return new Sweeps(seconds, (Cli.processCpuNanos() - cpu0) / 1e9, last[0]);
    }

    double cpuSecondsPerSweep() {
      return cpuSeconds / seconds.length;
    }
  }

  /**
   * The seconds of {@code sweeps} sweeps, from fits of at most {@code perFit} sweeps each
   * ({@code fit} runs one of at most its argument and returns its sweeps' seconds) until that many
   * are done. A fit with tolerance 0 stops as soon as its ELBO repeats to the bit (at 128 points
   * after 100 to 300 sweeps, at 10^6 after about 30), so one fit of {@code sweeps} could run far
   * fewer.
   */
  static double[] repeatFits(int sweeps, int perFit, java.util.function.IntFunction<double[]> fit) {
    double[] seconds = new double[sweeps];
    for (int done = 0; done < sweeps; ) {
      double[] s = fit.apply(Math.min(perFit, sweeps - done));
      System.arraycopy(s, 0, seconds, done, s.length);
      done += s.length;
    }
    return seconds;
  }

  /** The cores of a local master (local: 1, local[n]: n, local[*]: the machine's); 1 for others. */
  static int localCores(String master) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("local\\[(\\d+|\\*)(,\\d+)?]").matcher(master);
    if (m.matches()) {
      return m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Math.max(1, Integer.parseInt(m.group(1)));
    }
    return 1;
  }

  /** The rows of a row-major array of D numbers a row, less {@code centre}. */
  static double[] centred(double[] flat, int d, double[] centre) {
    double[] c = flat.clone();
    for (int p = 0; p < c.length / d; p++) {
      for (int i = 0; i < d; i++) {
        c[p * d + i] -= centre[i];
      }
    }
    return c;
  }
}
