package io.github.jvi.vi.svi;

import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.cavi.BayesianGmm;
import io.github.jvi.vi.cavi.GmmGlobals;
import io.github.jvi.vi.cavi.MixtureLocalStep;
import io.github.jvi.vi.cavi.MixtureStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stochastic variational inference (Hoffman, Blei, Wang and Paisley 2013, Algorithm 2) for the
 * {@link BayesianGmm} on a stream of rows, in memory that does not grow with N.
 *
 * <p><b>Step t</b> (t = 1, 2, ...), for a minibatch of B training points:
 * <ol>
 *   <li>local step: the responsibilities of the minibatch under the current global factors and
 *       their statistics s_B ({@link MixtureLocalStep}, exact for these models: the block E-step of
 *       batch CAVI);</li>
 *   <li>global step: with rho_t = (t + tau)^-kappa and N' = N - H training points,
 *       s &lt;- (1 - rho_t) s + rho_t (N'/B) s_B ({@link MixtureStatistics#blend}), which is the
 *       natural-gradient step lambda &lt;- (1 - rho_t) lambda + rho_t (eta0 + (N'/B) s_B) on the
 *       natural parameters lambda = eta0 + s; then the factors from s by the same function batch
 *       CAVI uses ({@link BayesianGmm#globals}).</li>
 * </ol>
 * With B = N' and rho = 1 a step is one CAVI update from the full batch's statistics.
 *
 * <p><b>Stream.</b> A {@link StreamScan} first counts the rows, takes their mean (the centre) and
 * covariance, marks blocks of rows and holds out H rows. Each pass visits the blocks in a random
 * order and shuffles the rows of {@code windowBlocks} blocks at a time before cutting them into
 * minibatches. The initial factors come from batch CAVI on the held-out rows
 * ({@link SviOptions#initOptions()}: restarts of k-means++ by default), their statistics scaled to N'. Every {@code reportEvery} steps (and after the
 * last) the held-out ELBO per point is recorded: the mean of log sum_k rho_nk over the held-out rows
 * plus the global term over N'. After the last pass one more pass computes the ELBO of all N rows.
 *
 * <p><b>Memory</b>: the window ({@code windowBlocks * blockRows * D} doubles, 16 MiB at the defaults
 * and D = 8), the minibatch, the H held-out rows and one mark per block: independent of N but for
 * the marks (24 bytes per block, 37 KB for N = 10^8 at the default block of 65536 rows).
 */
public final class StochasticGmm {
  private static final Logger LOG = LoggerFactory.getLogger(StochasticGmm.class);

  private final BayesianGmm model;
  private final SviOptions options;

  private StochasticGmm(BayesianGmm model, SviOptions options) {
    this.model = model;
    this.options = options;
  }

  /** SVI for {@code model} with {@code options}. */
  public static StochasticGmm of(BayesianGmm model, SviOptions options) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(options, "options");
    return new StochasticGmm(model, options);
  }

  /** Scans the source with this run's block size, held-out size and seed. */
  public StreamScan scan(RowSource source) {
    return StreamScan.of(source, options.blockRows(), options.holdout(), Rng.of(options.seed()));
  }

  /** Scans the source and fits. */
  public SviFit fit(RowSource source) {
    return fit(scan(source), true);
  }

  /**
   * Fits on a scanned source.
   *
   * @param finalElbo whether to make one more pass for the ELBO of all N rows
   */
  public SviFit fit(StreamScan scan, boolean finalElbo) {
    Objects.requireNonNull(scan, "scan");
    int d = model.dimension();
    if (scan.width() != d) {
      throw new IllegalArgumentException(scan.source().name() + ": rows must have D = " + d + " numbers, found "
          + scan.width());
    }
    long n = scan.size();
    int h = scan.heldOutSize();
    long nTrain = n - h;
    int k = model.components();
    if (h < k || nTrain < 1) {
      throw new IllegalArgumentException("SVI needs at least 10 K points (a held-out slice of at least K = " + k
          + " rows), found N = " + n);
    }
    double[] centre = scan.mean();
    double[] held = scan.heldOut();
    centreRows(held, h, centre);
    Rng rng = Rng.of(options.seed()).split();
    MixtureStatistics stats = GmmGlobals.seed(model, held, nTrain, options.initOptions(), rng);
    GmmGlobals g = model.globals(stats, centre);
    Run run = new Run(g, stats, nTrain, held, h);
    long t0 = System.nanoTime();
    run.t0 = t0;
    int blockRows = scan.blockRows();
    int window = options.windowBlocks();
    List<RowReader.Mark> marks = scan.blocks();
    long[] heldRows = scan.heldOutRows();
    double[] win = new double[window * blockRows * d];
    double[] blockBuf = new double[blockRows * d];
    double[] batch = new double[options.batch() * d];
    int inBatch = 0;
    for (int pass = 0; pass < options.passes(); pass++) {
      int[] order = rng.permutation(marks.size());
      for (int w0 = 0; w0 < order.length; w0 += window) {
        int rows = 0;
        for (int b = w0; b < Math.min(order.length, w0 + window); b++) {
          RowReader.Mark mark = marks.get(order[b]);
          int m;
          try (RowReader r = scan.source().open(mark)) {
            m = r.read(blockBuf, blockRows);
          }
          // drop the held-out rows of this block (both lists ascending)
          int hi = lowerBound(heldRows, mark.row());
          for (int p = 0; p < m; p++) {
            long row = mark.row() + p;
            if (hi < heldRows.length && heldRows[hi] == row) {
              hi++;
              continue;
            }
            System.arraycopy(blockBuf, p * d, win, rows * d, d);
            rows++;
          }
        }
        centreRows(win, rows, centre);
        int[] perm = rng.permutation(rows);
        for (int p = 0; p < rows; p++) {
          System.arraycopy(win, perm[p] * d, batch, inBatch * d, d);
          if (++inBatch == options.batch()) {
            run.step(batch, inBatch);
            inBatch = 0;
          }
        }
      }
      LOG.debug("SVI pass {}: {} steps, held-out ELBO per point {}", pass + 1, run.t, run.lastHeldOut);
    }
    if (inBatch > 0) {
      run.step(batch, inBatch);
    }
    if (run.t % options.reportEvery() != 0) {
      run.report();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double elbo = Double.NaN;
    if (finalElbo) {
      elbo = elbo(scan.source(), run.g);
    }
    return new SviFit(run.g, n, elbo, run.t, toLongs(run.steps), toLongs(run.points), toDoubles(run.seconds),
        toDoubles(run.heldOut), seconds);
  }

  /**
   * The ELBO of all rows of a source under given global factors: one E-step pass, sum_n log sum_k
   * rho_nk plus the global term.
   */
  public static double elbo(RowSource source, GmmGlobals g) {
    MixtureLocalStep step = g.localStep();
    MixtureStatistics acc = step.emptyStatistics();
    double[] centre = g.centre();
    int d = centre.length;
    int chunk = 1 << 16;
    double[] buf = new double[chunk * d];
    try (RowReader r = source.open()) {
      int m;
      while ((m = r.read(buf, chunk)) > 0) {
        centreRows(buf, m, centre);
        step.accumulate(buf, 0, m, acc);
      }
    }
    return acc.logSumExp() + g.globalTerm();
  }

  /**
   * One SVI step on the statistics: the local step of the current factors on a minibatch of b
   * centred rows (the block E-step of batch CAVI, {@link MixtureLocalStep#statistics}), its
   * statistics s_B scaled by nTrain / b, and the natural-gradient step
   * {@code stats.blend(rho, (nTrain / b) s_B)}. With the full batch (b = nTrain, rows in the
   * engine's order) and rho = 1 the result is the E-step statistics of a CAVI sweep bit for bit, so
   * the factors made from it are that sweep's.
   *
   * @param local the local step of the factors made from {@code stats}
   * @param rho step size in (0, 1]
   * @param batch row-major centred rows, {@code local.width()} numbers each
   * @param b rows in the minibatch, &gt;= 1
   * @param nTrain number of training points N the minibatch stands for
   */
  public static MixtureStatistics step(MixtureLocalStep local, MixtureStatistics stats, double rho, double[] batch,
      int b, long nTrain) {
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(stats, "stats");
    if (b < 1) {
      throw new IllegalArgumentException("b (minibatch rows) must be >= 1, found " + b);
    }
    if (nTrain < 1) {
      throw new IllegalArgumentException("nTrain must be >= 1, found " + nTrain);
    }
    MixtureStatistics sb = local.statistics(batch, 0, b);
    return stats.blend(rho, sb.scaled((double) nTrain / b));
  }

  /** The mutable state of one run. */
  private final class Run {
    GmmGlobals g;
    MixtureLocalStep local;
    MixtureStatistics stats;
    final long nTrain;
    final double[] held;
    final int h;
    long t;
    long seen;
    long t0;
    double lastHeldOut = Double.NaN;
    final List<Long> steps = new ArrayList<>();
    final List<Long> points = new ArrayList<>();
    final List<Double> seconds = new ArrayList<>();
    final List<Double> heldOut = new ArrayList<>();

    Run(GmmGlobals g, MixtureStatistics stats, long nTrain, double[] held, int h) {
      this.g = g;
      this.local = g.localStep();
      this.stats = stats;
      this.nTrain = nTrain;
      this.held = held;
      this.h = h;
    }

    void step(double[] batch, int b) {
      t++;
      stats = StochasticGmm.step(local, stats, options.rho(t), batch, b, nTrain);
      g = model.globals(stats, g.centre());
      local = g.localStep();
      seen += b;
      if (t % options.reportEvery() == 0) {
        report();
      }
    }

    void report() {
      MixtureStatistics acc = local.statistics(held, 0, h);
      lastHeldOut = acc.logSumExp() / h + g.globalTerm() / nTrain;
      steps.add(t);
      points.add(seen);
      seconds.add((System.nanoTime() - t0) / 1e9);
      heldOut.add(lastHeldOut);
    }
  }

  static void centreRows(double[] rows, int m, double[] centre) {
    int d = centre.length;
    for (int p = 0; p < m; p++) {
      for (int i = 0; i < d; i++) {
        rows[p * d + i] -= centre[i];
      }
    }
  }

  private static int lowerBound(long[] a, long v) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static long[] toLongs(List<Long> l) {
    return l.stream().mapToLong(Long::longValue).toArray();
  }

  private static double[] toDoubles(List<Double> l) {
    return l.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
