package io.github.jvi.vi.svi;

import java.io.Serializable;

/**
 * Count, mean and scatter of rows, merged chunk by chunk (Chan, Golub and LeVeque 1979): a chunk's
 * mean and scatter are taken about its own mean, then
 * <pre>
 * M2 = M2_a + M2_b + (mean_b - mean_a)(mean_b - mean_a)^T n_a n_b / n,  mean = mean_a + (mean_b - mean_a) n_b / n
 * </pre>
 * so no precision is lost to a large offset. Serializable for Spark's treeAggregate.
 */
public final class RowMoments implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int w;
  private long n;
  private final double[] mean;
  private final double[] m2;

  /** Empty moments of rows of {@code width} numbers. */
  public RowMoments(int width) {
    if (width < 1) {
      throw new IllegalArgumentException("width must be >= 1, found " + width);
    }
    this.w = width;
    this.mean = new double[width];
    this.m2 = new double[width * width];
  }

  /** Adds rows [0, m) of a row-major array; returns this. */
  public RowMoments add(double[] rows, int m) {
    if (m == 0) {
      return this;
    }
    RowMoments c = new RowMoments(w);
    c.n = m;
    for (int p = 0; p < m; p++) {
      for (int i = 0; i < w; i++) {
        c.mean[i] += rows[p * w + i];
      }
    }
    for (int i = 0; i < w; i++) {
      c.mean[i] /= m;
    }
    for (int p = 0; p < m; p++) {
      for (int i = 0; i < w; i++) {
        double di = rows[p * w + i] - c.mean[i];
        for (int j = 0; j < w; j++) {
          c.m2[i * w + j] += di * (rows[p * w + j] - c.mean[j]);
        }
      }
    }
    return combine(c);
  }

  /** Merges another's rows into this; returns this. */
  public RowMoments combine(RowMoments o) {
    if (o.w != w) {
      throw new IllegalArgumentException("moments of rows of " + o.w + " numbers, expected " + w);
    }
    if (o.n == 0) {
      return this;
    }
    long tot = n + o.n;
    double f = (double) n * o.n / tot;
    for (int i = 0; i < w; i++) {
      for (int j = 0; j < w; j++) {
        m2[i * w + j] += o.m2[i * w + j] + (o.mean[i] - mean[i]) * (o.mean[j] - mean[j]) * f;
      }
    }
    for (int i = 0; i < w; i++) {
      mean[i] += (o.mean[i] - mean[i]) * ((double) o.n / tot);
    }
    n = tot;
    return this;
  }

  /** Number of rows. */
  public long count() {
    return n;
  }

  /** The mean row. */
  public double[] mean() {
    return mean.clone();
  }

  /** The covariance, scatter / N. */
  public double[][] covariance() {
    double[][] c = new double[w][w];
    for (int i = 0; i < w; i++) {
      for (int j = 0; j < w; j++) {
        c[i][j] = n > 0 ? m2[i * w + j] / n : 0;
      }
    }
    return c;
  }
}
