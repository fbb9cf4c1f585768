package io.github.jvi.vi.svi;

import java.util.Objects;

/** Rows held in memory (row-major, {@code width} numbers per row): for tests and small data. */
public final class ArrayRows implements RowSource {
  private final double[] data;
  private final int width;
  private final String name;

  private ArrayRows(double[] data, int width, String name) {
    this.data = data;
    this.width = width;
    this.name = name;
  }

  /** Rows of x (each of the same length &gt;= 1, finite). The array is copied. */
  public static ArrayRows of(double[][] x) {
    Objects.requireNonNull(x, "x");
    if (x.length == 0 || x[0].length == 0) {
      throw new IllegalArgumentException("x must have at least one row and one column, found " + x.length + " rows");
    }
    int w = x[0].length;
    double[] d = new double[x.length * w];
    for (int i = 0; i < x.length; i++) {
      if (x[i].length != w) {
        throw new IllegalArgumentException("x: row " + i + " has " + x[i].length + " entries, expected " + w);
      }
      for (int j = 0; j < w; j++) {
        if (!Double.isFinite(x[i][j])) {
          throw new IllegalArgumentException("x[" + i + "][" + j + "] must be finite, found " + x[i][j]);
        }
        d[i * w + j] = x[i][j];
      }
    }
    return new ArrayRows(d, w, "array");
  }

  /** Rows of a row-major array of {@code width} numbers per row (finite). The array is copied. */
  public static ArrayRows of(double[] rows, int width) {
    Objects.requireNonNull(rows, "rows");
    if (width < 1 || rows.length == 0 || rows.length % width != 0) {
      throw new IllegalArgumentException("rows must hold a whole number (>= 1) of rows of width >= 1, found "
          + rows.length + " numbers and width " + width);
    }
    for (int i = 0; i < rows.length; i++) {
      if (!Double.isFinite(rows[i])) {
        throw new IllegalArgumentException("rows[" + i + "] must be finite, found " + rows[i]);
      }
    }
    return new ArrayRows(rows.clone(), width, "array");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public RowReader open() {
    return open(new RowReader.Mark(0, 1, 0));
  }

  @Override
  public RowReader open(RowReader.Mark mark) {
    return new RowReader() {
      private long row = mark.row();

      @Override
      public int read(double[] buf, int max) {
        long rows = data.length / width;
        int m = (int) Math.min(max, rows - row);
        System.arraycopy(data, (int) (row * width), buf, 0, m * width);
        row += m;
        return m;
      }

      @Override
      public Mark mark() {
        return new Mark(row, row + 1, row);
      }

      @Override
      public void close() {}
    };
  }
}
