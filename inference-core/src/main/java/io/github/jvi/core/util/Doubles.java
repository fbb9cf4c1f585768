package io.github.jvi.core.util;

import io.github.jvi.core.autodiff.Var;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * float64 Java arrays to and from jvi's arrays (ND4J {@link INDArray}s and {@link Var}s), so that a
 * batch of scalar distributions is one line: {@code Normal.of(Doubles.vector(0, 1, 2),
 * Doubles.vector(1, 1, 3))}, and a result comes back as {@code Doubles.toVector(d.mean())}.
 * Every array made here is float64 in C order; the inputs are copied.
 */
public final class Doubles {
  private Doubles() {}

  /** A float64 vector [n] of the values (n &gt;= 1). */
  public static INDArray vector(double... values) {
    Objects.requireNonNull(values, "values");
    if (values.length == 0) {
      throw new IllegalArgumentException("values must not be empty, found 0 entries");
    }
    return Nd4j.createFromArray(values.clone());
  }

  /** A float64 matrix [rows, cols] of rectangular rows (at least one row and one column). */
  public static INDArray matrix(double[][] rows) {
    Objects.requireNonNull(rows, "rows");
    if (rows.length == 0 || rows[0] == null || rows[0].length == 0) {
      throw new IllegalArgumentException("rows must hold at least one non-empty row, found "
          + (rows.length == 0 ? "no rows" : "an empty first row"));
    }
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] == null || rows[i].length != rows[0].length) {
        throw new IllegalArgumentException("rows must all have " + rows[0].length + " entries, found "
            + (rows[i] == null ? "null" : Integer.toString(rows[i].length)) + " in row " + i);
      }
    }
    double[][] copy = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      copy[i] = rows[i].clone();
    }
    return Nd4j.createFromArray(copy);
  }

  /** A constant {@link Var} holding the float64 vector. */
  public static Var var(double... values) {
    return Var.constant(vector(values));
  }

  /** The values of an array of any shape, in C order, as float64. */
  public static double[] toVector(INDArray a) {
    Objects.requireNonNull(a, "a");
    return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
  }

  /** The values of a Var of any shape, in C order, as float64. */
  public static double[] toVector(Var v) {
    Objects.requireNonNull(v, "v");
    return toVector(v.value());
  }

  /** The rows of a rank-2 array as float64. */
  public static double[][] toMatrix(INDArray a) {
    Objects.requireNonNull(a, "a");
    if (a.rank() != 2) {
      throw new IllegalArgumentException("a must be a rank-2 array, found shape " + Arrays.toString(a.shape()));
    }
    return a.castTo(DataType.DOUBLE).toDoubleMatrix();
  }

  /** The rows of a rank-2 Var as float64. */
  public static double[][] toMatrix(Var v) {
    Objects.requireNonNull(v, "v");
    return toMatrix(v.value());
  }
}
