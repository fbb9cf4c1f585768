package io.github.jvi.vi.spark;

import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.cavi.BayesianGmm;
import io.github.jvi.vi.cavi.GmmGlobals;
import io.github.jvi.vi.cavi.Init;
import io.github.jvi.vi.cavi.MixtureStatistics;
import io.github.jvi.vi.svi.RowMoments;
import io.github.jvi.vi.svi.SviOptions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A CSV file on Spark for the Bayesian GMM: the context, the file's rows as cached centred blocks
 * and their moments. It owns the context it makes ({@link #close()} stops it). The file is read
 * with {@code textFile} (any Hadoop path: a local file, hdfs://, s3a://) in the format of
 * {@code jvi cavi gmm} (optional header, {@code #} comments and blank lines skipped); a malformed
 * line fails the job with a message naming the file, the partition and the line within it.
 */
public final class SparkGmmJob implements AutoCloseable {
  /** Rows per block of the cached RDD. */
  static final int BLOCK_ROWS = 4096;

  private final JavaSparkContext sc;
  private final JavaRDD<double[]> centred;
  private final RowMoments moments;
  private final int d;

  private SparkGmmJob(JavaSparkContext sc, JavaRDD<double[]> centred, RowMoments moments, int d) {
    this.sc = sc;
    this.centred = centred;
    this.moments = moments;
    this.d = d;
  }

  /**
   * Starts a context at {@code master} and reads the file.
   *
   * @param partitions minimum number of partitions, or null for Spark's default
   */
  public static SparkGmmJob open(String master, String path, Integer partitions) {
    Objects.requireNonNull(master, "master");
    Objects.requireNonNull(path, "path");
    if (partitions != null) {
      Check.atLeast("partitions", partitions, 1);
    }
    SparkConf conf = new SparkConf().setMaster(master).setAppName("jvi").set("spark.ui.enabled", "false");
    if (master.startsWith("local")) { // in-process: keep the driver on the loopback interface
      conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
    }
    JavaSparkContext sc = new JavaSparkContext(conf);
    try {
      JavaRDD<String> lines = partitions == null ? sc.textFile(path) : sc.textFile(path, partitions);
      // the width: the number of cells of the first line that is not blank or a comment
      List<String> head = SparkGmm.job("reading " + path, () -> lines.filter(l -> {
        String t = l.trim();
        return !t.isEmpty() && !t.startsWith("#");
      }).take(1));
      if (head.isEmpty()) {
        throw new IllegalArgumentException(path + ": no data rows");
      }
      int d = head.get(0).split(",", -1).length;
      JavaRDD<double[]> blocks = lines.mapPartitionsWithIndex((p, it) -> parse(path, d, p, it), true);
      RowMoments m = SparkGmm.moments(blocks, d);
      JavaRDD<double[]> c = SparkGmm.centred(blocks, m.mean());
      return new SparkGmmJob(sc, c, m, d);
    } catch (RuntimeException e) {
      sc.stop();
      throw e;
    }
  }

  /** The rows of one partition as blocks of up to {@link #BLOCK_ROWS} rows of {@code width} numbers. */
  private static Iterator<double[]> parse(String path, int width, int partition, Iterator<String> it) {
    List<double[]> out = new ArrayList<>();
    double[] buf = new double[BLOCK_ROWS * width];
    int rows = 0;
    long lineNo = 0;
    boolean first = true;
    while (it.hasNext()) {
      String line = it.next().trim();
      lineNo++;
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] cells = line.split(",", -1);
      if (first && partition == 0 && !numeric(cells[0].trim())) {
        first = false;
        continue; // the header
      }
      first = false;
      if (cells.length != width) {
        throw new IllegalArgumentException(path + ": partition " + partition + ", line " + lineNo
            + " of the partition: expected " + width + " columns, found " + cells.length + " in \"" + line + "\"");
      }
      for (int j = 0; j < width; j++) {
        String cell = cells[j].trim();
        double v;
        try {
          v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(path + ": partition " + partition + ", line " + lineNo
              + " of the partition: not a number: \"" + cell + "\" in \"" + line + "\"");
        }
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException(path + ": partition " + partition + ", line " + lineNo
              + " of the partition: value must be finite, found \"" + cell + "\"");
        }
        buf[rows * width + j] = v;
      }
      if (++rows == BLOCK_ROWS) {
        out.add(buf);
        buf = new double[BLOCK_ROWS * width];
        rows = 0;
      }
    }
    if (rows > 0) {
      out.add(java.util.Arrays.copyOf(buf, rows * width));
    }
    return out.iterator();
  }

  private static boolean numeric(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The context. */
  public JavaSparkContext context() {
    return sc;
  }

  /** The cached blocks, centred at {@link #mean()}. */
  public JavaRDD<double[]> centredBlocks() {
    return centred;
  }

  /** Number of rows N. */
  public long size() {
    return moments.count();
  }

  /** Numbers per row D. */
  public int dimension() {
    return d;
  }

  /** Mean row (the centre). */
  public double[] mean() {
    return moments.mean();
  }

  /** Covariance of the rows. */
  public double[][] covariance() {
    return moments.covariance();
  }

  /**
   * Initial statistics from batch CAVI (200 sweeps, 3 restarts of {@code init}) on a sample of
   * about 10000 rows taken to the driver ({@link GmmGlobals#seed}).
   */
  public MixtureStatistics seed(BayesianGmm model, Init init, long seed) {
    long n = size();
    int blocks = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (10_000 + BLOCK_ROWS - 1) / BLOCK_ROWS));
    List<double[]> sample = SparkGmm.job("sampling", () -> centred.takeSample(false, blocks, seed));
    int len = 0;
    for (double[] b : sample) {
      len += b.length;
    }
    double[] rows = new double[len];
    int at = 0;
    for (double[] b : sample) {
      System.arraycopy(b, 0, rows, at, b.length);
      at += b.length;
    }
    return GmmGlobals.seed(model, rows, n, io.github.jvi.vi.cavi.CaviOptions.of(200, 1e-8, 3, init), Rng.of(seed));
  }

  /** Full-batch CAVI from {@link #seed}. */
  public SparkFit cavi(BayesianGmm model, int maxIter, double tol, Init init, long seed) {
    return SparkGmm.cavi(centred, model, mean(), seed(model, init, seed), maxIter, tol);
  }

  /** SVI from {@link #seed}. */
  public SparkFit svi(BayesianGmm model, SviOptions options) {
    return SparkGmm.svi(centred, model, mean(), size(),
        seed(model, options.init(), options.seed()), options);
  }

  @Override
  public void close() {
    centred.unpersist();
    sc.stop();
  }
}
