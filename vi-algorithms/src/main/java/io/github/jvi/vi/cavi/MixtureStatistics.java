package io.github.jvi.vi.cavi;

import io.github.jvi.core.util.Check;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * The expected sufficient statistics of a conjugate mixture, per component k, about a reference
 * point r_k (the component's current mean, so that the moments keep their precision):
 * <pre>
 * N_k = sum_n r_nk,  u_k = sum_n r_nk u_n,  y_k = sum_n r_nk (x_n - r_k),  Y_k = sum_n r_nk (x_n - r_k)(x_n - r_k)^T
 * </pre>
 * together with sum_n log sum_k rho_nk (the data part of the ELBO at the optimal q(z)) and the
 * number of points. The global factors are a function of these alone ({@link
 * BayesianGmm#globals(MixtureStatistics, double[])}, the one update that batch CAVI, SVI and Spark
 * share).
 *
 * <p><b>SVI.</b> For a conjugate exponential family the natural parameters of the optimal global
 * factor are the prior's plus these statistics, so the natural-gradient step of Hoffman, Blei, Wang
 * and Paisley (2013, eq. 18), lambda &lt;- (1 - rho) lambda + rho (eta0 + (N/B) s_B), is the same
 * affine combination of the statistics: {@link #blend(double, MixtureStatistics)} of the current
 * statistics with the minibatch's scaled by N/B ({@link #scaled(double)}). At rho = 1 the blend
 * returns the new statistics unchanged, bit for bit, so a full-batch step with rho = 1 is a CAVI
 * update.
 *
 * <p>An instance is a mutable accumulator (the E-step adds points to it, {@link
 * #combine(MixtureStatistics)} adds another's sums, as Spark's treeAggregate needs); {@link
 * #scaled(double)} and {@link #blend(double, MixtureStatistics)} return new instances.
 */
public final class MixtureStatistics implements Serializable {
  private static final long serialVersionUID = 1L;

  final int k;
  final int d;
  final int u;
  final double[] ref;
  final double[] n;
  final double[] su;
  final double[] y;
  final double[] yy;
  double lse;
  long points;

  private MixtureStatistics(int k, int d, int u, double[] ref) {
    this.k = k;
    this.d = d;
    this.u = u;
    this.ref = ref;
    this.n = new double[k];
    this.su = new double[k * u];
    this.y = new double[k * d];
    this.yy = new double[k * d * d];
  }

  /**
   * Empty statistics about the given reference points.
   *
   * @param refs r_k, [K][D], finite
   * @param u number of non-location features (0 for the Gaussian mixture)
   */
  public static MixtureStatistics empty(double[][] refs, int u) {
    Objects.requireNonNull(refs, "refs");
    if (refs.length == 0 || refs[0].length == 0) {
      throw new IllegalArgumentException("refs must be [K][D] with K, D >= 1, found " + refs.length + " rows");
    }
    if (u < 0) {
      throw new IllegalArgumentException("u must be >= 0, found " + u);
    }
    int k = refs.length;
    int d = refs[0].length;
    double[] r = new double[k * d];
    for (int c = 0; c < k; c++) {
      if (refs[c].length != d) {
        throw new IllegalArgumentException("refs must be [K][D]: row " + c + " has " + refs[c].length
            + " entries, expected " + d);
      }
      for (int i = 0; i < d; i++) {
        r[c * d + i] = Check.finite("refs[" + c + "][" + i + "]", refs[c][i]);
      }
    }
    return new MixtureStatistics(k, d, u, r);
  }

  /** A copy of the engine's statistics. */
  static MixtureStatistics of(MixtureEngine.Stats[] stats) {
    int k = stats.length;
    int d = stats[0].ref().length;
    int u = stats[0].u().length;
    double[][] refs = new double[k][];
    for (int c = 0; c < k; c++) {
      refs[c] = stats[c].ref();
    }
    MixtureStatistics s = empty(refs, u);
    for (int c = 0; c < k; c++) {
      s.n[c] = stats[c].n();
      System.arraycopy(stats[c].u(), 0, s.su, c * u, u);
      System.arraycopy(stats[c].y(), 0, s.y, c * d, d);
      for (int i = 0; i < d; i++) {
        System.arraycopy(stats[c].yy()[i], 0, s.yy, (c * d + i) * d, d);
      }
    }
    return s;
  }

  /** The engine's form of these statistics (what {@link MixtureEngine.Model#update} takes). */
  MixtureEngine.Stats[] toEngine() {
    MixtureEngine.Stats[] out = new MixtureEngine.Stats[k];
    for (int c = 0; c < k; c++) {
      double[][] m = new double[d][d];
      for (int i = 0; i < d; i++) {
        System.arraycopy(yy, (c * d + i) * d, m[i], 0, d);
      }
      out[c] = new MixtureEngine.Stats(n[c], Arrays.copyOfRange(su, c * u, (c + 1) * u),
          Arrays.copyOfRange(ref, c * d, (c + 1) * d), Arrays.copyOfRange(y, c * d, (c + 1) * d), m);
    }
    return out;
  }

  /**
   * Statistics of given responsibilities (e.g. an initialisation), each component about its own
   * weighted mean (two passes over the rows).
   *
   * @param rows row-major points, {@code d} numbers per row
   * @param d dimension D
   * @param resp row-major responsibilities, K per row (non-negative)
   * @param k number of components K
   */
  public static MixtureStatistics ofResponsibilities(double[] rows, int d, double[] resp, int k) {
    return ofResponsibilities(rows, 0, d, resp, k);
  }

  /**
   * As {@link #ofResponsibilities(double[], int, double[], int)} for rows of U non-location
   * features followed by the D location coordinates (the local step's layout).
   *
   * @param u number of non-location features, &gt;= 0
   */
  public static MixtureStatistics ofResponsibilities(double[] rows, int u, int d, double[] resp, int k) {
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(resp, "resp");
    if (u < 0) {
      throw new IllegalArgumentException("u must be >= 0, found " + u);
    }
    Check.atLeast("d", d, 1);
    Check.atLeast("k", k, 1);
    int wd = u + d;
    int m = rows.length / wd;
    if (rows.length != (long) m * wd || resp.length != (long) m * k) {
      throw new IllegalArgumentException("rows (" + rows.length + " numbers) and resp (" + resp.length
          + ") must hold the same number of rows of " + wd + " and " + k + " entries");
    }
    double[][] mean = new double[k][d];
    double[] w = new double[k];
    for (int p = 0; p < m; p++) {
      for (int c = 0; c < k; c++) {
        double r = resp[p * k + c];
        w[c] += r;
        for (int i = 0; i < d; i++) {
          mean[c][i] += r * rows[p * wd + u + i];
        }
      }
    }
    for (int c = 0; c < k; c++) {
      for (int i = 0; i < d; i++) {
        mean[c][i] = w[c] > 0 ? mean[c][i] / w[c] : 0;
      }
    }
    MixtureStatistics s = empty(mean, u);
    double[] x = new double[d];
    double[] uu = new double[u];
    for (int p = 0; p < m; p++) {
      System.arraycopy(rows, p * wd, uu, 0, u);
      System.arraycopy(rows, p * wd + u, x, 0, d);
      for (int c = 0; c < k; c++) {
        s.add(c, resp[p * k + c], uu, x);
      }
    }
    s.points = m;
    return s;
  }

  /** U, the non-location features per point. */
  public int otherFeatures() {
    return u;
  }

  /** Adds weight w of a point (non-location features uu, location x) to component c. */
  void add(int c, double w, double[] uu, double[] x) {
    n[c] += w;
    for (int i = 0; i < u; i++) {
      su[c * u + i] += w * uu[i];
    }
    int o = c * d;
    for (int i = 0; i < d; i++) {
      double yi = x[i] - ref[o + i];
      double wy = w * yi;
      y[o + i] += wy;
      int row = (o + i) * d;
      for (int j = 0; j < d; j++) {
        yy[row + j] += wy * (x[j] - ref[o + j]);
      }
    }
  }

  /**
   * Adds another accumulator's sums to this one (in place; returns this). Both must have the same
   * shape and reference points (as every partition of one Spark iteration has).
   */
  public MixtureStatistics combine(MixtureStatistics other) {
    Objects.requireNonNull(other, "other");
    if (other.k != k || other.d != d || other.u != u || !Arrays.equals(other.ref, ref)) {
      throw new IllegalArgumentException("other: statistics about different reference points or of another shape "
          + "(K = " + other.k + ", D = " + other.d + "; expected K = " + k + ", D = " + d + ")");
    }
    for (int i = 0; i < n.length; i++) {
      n[i] += other.n[i];
    }
    for (int i = 0; i < su.length; i++) {
      su[i] += other.su[i];
    }
    for (int i = 0; i < y.length; i++) {
      y[i] += other.y[i];
    }
    for (int i = 0; i < yy.length; i++) {
      yy[i] += other.yy[i];
    }
    lse += other.lse;
    points += other.points;
    return this;
  }

  private MixtureStatistics copy() {
    MixtureStatistics s = new MixtureStatistics(k, d, u, ref.clone());
    System.arraycopy(n, 0, s.n, 0, n.length);
    System.arraycopy(su, 0, s.su, 0, su.length);
    System.arraycopy(y, 0, s.y, 0, y.length);
    System.arraycopy(yy, 0, s.yy, 0, yy.length);
    s.lse = lse;
    s.points = points;
    return s;
  }

  /**
   * The sums times c (as for a minibatch of B of N points, c = N / B); the point count is kept.
   *
   * @param c scale, finite and &gt; 0
   */
  public MixtureStatistics scaled(double c) {
    Check.positive("c", c);
    Check.finite("c", c);
    MixtureStatistics s = copy();
    for (int i = 0; i < k; i++) {
      s.n[i] *= c;
    }
    for (int i = 0; i < su.length; i++) {
      s.su[i] *= c;
    }
    for (int i = 0; i < y.length; i++) {
      s.y[i] *= c;
    }
    for (int i = 0; i < yy.length; i++) {
      s.yy[i] *= c;
    }
    s.lse *= c;
    return s;
  }

  /**
   * (1 - rho) this + rho target, about target's reference points: this is first moved to them
   * exactly (y' = y + N (r - r'), Y' = Y + y dr^T + dr y^T + N dr dr^T with dr = r - r'), so the
   * combination is the same affine combination of the natural parameters. At rho = 1 the result
   * equals {@code target} bit for bit. The log-sum-exp and point count are target's.
   *
   * @param rho step size in (0, 1]
   * @param target the statistics the step moves towards (e.g. a minibatch's, scaled by N/B)
   */
  public MixtureStatistics blend(double rho, MixtureStatistics target) {
    Check.inClosed("rho", rho, Double.MIN_VALUE, 1.0);
    Objects.requireNonNull(target, "target");
    if (target.k != k || target.d != d || target.u != u) {
      throw new IllegalArgumentException("target: K = " + target.k + ", D = " + target.d + ", U = " + target.u
          + "; expected K = " + k + ", D = " + d + ", U = " + u);
    }
    MixtureStatistics s = target.copy();
    double keep = 1 - rho;
    for (int c = 0; c < k; c++) {
      int o = c * d;
      double nc = n[c];
      double[] dr = new double[d];
      double[] yc = new double[d];
      for (int i = 0; i < d; i++) {
        dr[i] = ref[o + i] - target.ref[o + i];
        yc[i] = y[o + i];
      }
      s.n[c] = keep * nc + rho * target.n[c];
      for (int i = 0; i < u; i++) {
        s.su[c * u + i] = keep * su[c * u + i] + rho * target.su[c * u + i];
      }
      for (int i = 0; i < d; i++) {
        double yi = yc[i] + nc * dr[i];
        s.y[o + i] = keep * yi + rho * target.y[o + i];
        for (int j = 0; j < d; j++) {
          int at = (o + i) * d + j;
          double yyij = yy[at] + yc[i] * dr[j] + dr[i] * yc[j] + nc * dr[i] * dr[j];
          s.yy[at] = keep * yyij + rho * target.yy[at];
        }
      }
    }
    return s;
  }

  /** K. */
  public int components() {
    return k;
  }

  /** D. */
  public int dimension() {
    return d;
  }

  /** N_k for every component (a copy). */
  public double[] counts() {
    return n.clone();
  }

  /** sum_n log sum_k rho_nk over the points accumulated (scaled with the sums). */
  public double logSumExp() {
    return lse;
  }

  /** Number of points accumulated. */
  public long points() {
    return points;
  }

  /**
   * How many numbers these statistics hold, K (1 + U + D + D^2) sums, the log-normaliser sum and
   * the point count: what a Spark partition sends to the driver, 8 bytes each.
   */
  public int numbers() {
    return n.length + su.length + y.length + yy.length + 2;
  }

  @Override
  public String toString() {
    return "MixtureStatistics(K=" + k + ", D=" + d + ", points=" + points + ", N_k=" + Arrays.toString(n) + ")";
  }
}
