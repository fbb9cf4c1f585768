package io.github.jvi.vi.cavi;

/**
 * Small dense symmetric positive-definite matrix helpers for the D x D parameters (D is the data
 * dimension, so these are never on a per-point path): Cholesky factor, log-determinant, inverse.
 */
final class Dense {
  private Dense() {}

  /** Lower Cholesky factor L with A = L L^T; throws if A is not symmetric positive definite. */
  static double[][] cholesky(double[][] a, String name) {
    int d = a.length;
    double[][] l = new double[d][d];
    for (int i = 0; i < d; i++) {
      if (a[i].length != d) {
        throw new IllegalArgumentException(name + " must be square, found a row of length " + a[i].length
            + " in a " + d + "-row matrix");
      }
      for (int j = 0; j <= i; j++) {
        double s = a[i][j];
        if (!(Math.abs(a[i][j] - a[j][i]) <= 1e-10 * Math.max(1, Math.abs(a[i][j])))) {
          throw new IllegalArgumentException(name + " must be symmetric, found " + a[i][j] + " at (" + i
              + "," + j + ") and " + a[j][i] + " at (" + j + "," + i + ")");
        }
        for (int m = 0; m < j; m++) {
          s -= l[i][m] * l[j][m];
        }
        if (i == j) {
          if (!(s > 0) || Double.isInfinite(s)) {
            throw new IllegalArgumentException(name + " must be finite and positive definite, found pivot " + s
                + " at row " + i);
          }
          l[i][i] = Math.sqrt(s);
        } else {
          l[i][j] = s / l[j][j];
        }
      }
    }
    return l;
  }

  /** log det A from its Cholesky factor. */
  static double logDet(double[][] l) {
    double s = 0;
    for (int i = 0; i < l.length; i++) {
      s += Math.log(l[i][i]);
    }
    return 2 * s;
  }

  /** A^-1 from the Cholesky factor of A. */
  static double[][] inverse(double[][] l) {
    int d = l.length;
    // inverse of L by forward substitution, then A^-1 = L^-T L^-1
    double[][] li = new double[d][d];
    for (int j = 0; j < d; j++) {
      li[j][j] = 1 / l[j][j];
      for (int i = j + 1; i < d; i++) {
        double s = 0;
        for (int m = j; m < i; m++) {
          s -= l[i][m] * li[m][j];
        }
        li[i][j] = s / l[i][i];
      }
    }
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

  /** A^-1 for a symmetric positive-definite A. */
  static double[][] inverseSpd(double[][] a, String name) {
    return inverse(cholesky(a, name));
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
