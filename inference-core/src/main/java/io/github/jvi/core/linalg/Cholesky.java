package io.github.jvi.core.linalg;

/**
 * The Cholesky factorisation A = L L^T of a small dense symmetric positive-definite matrix (as
 * {@code double[][]}; D x D parameters, never a per-point path), with what follows from L:
 * <pre>
 * L_jj = sqrt(A_jj - sum_{k&lt;j} L_jk^2),   L_ij = (A_ij - sum_{k&lt;j} L_ik L_jk) / L_jj   (i &gt; j)
 * log det A = 2 sum_j log L_jj,   A^-1 = L^-T L^-1,   L^-1 by forward substitution
 * </pre>
 * (Golub &amp; Van Loan, Matrix Computations, 4th ed., algorithm 4.2.1; the sums are taken in
 * increasing k, so every caller gets the same bits). Only the lower triangle of A is read.
 */
public final class Cholesky {
  private Cholesky() {}

  /**
   * The lower factor L of A, or null when a pivot is not &gt; 0 (A not positive definite, or NaN).
   * No other check: A is taken as symmetric.
   */
  public static double[][] factorOrNull(double[][] a) {
    int d = a.length;
    double[][] l = new double[d][d];
    return decompose(a, l) < 0 ? l : null;
  }

  /**
   * The lower factor L of A, checked: A square, symmetric within 1e-10 relative, finite pivots
   * &gt; 0.
   *
   * @param name the matrix's name for the exception
   * @throws IllegalArgumentException naming the matrix and the value found otherwise
   */
  public static double[][] factor(double[][] a, String name) {
    int d = a.length;
    for (int i = 0; i < d; i++) {
      if (a[i] == null || a[i].length != d) {
        throw new IllegalArgumentException(name + " must be square, found a row of length "
            + (a[i] == null ? "null" : Integer.toString(a[i].length)) + " in a " + d + "-row matrix");
      }
    }
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < i; j++) {
        if (!(Math.abs(a[i][j] - a[j][i]) <= 1e-10 * Math.max(1, Math.abs(a[i][j])))) {
          throw new IllegalArgumentException(name + " must be symmetric, found " + a[i][j] + " at (" + i + ","
              + j + ") and " + a[j][i] + " at (" + j + "," + i + ")");
        }
      }
    }
    double[][] l = new double[d][d];
    int bad = decompose(a, l);
    if (bad >= 0) {
      throw new IllegalArgumentException(name + " must be finite and positive definite, found pivot " + pivot(a, l, bad)
          + " at row " + bad);
    }
    return l;
  }

  /** Fills l column by column; returns the first row whose pivot is not finite and &gt; 0, or -1. */
  private static int decompose(double[][] a, double[][] l) {
    int d = a.length;
    for (int j = 0; j < d; j++) {
      double s = pivot(a, l, j);
      if (!(s > 0) || Double.isInfinite(s)) {
        return j;
      }
      l[j][j] = Math.sqrt(s);
      for (int i = j + 1; i < d; i++) {
        double t = a[i][j];
        for (int k = 0; k < j; k++) {
          t -= l[i][k] * l[j][k];
        }
        l[i][j] = t / l[j][j];
      }
    }
    return -1;
  }

  private static double pivot(double[][] a, double[][] l, int j) {
    double s = a[j][j];
    for (int k = 0; k < j; k++) {
      s -= l[j][k] * l[j][k];
    }
    return s;
  }

  /** log det A = 2 sum log L_jj from the factor L. */
  public static double logDet(double[][] l) {
    double s = 0;
    for (int i = 0; i < l.length; i++) {
      s += Math.log(l[i][i]);
    }
    return 2 * s;
  }

  /** The inverse of a lower-triangular matrix with a non-zero diagonal (forward substitution). */
  public static double[][] lowerInverse(double[][] l) {
    int d = l.length;
    double[][] inv = new double[d][d];
    for (int j = 0; j < d; j++) {
      inv[j][j] = 1.0 / l[j][j];
      for (int i = j + 1; i < d; i++) {
        double s = 0;
        for (int k = j; k < i; k++) {
          s += l[i][k] * inv[k][j];
        }
        inv[i][j] = -s / l[i][i];
      }
    }
    return inv;
  }

  /** A^-1 = L^-T L^-1 from the factor L (exactly symmetric). */
  public static double[][] inverse(double[][] l) {
    int d = l.length;
    double[][] li = lowerInverse(l);
    double[][] inv = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        double s = 0;
        for (int m = i; m < d; m++) {
          s += li[m][i] * li[m][j];
        }
        inv[i][j] = s;
        inv[j][i] = s;
      }
    }
    return inv;
  }

  /** A^-1 for a symmetric positive-definite A, checked as {@link #factor}. */
  public static double[][] inverseSpd(double[][] a, String name) {
    return inverse(factor(a, name));
  }
}
