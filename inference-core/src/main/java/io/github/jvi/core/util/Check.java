package io.github.jvi.core.util;

import io.github.jvi.core.autodiff.Var;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Argument checks for factories. Each throws {@link IllegalArgumentException} whose message names
 * the parameter and the offending value, NaN included: comparisons are written so that NaN fails
 * them ({@code !(x > 0)}).
 */
public final class Check {
  private Check() {}

  /** x &gt; 0. */
  public static double positive(String name, double x) {
    if (!(x > 0) || x == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(name + " must be finite and > 0, found " + x);
    }
    return x;
  }

  /** x &gt;= 0 and finite. */
  public static double nonNegative(String name, double x) {
    if (!(x >= 0) || x == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, found " + x);
    }
    return x;
  }

  /** x finite (not NaN, not infinite). */
  public static double finite(String name, double x) {
    if (!Double.isFinite(x)) {
      throw new IllegalArgumentException(name + " must be finite, found " + x);
    }
    return x;
  }

  /** lo &lt;= x &lt;= hi. */
  public static double inClosed(String name, double x, double lo, double hi) {
    if (!(x >= lo && x <= hi)) {
      throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "], found " + x);
    }
    return x;
  }

  /** lo &lt; x &lt; hi. */
  public static double inOpen(String name, double x, double lo, double hi) {
    if (!(x > lo && x < hi)) {
      throw new IllegalArgumentException(name + " must be in (" + lo + ", " + hi + "), found " + x);
    }
    return x;
  }

  /** n &gt;= min. */
  public static int atLeast(String name, int n, int min) {
    if (n < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", found " + n);
    }
    return n;
  }

  /** Every element finite and &gt; 0. */
  public static INDArray positive(String name, INDArray x) {
    return elements(name, x, v -> v > 0 && v != Double.POSITIVE_INFINITY, "finite and > 0");
  }

  /** Every element finite and &gt;= 0. */
  public static INDArray nonNegative(String name, INDArray x) {
    return elements(name, x, v -> v >= 0 && v != Double.POSITIVE_INFINITY, "finite and >= 0");
  }

  /** Every element finite. */
  public static INDArray finite(String name, INDArray x) {
    return elements(name, x, Double::isFinite, "finite");
  }

  /** Every element in [lo, hi]. */
  public static INDArray inClosed(String name, INDArray x, double lo, double hi) {
    return elements(name, x, v -> v >= lo && v <= hi, "in [" + lo + ", " + hi + "]");
  }

  /** Every element in (lo, hi). */
  public static INDArray inOpen(String name, INDArray x, double lo, double hi) {
    return elements(name, x, v -> v > lo && v < hi, "in (" + lo + ", " + hi + ")");
  }

  /**
   * Every element of a graph value finite and &gt; 0: for a value on the host path a scan of its
   * doubles (no ND4J array made), otherwise {@link #positive(String, INDArray)}.
   */
  public static Var positive(String name, Var x) {
    if (x != null && x.isHost()) {
      elements(name, x.hostValues(), v -> v > 0 && v != Double.POSITIVE_INFINITY, "finite and > 0");
      return x;
    }
    positive(name, x == null ? null : x.value());
    return x;
  }

  /** Every element of a graph value finite (see {@link #positive(String, Var)}). */
  public static Var finite(String name, Var x) {
    if (x != null && x.isHost()) {
      elements(name, x.hostValues(), Double::isFinite, "finite");
      return x;
    }
    finite(name, x == null ? null : x.value());
    return x;
  }

  private static void elements(String name, double[] v, java.util.function.DoublePredicate ok, String what) {
    for (int i = 0; i < v.length; i++) {
      if (!ok.test(v[i])) {
        throw new IllegalArgumentException(name + " must be " + what + ", found " + v[i]
            + (v.length > 1 ? " at flat index " + i : ""));
      }
    }
  }

  /** Rank at least {@code min}. */
  public static INDArray rankAtLeast(String name, INDArray x, int min) {
    if (x.rank() < min) {
      throw new IllegalArgumentException(name + " must have rank >= " + min + ", found shape "
          + Arrays.toString(x.shape()));
    }
    return x;
  }

  /** A condition on shapes, with a message. */
  public static void shape(boolean ok, String name, String expected, long[] found) {
    if (!ok) {
      throw new IllegalArgumentException(name + " must have " + expected + ", found shape "
          + Arrays.toString(found));
    }
  }

  private static INDArray elements(String name, INDArray x, java.util.function.DoublePredicate ok,
      String what) {
    if (x == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    // fast path: every predicate here is a finite interval, so a finite sum (no NaN, no infinity)
    // with min and max inside the interval means every element is; otherwise scan to report
    if (x.length() == 0) {
      return x;
    }
    double sum = x.sumNumber().doubleValue();
    if (Double.isFinite(sum)) {
      double min = x.minNumber().doubleValue();
      if (ok.test(min) && ok.test(x.maxNumber().doubleValue())) {
        return x;
      }
    }
    double[] v = x.dup('c').data().asDouble();
    for (int i = 0; i < v.length; i++) {
      if (!ok.test(v[i])) {
        throw new IllegalArgumentException(name + " must be " + what + ", found " + v[i]
            + (v.length > 1 ? " at flat index " + i : ""));
      }
    }
    return x;
  }
}
