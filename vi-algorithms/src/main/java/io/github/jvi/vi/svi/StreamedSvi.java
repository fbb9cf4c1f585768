package io.github.jvi.vi.svi;

import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.cavi.MixtureLocalStep;
import io.github.jvi.vi.cavi.MixtureStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream machinery of SVI shared by the conjugate mixtures ({@link StochasticGmm},
 * {@link StochasticEarthquake}): passes over a scanned stream whose blocks are visited in a random
 * order, rows of {@code windowBlocks} blocks shuffled at a time and cut into minibatches, the held-out
 * rows skipped in training, the SVI step ({@link StochasticGmm#step}) with rho_t = (t + tau)^-kappa,
 * a held-out ELBO per point every {@code reportEvery} steps and after the last, and an optional last
 * pass for the ELBO of all N rows. A model supplies what differs ({@link Mixture}): how a stream row
 * becomes a row of its E-step (centring, the order of the columns), the globals made from
 * statistics, the k-independent part of the ELBO and the initial statistics.
 *
 * @param <G> the model's global factors
 */
final class StreamedSvi<G> {
  private static final Logger LOG = LoggerFactory.getLogger(StreamedSvi.class);

  /** What a mixture supplies to the stream machinery. */
  interface Mixture<G> {
    /** Numbers per stream row. */
    int streamWidth();

    /** K. */
    int components();

    /**
     * Writes the E-step rows (the local step's width each, centred) of m stream rows; {@code out}
     * may be {@code in}.
     */
    void prepare(double[] in, int m, double[] out);

    /** sum over the m prepared rows of the k-independent part g_n of log rho_nk (0 for the GMM). */
    double constant(double[] prepared, int m);

    /** Initial statistics from the prepared held-out rows, standing for {@code nTrain} points. */
    MixtureStatistics seed(double[] prepared, int m, long nTrain, Rng rng);

    /** The global factors made from statistics (the update batch CAVI uses). */
    G globals(MixtureStatistics stats);

    /** The E-step under the factors. */
    MixtureLocalStep localStep(G g);

    /** E[log p(theta)] - E[log q(theta)] of the factors. */
    double globalTerm(G g);
  }

  private final Mixture<G> model;
  private final SviOptions options;

  StreamedSvi(Mixture<G> model, SviOptions options) {
    this.model = Objects.requireNonNull(model, "model");
    this.options = Objects.requireNonNull(options, "options");
  }

  /** Fits on a scanned source; {@code finalElbo}: one more pass for the ELBO of all N rows. */
  SviFit<G> fit(StreamScan scan, boolean finalElbo) {
    Objects.requireNonNull(scan, "scan");
    int w = model.streamWidth();
    if (scan.width() != w) {
      throw new IllegalArgumentException(scan.source().name() + ": rows must have " + w + " numbers, found "
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
    double[] held = scan.heldOut();
    model.prepare(held, h, held);
    double heldConstant = model.constant(held, h);
    Rng rng = Rng.of(options.seed()).split();
    MixtureStatistics stats = model.seed(held, h, nTrain, rng);
    Run run = new Run(model.globals(stats), stats, nTrain, held, h, heldConstant);
    long t0 = System.nanoTime();
    run.t0 = t0;
    int blockRows = scan.blockRows();
    int window = options.windowBlocks();
    List<RowReader.Mark> marks = scan.blocks();
    long[] heldRows = scan.heldOutRows();
    double[] win = new double[window * blockRows * w];
    double[] blockBuf = new double[blockRows * w];
    double[] batch = new double[options.batch() * w];
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
            System.arraycopy(blockBuf, p * w, win, rows * w, w);
            rows++;
          }
        }
        model.prepare(win, rows, win);
        int[] perm = rng.permutation(rows);
        for (int p = 0; p < rows; p++) {
          System.arraycopy(win, perm[p] * w, batch, inBatch * w, w);
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
    double elbo = finalElbo ? elbo(scan.source(), run.g) : Double.NaN;
    return new SviFit<>(run.g, n, elbo, run.t, toLongs(run.steps), toLongs(run.points), toDoubles(run.seconds),
        toDoubles(run.heldOut), seconds);
  }

  /** The ELBO of all rows of a source under given factors: one E-step pass. */
  double elbo(RowSource source, G g) {
    MixtureLocalStep step = model.localStep(g);
    MixtureStatistics acc = step.emptyStatistics();
    int w = model.streamWidth();
    int chunk = 1 << 16;
    double[] buf = new double[chunk * w];
    double constant = 0;
    try (RowReader r = source.open()) {
      int m;
      while ((m = r.read(buf, chunk)) > 0) {
        model.prepare(buf, m, buf);
        constant += model.constant(buf, m);
        step.accumulate(buf, 0, m, acc);
      }
    }
    return acc.logSumExp() + constant + model.globalTerm(g);
  }

  /** The mutable state of one run. */
  private final class Run {
    G g;
    MixtureLocalStep local;
    MixtureStatistics stats;
    final long nTrain;
    final double[] held;
    final int h;
    final double heldConstant;
    long t;
    long seen;
    long t0;
    double lastHeldOut = Double.NaN;
    final List<Long> steps = new ArrayList<>();
    final List<Long> points = new ArrayList<>();
    final List<Double> seconds = new ArrayList<>();
    final List<Double> heldOut = new ArrayList<>();

    Run(G g, MixtureStatistics stats, long nTrain, double[] held, int h, double heldConstant) {
      this.g = g;
      this.local = model.localStep(g);
      this.stats = stats;
      this.nTrain = nTrain;
      this.held = held;
      this.h = h;
      this.heldConstant = heldConstant;
    }

    void step(double[] batch, int b) {
      t++;
      stats = StochasticGmm.step(local, stats, options.rho(t), batch, b, nTrain);
      g = model.globals(stats);
      local = model.localStep(g);
      seen += b;
      if (t % options.reportEvery() == 0) {
        report();
      }
    }

    void report() {
      MixtureStatistics acc = local.statistics(held, 0, h);
      lastHeldOut = (acc.logSumExp() + heldConstant) / h + model.globalTerm(g) / nTrain;
      steps.add(t);
      points.add(seen);
      seconds.add((System.nanoTime() - t0) / 1e9);
      heldOut.add(lastHeldOut);
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
