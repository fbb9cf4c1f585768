package io.github.jvi.vi.svi;

import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One pass over a {@link RowSource} before SVI: the number of rows N, their mean and covariance
 * (for the centring and the default prior), the mark of every block of {@code blockRows} rows (so
 * that later passes can visit the blocks in any order), and a uniform sample of H rows without
 * replacement (reservoir sampling, Vitter's Algorithm R) held out from training. The whole file is
 * parsed, so a malformed line anywhere is reported before any fitting. Memory: the H held-out rows,
 * one mark per block and one chunk of rows.
 *
 * <p>The moments are merged block by block ({@link RowMoments}).
 */
public final class StreamScan {
  private final RowSource source;
  private final long n;
  private final double[] mean;
  private final double[][] cov;
  private final List<RowReader.Mark> blocks;
  private final int blockRows;
  private final double[] held;
  private final long[] heldRows;

  private StreamScan(RowSource source, long n, double[] mean, double[][] cov, List<RowReader.Mark> blocks,
      int blockRows, double[] held, long[] heldRows) {
    this.source = source;
    this.n = n;
    this.mean = mean;
    this.cov = cov;
    this.blocks = blocks;
    this.blockRows = blockRows;
    this.held = held;
    this.heldRows = heldRows;
  }

  /**
   * Scans the source.
   *
   * @param blockRows rows per block, &gt;= 1
   * @param holdout rows to hold out, &gt;= 1; capped at N / 10 (at least 1)
   * @param rng stream of the held-out sample
   */
  public static StreamScan of(RowSource source, int blockRows, int holdout, Rng rng) {
    return of(source, blockRows, holdout, rng, null);
  }

  /** A check of one row beyond finiteness (e.g. a count column), throwing IllegalArgumentException. */
  @FunctionalInterface
  public interface RowCheck {
    /** Checks the row at {@code rows[offset ..]}; the message should name the column and the value. */
    void check(double[] rows, int offset);
  }

  /**
   * As {@link #of(RowSource, int, int, Rng)}, checking every row with {@code check} (null: none):
   * a row it rejects is an IllegalArgumentException "NAME: row R: message" (R from 1).
   */
  public static StreamScan of(RowSource source, int blockRows, int holdout, Rng rng, RowCheck check) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(rng, "rng");
    Check.atLeast("blockRows", blockRows, 1);
    Check.atLeast("holdout", holdout, 1);
    int w = source.width();
    List<RowReader.Mark> marks = new ArrayList<>();
    double[] buf = new double[blockRows * w];
    RowMoments moments = new RowMoments(w);
    long n = 0;
    double[] res = new double[holdout * w];
    long[] resRows = new long[holdout];
    try (RowReader r = source.open()) {
      while (true) {
        RowReader.Mark mark = r.mark();
        int m = r.read(buf, blockRows);
        if (m == 0) {
          break;
        }
        marks.add(mark);
        if (check != null) {
          for (int p = 0; p < m; p++) {
            try {
              check.check(buf, p * w);
            } catch (IllegalArgumentException e) {
              throw new IllegalArgumentException(source.name() + ": row " + (n + p + 1) + ": " + e.getMessage(), e);
            }
          }
        }
        moments.add(buf, m);
        // reservoir
        for (int p = 0; p < m; p++) {
          long idx = n + p;
          int slot;
          if (idx < holdout) {
            slot = (int) idx;
          } else {
            long j = (long) (rng.nextDouble() * (idx + 1));
            if (j >= holdout) {
              continue;
            }
            slot = (int) j;
          }
          resRows[slot] = idx;
          System.arraycopy(buf, p * w, res, slot * w, w);
        }
        n += m;
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException(source.name() + ": no data rows");
    }
    int h = (int) Math.max(1, Math.min(holdout, n / 10));
    // the reservoir is a uniform subset of min(holdout, N) rows; h of its slots drawn at random are a
    // uniform subset of h rows
    int filled = (int) Math.min(holdout, n);
    int[] perm = rng.permutation(filled);
    Integer[] order = new Integer[Math.min(h, filled)];
    for (int i = 0; i < order.length; i++) {
      order[i] = perm[i];
    }
    Arrays.sort(order, (a, b) -> Long.compare(resRows[a], resRows[b]));
    double[] held = new double[order.length * w];
    long[] heldRows = new long[order.length];
    for (int i = 0; i < order.length; i++) {
      heldRows[i] = resRows[order[i]];
      System.arraycopy(res, order[i] * w, held, i * w, w);
    }
    return new StreamScan(source, n, moments.mean(), moments.covariance(), List.copyOf(marks), blockRows, held, heldRows);
  }

  /** The source scanned. */
  public RowSource source() {
    return source;
  }

  /** N, the number of rows. */
  public long size() {
    return n;
  }

  /** Numbers per row. */
  public int width() {
    return source.width();
  }

  /** Mean of the rows. */
  public double[] mean() {
    return mean.clone();
  }

  /** Covariance of the rows (divided by N). */
  public double[][] covariance() {
    double[][] c = new double[cov.length][];
    for (int i = 0; i < c.length; i++) {
      c[i] = cov[i].clone();
    }
    return c;
  }

  /** Marks of the blocks, in file order. */
  public List<RowReader.Mark> blocks() {
    return blocks;
  }

  /** Rows per block. */
  public int blockRows() {
    return blockRows;
  }

  /** The held-out rows, row-major, in file order. */
  public double[] heldOut() {
    return held.clone();
  }

  /** Number of held-out rows H. */
  public int heldOutSize() {
    return heldRows.length;
  }

  /** Row numbers of the held-out rows, ascending. */
  long[] heldOutRows() {
    return heldRows;
  }
}
