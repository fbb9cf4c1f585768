package io.github.jvi.core.model;

import io.github.jvi.core.autodiff.Var;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A table of N rows: named float64 columns (one value per row) and matrices (D values per row),
 * the data of a row-summed {@link Factor}. Values are copied in and checked finite; the arrays that
 * factors see ({@link #column}, {@link #matrix}) are made once per table and shared.
 *
 * <p>Immutable and thread-safe. {@link #rows(int[])} selects a minibatch.
 */
public final class Data {
  private final int rows;
  private final Map<String, double[]> values; // row-major
  private final Map<String, Integer> widths; // 0 for a column
  private final Map<String, Var> cache = new ConcurrentHashMap<>();

  private Data(int rows, Map<String, double[]> values, Map<String, Integer> widths) {
    this.rows = rows;
    this.values = values;
    this.widths = widths;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A table of one column. */
  public static Data of(String name, double[] column) {
    return builder().column(name, column).build();
  }

  /** N. */
  public int rows() {
    return rows;
  }

  /** The names of the columns and matrices. */
  public Set<String> names() {
    return Collections.unmodifiableSet(values.keySet());
  }

  /** The column {@code name} as a constant float64 vector [N]. */
  public Var column(String name) {
    int w = width(name);
    if (w != 0) {
      throw new IllegalArgumentException("'" + name + "' is a matrix with " + w + " columns; use matrix(\"" + name + "\")");
    }
    return cache.computeIfAbsent(name, k -> Var.constant(Nd4j.createFromArray(values.get(k))));
  }

  /** The matrix {@code name} as a constant float64 array [N, D]. */
  public Var matrix(String name) {
    int w = width(name);
    if (w == 0) {
      throw new IllegalArgumentException("'" + name + "' is a column; use column(\"" + name + "\")");
    }
    return cache.computeIfAbsent(name, k -> Var.constant(Nd4j.create(values.get(k), new long[] {rows, w}, 'c')));
  }

  /** A copy of the column {@code name}'s values (row-major for a matrix). */
  public double[] values(String name) {
    width(name);
    return values.get(name).clone();
  }

  /** D for a matrix, 0 for a column. */
  public int width(String name) {
    Integer w = widths.get(name);
    if (w == null) {
      throw new IllegalArgumentException("no column named '" + name + "'; the data have " + values.keySet());
    }
    return w;
  }

  /** The rows at the given indices (a minibatch), in that order. */
  public Data rows(int[] index) {
    Map<String, double[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> e : values.entrySet()) {
      int w = Math.max(1, widths.get(e.getKey()));
      double[] src = e.getValue();
      double[] dst = new double[index.length * w];
      for (int i = 0; i < index.length; i++) {
        int r = index[i];
        if (r < 0 || r >= rows) {
          throw new IllegalArgumentException("row index must be in [0, " + rows + "), found " + r);
        }
        System.arraycopy(src, r * w, dst, i * w, w);
      }
      out.put(e.getKey(), dst);
    }
    return new Data(index.length, out, widths);
  }

  @Override
  public String toString() {
    return "Data(" + rows + " rows, " + values.keySet() + ")";
  }

  /** Builds a {@link Data}; every column and matrix must have the same number of rows. */
  public static final class Builder {
    private final Map<String, double[]> values = new LinkedHashMap<>();
    private final Map<String, Integer> widths = new LinkedHashMap<>();
    private int rows = -1;

    private Builder() {}

    /** A column of finite values, one per row. */
    public Builder column(String name, double[] column) {
      Objects.requireNonNull(column, name);
      rows(name, column.length);
      finite(name, column, 0);
      values.put(name, column.clone());
      widths.put(name, 0);
      return this;
    }

    /** A column from a float64-convertible vector. */
    public Builder column(String name, INDArray column) {
      return column(name, column.castTo(DataType.DOUBLE).dup('c').data().asDouble());
    }

    /** A matrix of finite values, {@code matrix[n]} the n-th row; all rows of equal length &gt;= 1. */
    public Builder matrix(String name, double[][] matrix) {
      Objects.requireNonNull(matrix, name);
      rows(name, matrix.length);
      int w = matrix.length == 0 ? 1 : matrix[0].length;
      if (w < 1) {
        throw new IllegalArgumentException(name + " must have at least one column, found 0");
      }
      double[] flat = new double[matrix.length * w];
      for (int i = 0; i < matrix.length; i++) {
        if (matrix[i].length != w) {
          throw new IllegalArgumentException(name + "[" + i + "] must have " + w + " values like row 0, found "
              + matrix[i].length);
        }
        System.arraycopy(matrix[i], 0, flat, i * w, w);
      }
      finite(name, flat, w);
      values.put(name, flat);
      widths.put(name, w);
      return this;
    }

    private void rows(String name, int n) {
      if (values.containsKey(name)) {
        throw new IllegalArgumentException("a column named '" + name + "' was already added");
      }
      if (rows >= 0 && n != rows) {
        throw new IllegalArgumentException(name + " must have " + rows + " rows like the columns before it, found " + n);
      }
      rows = n;
    }

    private static void finite(String name, double[] v, int w) {
      for (int i = 0; i < v.length; i++) {
        if (!Double.isFinite(v[i])) {
          String at = w == 0 ? "[" + i + "]" : "[" + (i / w) + "][" + (i % w) + "]";
          throw new IllegalArgumentException(name + at + " must be finite, found " + v[i]);
        }
      }
    }

    /** The table. */
    public Data build() {
      if (rows < 0) {
        throw new IllegalArgumentException("data need at least one column");
      }
      return new Data(rows, new LinkedHashMap<>(values), new LinkedHashMap<>(widths));
    }
  }
}
