package io.github.jvi.verification.support;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** jqwik arbitraries for probability vectors and positive-definite matrices. */
public final class Generators {
  private Generators() {}

  /** v / sum(v). */
  public static double[] normalise(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] / s;
    }
    return out;
  }

  /** Pairs of probability vectors of a common length K in [2, maxK], entries at least about minWeight / K. */
  public static Arbitrary<double[][]> simplexPairs(int maxK, double minWeight) {
    return Arbitraries.integers().between(2, maxK).flatMap(k -> Arbitraries.doubles().between(minWeight, 1.0).ofScale(6)
        .array(double[].class).ofSize(k).list().ofSize(2)
        .map(l -> new double[][] {normalise(l.get(0)), normalise(l.get(1))}));
  }

  /** Pairs of positive vectors of a common length K in [2, maxK] with entries in [lo, hi]. */
  public static Arbitrary<double[][]> positivePairs(int maxK, double lo, double hi) {
    return Arbitraries.integers().between(2, maxK).flatMap(k -> Arbitraries.doubles().between(lo, hi).ofScale(6)
        .array(double[].class).ofSize(k).list().ofSize(2).map(l -> new double[][] {l.get(0), l.get(1)}));
  }

  /** Two Gaussians in dimension d: means and covariance matrices. */
  public record GaussianPair(int d, double[] m1, double[][] s1, double[] m2, double[][] s2) {
    @Override
    public String toString() {
      return "d=" + d + " m1=" + java.util.Arrays.toString(m1) + " S1=" + java.util.Arrays.deepToString(s1)
          + " m2=" + java.util.Arrays.toString(m2) + " S2=" + java.util.Arrays.deepToString(s2);
    }
  }

  /** A A^T / d + ridge I from the d x d entries of A (row-major): symmetric positive definite. */
  public static double[][] spd(double[] a, int d, double ridge) {
    double[][] s = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        double v = 0;
        for (int k = 0; k < d; k++) {
          v += a[i * d + k] * a[j * d + k];
        }
        s[i][j] = v / d + (i == j ? ridge : 0);
        s[j][i] = s[i][j];
      }
    }
    return s;
  }

  /** Gaussian pairs in dimension [1, maxD]: means in [-2, 2], covariances A A^T / d + 0.2 I with A entries in [-2, 2]. */
  public static Arbitrary<GaussianPair> gaussianPairs(int maxD) {
    return Arbitraries.integers().between(1, maxD).flatMap(d -> Arbitraries.doubles().between(-2, 2).ofScale(6)
        .array(double[].class).ofSize(2 * d * d + 2 * d).map(v -> {
          double[] m1 = java.util.Arrays.copyOfRange(v, 0, d);
          double[] m2 = java.util.Arrays.copyOfRange(v, d, 2 * d);
          double[][] s1 = spd(java.util.Arrays.copyOfRange(v, 2 * d, 2 * d + d * d), d, 0.2);
          double[][] s2 = spd(java.util.Arrays.copyOfRange(v, 2 * d + d * d, 2 * d + 2 * d * d), d, 0.2);
          return new GaussianPair(d, m1, s1, m2, s2);
        }));
  }
}
