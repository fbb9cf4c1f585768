package io.github.jvi.vi.svi;

import io.github.jvi.core.model.Data;
import io.github.jvi.gpu.Rng;
import java.util.List;
import java.util.Objects;

/**
 * The rows of a row-summed factor read from a file (or any {@link RowSource}) in bounded memory, as
 * minibatches for stochastic VI on data larger than memory ({@link io.github.jvi.vi.advi.Advi#stream}).
 *
 * <p>The rows are read in order into a window of {@code window} rows, which is shuffled and handed
 * out B rows at a time; at the end of the file the next pass starts from the first row. Over a pass
 * every row is used exactly once, so the N / B-scaled minibatch sums of a pass add up to the full
 * sum (Hoffman et al. 2013 sample uniformly; a shuffled window is the streaming approximation, as in
 * Spark's and Vowpal Wabbit's passes). Memory: the window ({@code window} x width doubles) and one
 * reader's buffer, whatever N. N is counted by one pass when the stream is made, which also
 * surfaces a malformed line anywhere in the file (the error names the file and line).
 *
 * <p>Stateful and not thread-safe: one stream belongs to one fit.
 */
public final class RowStream {
  private final RowSource source;
  private final List<String> names;
  private final long rows;
  private final int width;
  private final double[] window;
  private final int windowRows;
  private RowReader reader;
  private int filled;
  private int next;

  private RowStream(RowSource source, List<String> names, long rows, int windowRows) {
    this.source = source;
    this.names = names;
    this.rows = rows;
    this.width = source.width();
    this.windowRows = windowRows;
    this.window = new double[windowRows * width];
  }

  /**
   * The rows of {@code source}, its columns named {@code names} (one per column, the names the
   * factor reads with {@code rows.column(name)}), handed out through a shuffled window of
   * {@code windowRows} rows.
   */
  public static RowStream of(RowSource source, List<String> names, int windowRows) {
    Objects.requireNonNull(source, "source");
    if (names.size() != source.width()) {
      throw new IllegalArgumentException("names must name the " + source.width() + " columns of " + source.name()
          + ", found " + names.size() + " names " + names);
    }
    if (windowRows < 1) {
      throw new IllegalArgumentException("windowRows must be >= 1, found " + windowRows);
    }
    long n = 0;
    double[] buf = new double[4096 * source.width()];
    try (RowReader r = source.open()) {
      int got;
      while ((got = r.read(buf, 4096)) > 0) {
        n += got;
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException(source.name() + " has no rows");
    }
    return new RowStream(source, List.copyOf(names), n, (int) Math.min(windowRows, n));
  }

  /** N, the number of rows. */
  public long rows() {
    return rows;
  }

  /** The next b rows of the shuffled passes, as a {@link Data} table with the given column names. */
  public Data next(int b, Rng rng) {
    if (b < 1) {
      throw new IllegalArgumentException("b must be >= 1, found " + b);
    }
    double[][] cols = new double[width][b];
    for (int i = 0; i < b; i++) {
      if (next == filled) {
        refill(rng);
      }
      for (int j = 0; j < width; j++) {
        cols[j][i] = window[next * width + j];
      }
      next++;
    }
    Data.Builder d = Data.builder();
    for (int j = 0; j < width; j++) {
      d.column(names.get(j), cols[j]);
    }
    return d.build();
  }

  /** Reads the next window of rows (wrapping to the first row at the end of the file) and shuffles it. */
  private void refill(Rng rng) {
    filled = 0;
    while (filled < windowRows) {
      if (reader == null) {
        reader = source.open();
      }
      double[] chunk = new double[(windowRows - filled) * width];
      int got = reader.read(chunk, windowRows - filled);
      if (got == 0) {
        reader.close();
        reader = null; // the next pass
        if (filled > 0) {
          break; // hand out the end of this pass before starting the next
        }
        continue;
      }
      System.arraycopy(chunk, 0, window, filled * width, got * width);
      filled += got;
    }
    for (int i = filled - 1; i > 0; i--) { // Fisher-Yates over the window's rows
      int j = rng.nextInt(i + 1);
      for (int c = 0; c < width; c++) {
        double t = window[i * width + c];
        window[i * width + c] = window[j * width + c];
        window[j * width + c] = t;
      }
    }
    next = 0;
  }
}
