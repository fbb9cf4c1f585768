package io.github.jvi.vi.cavi;

import io.github.jvi.core.linalg.Cholesky;

/**
 * Small dense matrix helpers for the D x D parameters (D is the data dimension, so these are never
 * on a per-point path); the Cholesky factor, log-determinant and inverse are core's
 * {@link Cholesky}.
 */
final class Dense {
  private Dense() {}

  /** Lower Cholesky factor L with A = L L^T; throws if A is not symmetric positive definite ({@link Cholesky#factor}). */
  static double[][] cholesky(double[][] a, String name) {
    return Cholesky.factor(a, name);
  }

  /** log det A from its Cholesky factor. */
  static double logDet(double[][] l) {
    return Cholesky.logDet(l);
  }

  /** A^-1 from the Cholesky factor of A. */
  static double[][] inverse(double[][] l) {
    return Cholesky.inverse(l);
  }

  /** A^-1 for a symmetric positive-definite A. */
  static double[][] inverseSpd(double[][] a, String name) {
    return Cholesky.inverseSpd(a, name);
  }

  /** x^T A y. */
  static double form(double[] x, double[][] a, double[] y) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < y.length; j++) {
        s += x[i] * a[i][j] * y[j];
      }
    }
    return s;
  }

  /** tr(A B) for symmetric A, B. */
  static double traceProduct(double[][] a, double[][] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a.length; j++) {
        s += a[i][j] * b[j][i];
      }
    }
    return s;
  }

  /** A x. */
  static double[] times(double[][] a, double[] x) {
    double[] y = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < x.length; j++) {
        y[i] += a[i][j] * x[j];
      }
    }
    return y;
  }

  /** c A. */
  static double[][] scale(double[][] a, double c) {
    double[][] out = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = new double[a[i].length];
      for (int j = 0; j < a[i].length; j++) {
        out[i][j] = c * a[i][j];
      }
    }
    return out;
  }

  /** A deep copy. */
  static double[][] copy(double[][] a) {
    double[][] out = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
    }
    return out;
  }

  /** A deep copy of an array of matrices. */
  static double[][][] copy(double[][][] a) {
    double[][][] out = new double[a.length][][];
    for (int i = 0; i < a.length; i++) {
      out[i] = copy(a[i]);
    }
    return out;
  }
}
