package io.github.jvi.vi.spark;

import io.github.jvi.core.util.Check;
import io.github.jvi.vi.cavi.BayesianGmm;
import io.github.jvi.vi.cavi.GmmGlobals;
import io.github.jvi.vi.cavi.MixtureBlock;
import io.github.jvi.vi.cavi.MixtureLocalStep;
import io.github.jvi.vi.cavi.MixtureStatistics;
import io.github.jvi.vi.cavi.Threading;
import io.github.jvi.vi.svi.RowMoments;
import io.github.jvi.vi.svi.SviOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link BayesianGmm} on Apache Spark, after MLlib's {@code GaussianMixture} (EM whose
 * sufficient statistics are combined with {@code treeAggregate}) and {@code OnlineLDAOptimizer}
 * (online variational Bayes).
 *
 * <p>The data are an RDD of blocks: each element a row-major {@code double[]} of some rows of D
 * numbers ({@link #blocks}). Each iteration is one job: it sends the local step of the current
 * global factors ({@link MixtureLocalStep}, a few hundred bytes, inside the job's function, which
 * Spark broadcasts), each partition adds its points' responsibilities to a {@link MixtureStatistics}
 * (K (1 + D + D^2) + 2 numbers, whatever the partition's size), the partitions' statistics are
 * combined (on the driver in partition order, or in a treeAggregate tree when there are many:
 * {@link #aggregate(JavaRDD, PartitionStep, String, long)}), and the driver updates the factors
 * with {@link BayesianGmm#globals}, the update batch CAVI and SVI use. The partitions' E-step is the
 * block E-step of single-machine CAVI: full-batch CAVI first turns each partition's rows into
 * feature blocks of {@link #FEATURE_BLOCK} points ({@link #features}, cached: 8 F bytes a point
 * off the heap, F = 6 for D = 2), and every sweep runs the vectorised step on them; SVI gathers a
 * partition's sampled rows and runs the same step on them at once.
 * <ul>
 *   <li>{@link #cavi}: full-batch CAVI; it gives the single-machine result to rounding (the sums
 *       are only grouped differently).</li>
 *   <li>{@link #svi}: SVI (Hoffman et al. 2013) on minibatches drawn on the executors, each row
 *       kept with probability B/N (Bernoulli sampling, by geometric skips) with a seed per step and
 *       block, the statistics scaled by N / (rows drawn).</li>
 * </ul>
 * A failed job (a bad partition) is one {@link IllegalStateException} naming the iteration and
 * the first cause. Nothing here sets Spark's configuration; the caller owns the context.
 */
public final class SparkGmm {
  private static final Logger LOG = LoggerFactory.getLogger(SparkGmm.class);

  /** Depth of the aggregation tree (MLlib's default). */
  static final int DEPTH = 2;

  /**
   * Points per cached feature block: large enough that the per-operation cost of the block E-step
   * (some microseconds per ND4J call) is small against its arithmetic, and within the engine's
   * block sizes (8192 to 131072).
   */
  public static final int FEATURE_BLOCK = 1 << 16;

  private SparkGmm() {}

  /**
   * An RDD of blocks of the rows of x ({@code blockRows} rows per block) in {@code partitions}
   * partitions, for tests and data already on the driver.
   */
  public static JavaRDD<double[]> blocks(JavaSparkContext sc, double[][] x, int partitions, int blockRows) {
    Objects.requireNonNull(sc, "sc");
    Objects.requireNonNull(x, "x");
    Check.atLeast("partitions", partitions, 1);
    Check.atLeast("blockRows", blockRows, 1);
    if (x.length == 0) {
      throw new IllegalArgumentException("x must not be empty (found 0 rows)");
    }
    int d = x[0].length;
    List<double[]> out = new ArrayList<>();
    for (int lo = 0; lo < x.length; lo += blockRows) {
      int hi = Math.min(x.length, lo + blockRows);
      double[] b = new double[(hi - lo) * d];
      for (int i = lo; i < hi; i++) {
        if (x[i].length != d) {
          throw new IllegalArgumentException("x: row " + i + " has " + x[i].length + " entries, expected " + d);
        }
        System.arraycopy(x[i], 0, b, (i - lo) * d, d);
      }
      out.add(b);
    }
    return sc.parallelize(out, partitions);
  }

  /** Count, mean and covariance of the rows (one treeAggregate). */
  public static RowMoments moments(JavaRDD<double[]> blocks, int d) {
    Check.atLeast("d", d, 1);
    return job("moments", () -> blocks.treeAggregate(new RowMoments(d), (acc, b) -> acc.add(b, rows(b, d)),
        RowMoments::combine, DEPTH));
  }

  /** The blocks with {@code centre} subtracted from every row, persisted in memory (the caller unpersists). */
  public static JavaRDD<double[]> centred(JavaRDD<double[]> blocks, double[] centre) {
    double[] c = centre.clone();
    int d = c.length;
    return blocks.map(b -> {
      int m = rows(b, d);
      double[] out = new double[b.length];
      for (int p = 0; p < m; p++) {
        for (int i = 0; i < d; i++) {
          out[p * d + i] = b[p * d + i] - c[i];
        }
      }
      return out;
    }).persist(StorageLevel.MEMORY_ONLY());
  }

  /**
   * The features of centred blocks of D-dimensional rows ({@link MixtureBlock}), the rows of each
   * partition gathered into blocks of {@link #FEATURE_BLOCK} points (the last one of a partition
   * shorter), persisted in memory (the caller unpersists; {@link #cavi} does so for its own).
   */
  public static JavaRDD<MixtureBlock> features(JavaRDD<double[]> centredBlocks, int d) {
    Objects.requireNonNull(centredBlocks, "centredBlocks");
    Check.atLeast("d", d, 1);
    return centredBlocks.mapPartitions(it -> {
      List<MixtureBlock> out = new ArrayList<>();
      double[] buf = new double[FEATURE_BLOCK * d];
      int fill = 0;
      while (it.hasNext()) {
        double[] b = it.next();
        int m = rows(b, d);
        int at = 0;
        while (at < m) {
          int take = Math.min(m - at, FEATURE_BLOCK - fill);
          System.arraycopy(b, at * d, buf, fill * d, take * d);
          fill += take;
          at += take;
          if (fill == FEATURE_BLOCK) {
            out.add(MixtureBlock.of(buf, 0, fill, 0, d));
            fill = 0;
          }
        }
      }
      if (fill > 0) {
        out.add(MixtureBlock.of(buf, 0, fill, 0, d));
      }
      return out.iterator();
    }, true).persist(StorageLevel.MEMORY_ONLY());
  }

  /**
   * Full-batch CAVI on centred blocks: from {@code init} (statistics in the same centred
   * coordinates), at most {@code maxIter} sweeps, stopping when |L_t - L_(t-1)| &lt;= tol |L_t|.
   * The rows' features are made once ({@link #features}), kept for the sweeps and dropped at the end.
   */
  public static SparkFit cavi(JavaRDD<double[]> centredBlocks, BayesianGmm model, double[] centre,
      MixtureStatistics init, int maxIter, double tol) {
    Objects.requireNonNull(centredBlocks, "centredBlocks");
    Objects.requireNonNull(model, "model");
    JavaRDD<MixtureBlock> f = features(centredBlocks, model.dimension());
    try {
      return caviOnFeatures(f, model, centre, init, maxIter, tol);
    } finally {
      f.unpersist();
    }
  }

  /** {@link #cavi} on feature blocks already made ({@link #features}) and kept by the caller. */
  public static SparkFit caviOnFeatures(JavaRDD<MixtureBlock> features, BayesianGmm model, double[] centre,
      MixtureStatistics init, int maxIter, double tol) {
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(init, "init");
    Check.atLeast("maxIter", maxIter, 1);
    Check.nonNegative("tol", tol);
    GmmGlobals g = model.globals(init, centre);
    double[] trace = new double[maxIter];
    double[] seconds = new double[maxIter];
    long n = 0;
    boolean converged = false;
    int it = 0;
    while (it < maxIter) {
      long t0 = System.nanoTime();
      MixtureStatistics s = aggregate(features, g.localStep(), "CAVI sweep " + (it + 1));
      n = s.points();
      double elbo = s.logSumExp() + g.globalTerm();
      trace[it] = elbo;
      it++;
      boolean stop = false;
      if (it >= 2 && Math.abs(elbo - trace[it - 2]) <= tol * Math.abs(elbo)) {
        converged = true;
        stop = true;
      }
      if (!stop && it < maxIter) {
        g = model.globals(s, centre);
      }
      seconds[it - 1] = (System.nanoTime() - t0) / 1e9;
      if (stop) {
        break;
      }
    }
    LOG.debug("Spark CAVI: {} sweeps, ELBO {}", it, trace[it - 1]);
    return new SparkFit(g, n, Arrays.copyOf(trace, it), Arrays.copyOf(seconds, it), it, converged);
  }

  /**
   * SVI on centred blocks of N points: {@code options.passes() * N / options.batch()} steps from
   * {@code init}, each on a Bernoulli sample of the rows with rate B/N, then one aggregation for
   * the ELBO of all N points under the final factors.
   */
  public static SparkFit svi(JavaRDD<double[]> centredBlocks, BayesianGmm model, double[] centre, long n,
      MixtureStatistics init, SviOptions options) {
    Objects.requireNonNull(centredBlocks, "centredBlocks");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(init, "init");
    Objects.requireNonNull(options, "options");
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, found " + n);
    }
    int d = model.dimension();
    double rate = Math.min(1.0, (double) options.batch() / n);
    long steps = Math.max(1, (long) Math.ceil(options.passes() / rate));
    MixtureStatistics stats = init;
    GmmGlobals g = model.globals(stats, centre);
    double[] seconds = new double[(int) steps];
    for (long t = 1; t <= steps; t++) {
      long t0 = System.nanoTime();
      MixtureStatistics sb = aggregate(centredBlocks, g.localStep(), d, "SVI step " + t, rate,
          options.seed() * 0x9E3779B97F4A7C15L + t);
      if (sb.points() > 0) {
        stats = stats.blend(options.rho(t), sb.scaled((double) n / sb.points()));
        g = model.globals(stats, centre);
      }
      seconds[(int) (t - 1)] = (System.nanoTime() - t0) / 1e9;
    }
    MixtureStatistics all = aggregate(centredBlocks, g.localStep(), d, "SVI ELBO", 0, 0);
    double elbo = all.logSumExp() + g.globalTerm();
    return new SparkFit(g, all.points(), new double[] {elbo}, seconds, (int) steps, false);
  }

  /**
   * The statistics of every point of the feature blocks, each partition's from
   * {@link MixtureLocalStep#statistics(java.util.Iterator)}
   * ({@link #aggregate(JavaRDD, PartitionStep, String, long)}).
   */
  static MixtureStatistics aggregate(JavaRDD<MixtureBlock> features, MixtureLocalStep step,
      String what) {
    return aggregate(features, new FeatureStep(step), what, DIRECT_BYTES);
  }

  /**
   * The statistics of every row of the row blocks (rate 0) or of a Bernoulli sample with the given
   * rate and seed. Each partition gathers its rows (or the rows drawn) and runs the block E-step on
   * them at once ({@link MixtureLocalStep#statistics}).
   */
  static MixtureStatistics aggregate(JavaRDD<double[]> blocks, MixtureLocalStep step, int d,
      String what, double rate, long seed) {
    return aggregate(blocks, new SampleStep(step, d, rate, seed), what, DIRECT_BYTES);
  }

  /**
   * Partition results the driver takes directly in one iteration, in bytes (8 a number,
   * {@link MixtureStatistics#numbers()} numbers a partition); above it, the partitions' statistics
   * are merged in a {@code treeAggregate} tree of depth {@link #DEPTH} on the executors.
   */
  static final long DIRECT_BYTES = 64L << 20;

  /**
   * One job of the iteration: each partition's statistics from {@code fn}, combined into one.
   * <ul>
   *   <li>While the partitions' statistics together fit {@code directBytes}, one
   *       {@code SparkContext.runJob} of {@code fn} itself brings them to the driver, where they are
   *       added in partition order, so the result does not depend on which task finished first.
   *       This is the last level of {@code treeAggregate} (all of it for depth 2 up to 4
   *       partitions) without its costs: treeAggregate and fold wrap the function in Scala closures,
   *       which Spark's ClosureCleaner inspects by reading their class files with ASM on every job,
   *       and it creates two RDDs a job. Measured on local[2] over 2 partitions of 64 points: 4-5
   *       ms an iteration against 11-12 ms for a broadcast and treeAggregate
   *       ({@code docs/notes/spark-iteration.md}).</li>
   *   <li>Otherwise (many partitions, or large K D^2) treeAggregate, whose tree keeps the
   *       driver's intake bounded; its merge order follows the tasks' completion.</li>
   * </ul>
   * The current factors travel inside {@code fn} (a few hundred bytes): Spark broadcasts every
   * stage's serialised function once per executor, so an explicit {@code sc.broadcast} of the
   * factors would be a second broadcast (and a destroy) each iteration.
   */
  static <T> MixtureStatistics aggregate(JavaRDD<T> rdd, PartitionStep<T> fn, String what, long directBytes) {
    int p = rdd.getNumPartitions();
    MixtureStatistics acc = fn.step.emptyStatistics();
    if ((double) p * 8 * acc.numbers() <= directBytes) {
      java.util.List<Object> ids = new ArrayList<>(p);
      for (int i = 0; i < p; i++) {
        ids.add(i);
      }
      scala.collection.Seq<Object> partitions = scala.collection.JavaConverters.asScalaBuffer(ids).toSeq();
      MixtureStatistics[] parts = job(what, () -> (MixtureStatistics[]) rdd.context().runJob(rdd.rdd(), fn,
          partitions, scala.reflect.ClassTag$.MODULE$.apply(MixtureStatistics.class)));
      for (MixtureStatistics s : parts) {
        acc.combine(s);
      }
      return acc;
    }
    return job(what, () -> rdd.mapPartitions(it -> List.of(fn.statistics(it,
        taskThreading(org.apache.spark.TaskContext.get()))).iterator())
        .treeAggregate(acc, MixtureStatistics::combine, MixtureStatistics::combine, DEPTH));
  }

  /**
   * A partition's E-step as the function of a Spark job: a named class rather than a lambda, so
   * that Spark's ClosureCleaner, which only inspects closures, passes it by (it still checks that
   * it serialises).
   */
  abstract static class PartitionStep<T>
      extends scala.runtime.AbstractFunction2<org.apache.spark.TaskContext, scala.collection.Iterator<T>, MixtureStatistics>
      implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final MixtureLocalStep step;

    PartitionStep(MixtureLocalStep step) {
      this.step = Objects.requireNonNull(step, "step");
    }

    /** The statistics of one partition's elements, the E-step's blocks on {@code threading}. */
    abstract MixtureStatistics statistics(java.util.Iterator<T> it, Threading threading);

    /** As above, on the calling thread. */
    final MixtureStatistics statistics(java.util.Iterator<T> it) {
      return statistics(it, Threading.sequential());
    }

    @Override
    public final MixtureStatistics apply(org.apache.spark.TaskContext context, scala.collection.Iterator<T> it) {
      return statistics(scala.collection.JavaConverters.asJavaIterator(it), taskThreading(context));
    }
  }

  /** The E-step over a partition's cached feature blocks. */
  static final class FeatureStep extends PartitionStep<MixtureBlock> {
    private static final long serialVersionUID = 1L;

    FeatureStep(MixtureLocalStep step) {
      super(step);
    }

    @Override
    MixtureStatistics statistics(java.util.Iterator<MixtureBlock> it, Threading threading) {
      // the partition's blocks through the engine's sweep (moments added in block order, converted once)
      return step.statistics(it, threading);
    }
  }

  /** The E-step over a partition's row blocks: all rows (rate 0) or a Bernoulli sample of them. */
  static final class SampleStep extends PartitionStep<double[]> {
    private static final long serialVersionUID = 1L;
    private final int d;
    private final double rate;
    private final long seed;

    SampleStep(MixtureLocalStep step, int d, double rate, long seed) {
      super(step);
      this.d = d;
      this.rate = rate;
      this.seed = seed;
    }

    @Override
    MixtureStatistics statistics(java.util.Iterator<double[]> it, Threading threading) {
      double[] buf = new double[1024 * d];
      int fill = 0;
      while (it.hasNext()) {
        double[] b = it.next();
        int m = rows(b, d);
        if (rate <= 0) {
          buf = ensure(buf, (fill + m) * d);
          System.arraycopy(b, 0, buf, fill * d, m * d);
          fill += m;
        } else {
          // a seed per step and block from the block's first number and length: O(1) per block, so a
          // step costs O(rows drawn + blocks), not O(N)
          long blockKey = (m == 0 ? 0 : Double.doubleToLongBits(b[0])) * 31 + b.length;
          SplittableRandom rng = new SplittableRandom(seed ^ (blockKey * 0xBF58476D1CE4E5B9L));
          double logKeep = Math.log1p(-rate);
          long p = rate >= 1 ? 0 : (long) Math.floor(Math.log(1 - rng.nextDouble()) / logKeep);
          while (p < m) {
            buf = ensure(buf, (fill + 1) * d);
            System.arraycopy(b, (int) p * d, buf, fill * d, d);
            fill++;
            p += rate >= 1 ? 1 : 1 + (long) Math.floor(Math.log(1 - rng.nextDouble()) / logKeep);
          }
        }
      }
      return step.statistics(buf, 0, fill, threading);
    }
  }

  /**
   * The threads of a task: the {@code spark.task.cpus} its scheduler reserved for it (the
   * caller's setting; 1 by default). With more than one, the task spreads its partition's blocks
   * over that many threads, with the same bits as on one: so one partition per executor with
   * {@code spark.task.cpus} = its cores runs as the single-machine sweep does, with one task to
   * schedule instead of one per core.
   */
  static Threading taskThreading(org.apache.spark.TaskContext context) {
    int cpus = context == null ? 1 : context.cpus();
    return cpus > 1 ? Threading.threads(cpus) : Threading.sequential();
  }

  private static double[] ensure(double[] buf, int length) {
    return length <= buf.length ? buf : Arrays.copyOf(buf, Math.max(length, 2 * buf.length));
  }

  /** Rows in a block, checking its length. */
  static int rows(double[] b, int d) {
    if (b == null || b.length % d != 0) {
      throw new IllegalArgumentException("a block of " + (b == null ? "null" : b.length + " numbers")
          + " is not a whole number of rows of D = " + d);
    }
    return b.length / d;
  }

  /** Runs a Spark action, turning a failed job into one IllegalStateException with its first cause. */
  static <T> T job(String what, java.util.function.Supplier<T> action) {
    try {
      return action.get();
    } catch (Exception e) { // SparkException is checked, but Scala throws it undeclared
      if (e instanceof RuntimeException re && !(e.getCause() instanceof SparkException)
          && !e.getClass().getName().startsWith("org.apache.spark")) {
        throw re;
      }
      throw new IllegalStateException("Spark job failed (" + what + "): " + rootMessage(e), e);
    }
  }

  /** The innermost cause's class and message (Spark wraps a task's exception in its own). */
  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String msg = t.getMessage() == null ? "" : t.getMessage();
    if (t instanceof SparkException) {
      // no cause attached: the task's exception is in the message, after "failure: "
      int at = msg.indexOf("failure: ");
      String first = msg.substring(at < 0 ? 0 : at + 9);
      int nl = first.indexOf('\n');
      return nl < 0 ? first : first.substring(0, nl);
    }
    return t.getClass().getSimpleName() + ": " + msg;
  }
}
