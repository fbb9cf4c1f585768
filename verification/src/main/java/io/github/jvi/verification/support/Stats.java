package io.github.jvi.verification.support;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Sample statistics in float64 with their standard errors, for Monte Carlo checks whose tolerance
 * is a multiple of the standard error.
 */
public final class Stats {
  private Stats() {}

  /** The values of an array, row-major, as float64. */
  public static double[] values(INDArray a) {
    return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
  }

  /** The sample mean. */
  public static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  /** The unbiased sample variance. */
  public static double variance(double[] x) {
    double m = mean(x);
    double s = 0;
    for (double v : x) {
      s += (v - m) * (v - m);
    }
    return s / (x.length - 1);
  }

  /** The standard error of the sample mean, sd / sqrt(n). */
  public static double standardError(double[] x) {
    return Math.sqrt(variance(x) / x.length);
  }

  /**
   * The standard error of the sample variance, sqrt((m4 - s^4) / n + 2 s^4 / (n (n - 1))) with the
   * fourth central moment m4 and the variance s^2 estimated from the sample: the exact variance of
   * the unbiased sample variance, (mu4 - sigma^4 (n - 3) / (n - 1)) / n, written so that its
   * second-order term keeps it positive where the first vanishes (a symmetric two-point law, such
   * as a Bernoulli with p = 1/2, has mu4 = sigma^4).
   */
  public static double varianceStandardError(double[] x) {
    double m = mean(x);
    double m2 = 0;
    double m4 = 0;
    for (double v : x) {
      double d = (v - m) * (v - m);
      m2 += d;
      m4 += d * d;
    }
    int n = x.length;
    m2 /= n;
    m4 /= n;
    return Math.sqrt(Math.max(m4 - m2 * m2, 0) / n + 2 * m2 * m2 / ((double) n * (n - 1)));
  }

  /** Column j of a row-major [n, k] array given as its values. */
  public static double[] column(double[] flat, int k, int j) {
    double[] c = new double[flat.length / k];
    for (int i = 0; i < c.length; i++) {
      c[i] = flat[i * k + j];
    }
    return c;
  }

  /** Element-wise product of two equal-length vectors. */
  public static double[] times(double[] a, double[] b) {
    double[] c = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i] * b[i];
    }
    return c;
  }

  /** a - c element-wise. */
  public static double[] minus(double[] a, double c) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] - c;
    }
    return out;
  }
}
