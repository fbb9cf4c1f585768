package io.github.jvi.vi.svi;

import java.io.Closeable;

/** Reads rows of a {@link RowSource} in order; a malformed row is an error naming the file and line. */
public interface RowReader extends Closeable {
  /**
   * Where a row starts: its byte offset in the file (or index in an array), the line number it is
   * on (1-based; the row number plus one for sources without lines) and its row number (0-based).
   */
  record Mark(long offset, long line, long row) {}

  /**
   * Reads up to {@code max} rows into {@code buf} (row-major, {@link RowSource#width()} numbers per
   * row, from index 0).
   *
   * @return rows read; 0 only at the end
   */
  int read(double[] buf, int max);

  /** The mark of the next row to be read. */
  Mark mark();

  @Override
  void close();
}
