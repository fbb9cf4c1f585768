package io.github.jvi.vi.cavi;

import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import io.github.jvi.gpu.kernel.Kernels;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The E-step, sufficient statistics and data part of the ELBO shared by the mixtures.
 *
 * <p><b>Form of the models.</b> Each point has non-location features u_n (U of them, e.g. the
 * earthquake counts) and a location x_n in R^D (centred by the model at the data mean). The
 * variational expectation of the complete-data log-likelihood of point n under component k is
 * <pre>
 * log rho_nk = alpha_k + beta_k . u_n + gamma_k . (x_n - r_k) + (x_n - r_k)^T Q_k (x_n - r_k) + g_n
 * </pre>
 * with coefficients from the current factors ({@link Logit}), a reference point r_k chosen by the
 * model (the component's current mean) and a term g_n that does not depend on k (its sum over n is
 * passed in as {@code constant}). The M-step needs, per component, N_k = sum_n r_nk,
 * sum_n r_nk u_n, and the first and second moments of x_n - r_k weighted by r_nk ({@link Stats}).
 *
 * <p><b>Fast path.</b> The data are mapped once to the features
 * phi_n = (1, u_n, x_n, x_ni x_nj for i &lt;= j) stored as blocks of [F, B]; every log rho_nk is
 * then linear in phi_n, so per block
 * <pre>
 *   L = C Phi                        [K, B]   (one matrix product)
 *   m = max_k L;  R = exp(L - m);  s = 1^T R;  R /= s   (one pass: {@link Kernels#softmaxColumns})
 *   T += R Phi^T                     [K, F]   (every N_k, moment and count sum in one product)
 * </pre>
 * With the SIMD kernels on ({@link Kernels#fast()}) and no component evaluated directly, the three
 * lines are one fused pass ({@link Kernels#mixtureEStep}) that reads only the rows (u, x) of the
 * block and builds the rest of Phi, the logits and R Phi^T in the cache; otherwise they run as
 * written (two ND4J products around {@link Kernels#softmaxColumns}).
 * Per block sum_n log sum_k rho_nk = sum(log s) + sum(m) is returned by the E-step,
 * and the moments about r_k follow from T algebraically. No [N, K, D] array is formed. The body
 * for one block is {@link #blockEStep}, the single E-step of the mixtures: the sweep here, the
 * streamed SVI step and each Spark partition all call it ({@link MixtureLocalStep}).
 *
 * <p><b>Exact path.</b> Expanding the quadratic about the data mean costs precision when a
 * component is narrow compared with its distance from the mean: the rounding of the logits and of
 * the second moments is about epsilon kappa_k with kappa_k = max|Q_k| |r_k|^2 + |gamma_k| |r_k|.
 * Components with kappa_k above {@code conditionLimit} (1e5 by default: logits accurate to about
 * 1e-11) are evaluated directly instead: y = x - r_k for the block, the quadratic form by a
 * [D, D] x [D, B] product, and the moments of y weighted by the responsibilities. Typical data never
 * need it; widely spread data with very narrow components pay up to about twice the time.
 *
 * <p><b>ELBO.</b> With r the soft-max of log rho, {@code sum_nk r_nk (log rho_nk - log r_nk) =
 * sum_n log sum_k rho_nk}, so the ELBO after the E-step is that sum plus {@code constant} plus the
 * model's global term {@code E[log p(theta)] - E[log q(theta)]}. Each sweep updates the global
 * factors from the statistics of the current responsibilities (exact maximisation in those
 * factors), then the responsibilities (exact maximisation in q(z)), so the ELBO never decreases.
 * Since every s_n lies in [1, K], sum(log s) is taken as the sum of the logarithms of products of
 * up to 64 consecutive s_n (no overflow while K^64 &lt; e^700; rounding about 64 epsilon per
 * product; {@link Kernels#logNormaliserSum}, and lane-wise in the fused kernel).
 *
 * <p>Cost per sweep: with the SIMD kernels one fused pass per block that reads the (u, x) rows and
 * writes nothing per point (the responsibilities are written once, after the last sweep); K
 * exponentials and about 2 K F multiply-adds a point dominate (about 11 ns a point on one thread for
 * K = 5, D = 2). Without them, two products with the [F, N] features and six element-wise passes
 * over [K, N]. The blocks of a sweep are independent and are shared among the threads of
 * the options' {@link Threading} (the caller's setting; sequential by default), each taking the
 * next block not yet taken; their statistics and log-normalisers are added in block order, so results are
 * bit-identical for any number of threads. Nothing process-wide is read or changed. Memory: F + K
 * doubles per point.
 */
final class MixtureEngine {
  private static final Logger LOG = LoggerFactory.getLogger(MixtureEngine.class);

  /** Smallest and largest number of points per block (see {@link #blockSize}). */
  static final int MIN_BLOCK = 1 << 13;
  static final int MAX_BLOCK = 1 << 17;

  /** Components with kappa_k above this are evaluated directly (see the class comment). */
  static final double DEFAULT_CONDITION_LIMIT = 1e5;

  /**
   * Weighted statistics of one component about its reference point r: n = sum r_nk,
   * u = sum r_nk u_n, y = sum r_nk (x_n - r), yy = sum r_nk (x_n - r)(x_n - r)^T.
   */
  record Stats(double n, double[] u, double[] ref, double[] y, double[][] yy) {
    /**
     * The weighted mean offset from the reference, y / n, and the centred scatter
     * sum r (x - xbar)(x - xbar)^T = yy - y y^T / n (clamped to a non-negative diagonal); zero
     * for an empty component.
     */
    double[] meanOffset() {
      double[] d = new double[y.length];
      if (n > 0) {
        for (int i = 0; i < d.length; i++) {
          d[i] = y[i] / n;
        }
      }
      return d;
    }

    double[][] scatter() {
      int dd = y.length;
      double[][] s = new double[dd][dd];
      if (!(n > 0)) {
        return s;
      }
      for (int i = 0; i < dd; i++) {
        for (int j = 0; j < dd; j++) {
          s[i][j] = yy[i][j] - y[i] * y[j] / n;
        }
        s[i][i] = Math.max(0, s[i][i]);
      }
      return s;
    }
  }

  /** Coefficients of log rho_nk for one component (see the class comment). */
  record Logit(double alpha, double[] beta, double[] ref, double[] gamma, double[][] quad) {}

  /** What a mixture supplies. */
  interface Model<P> {
    /** K. */
    int components();

    /** The global factors maximising the ELBO given the per-component statistics. */
    P update(Stats[] stats);

    /** The logit coefficients of every component. */
    Logit[] logits(P params);

    /** E[log p(theta)] - E[log q(theta)] for the global factors (minus their KL terms). */
    double globalTerm(P params);

    /** Every parameter of the global factors as one vector, for the parameter test of {@link Convergence}. */
    double[] parameters(P params);
  }

  /** One CAVI run: final factors, responsibilities (blocks of [K, B]), ELBO trace. */
  record Run<P>(P params, INDArray[] responsibilityBlocks, double[] trace, double[] seconds, int iterations,
      Convergence convergence) {
    boolean converged() {
      return convergence.converged();
    }

    double elbo() {
      return trace[trace.length - 1];
    }

    /** The responsibilities as an [N, K] array. */
    INDArray responsibilities() {
      INDArray kn = responsibilityBlocks.length == 1 ? responsibilityBlocks[0]
          : Nd4j.concat(1, responsibilityBlocks);
      return kn.transpose().dup('c');
    }
  }

  private final INDArray[] blocks;
  private final long n;
  private final int u;
  private final int d;
  private final int f;

  private MixtureEngine(INDArray[] blocks, long n, int u, int d) {
    this.blocks = blocks;
    this.n = n;
    this.u = u;
    this.d = d;
    this.f = featureCount(u, d);
  }

  /**
   * An engine over non-location features [U, N] (null for none) and centred locations [D, N],
   * float64, cut into blocks of {@code block} points.
   */
  static MixtureEngine of(INDArray other, INDArray locationT, int block) {
    long n = locationT.size(1);
    int u = other == null ? 0 : (int) other.size(0);
    int d = (int) locationT.size(0);
    return new MixtureEngine(split(features(other, locationT), block), n, u, d);
  }

  /** As {@link #of(INDArray, INDArray, int)} with {@link #blockSize} points per block. */
  static MixtureEngine of(INDArray other, INDArray locationT) {
    return of(other, locationT, blockSize(locationT.size(1)));
  }

  /**
   * Points per block: N / 8, between 8192 and 131072. ND4J runs an element-wise operation of this
   * size on one thread, so the blocks are shared among worker threads; per-operation overhead
   * (some microseconds) sets the lower bound. The size does not depend on the number of threads,
   * so neither do the results (the block statistics are added in block order).
   */
  static int blockSize(long n) {
    return (int) Math.max(MIN_BLOCK, Math.min(MAX_BLOCK, (n + 7) / 8));
  }

  /** Number of points. */
  long size() {
    return n;
  }

  private static INDArray[] split(INDArray a, int block) {
    long n = a.size(1);
    int nb = (int) Math.max(1, (n + block - 1) / block);
    INDArray[] out = new INDArray[nb];
    for (int b = 0; b < nb; b++) {
      long lo = (long) b * block;
      long hi = Math.min(n, lo + block);
      out[b] = nb == 1 ? a.dup('c') : a.get(NDArrayIndex.all(), NDArrayIndex.interval(lo, hi)).dup('c');
    }
    return out;
  }

  /** Splits the columns of a [R, N] array into contiguous blocks of the engine's layout. */
  INDArray[] splitLike(INDArray rowsByN) {
    INDArray[] out = new INDArray[blocks.length];
    long lo = 0;
    for (int b = 0; b < blocks.length; b++) {
      long hi = lo + blocks[b].size(1);
      out[b] = rowsByN.get(NDArrayIndex.all(), NDArrayIndex.interval(lo, hi)).castTo(DataType.DOUBLE).dup('c');
      lo = hi;
    }
    return out;
  }

  // ---- feature indices ----

  private int pair(int i, int j) {
    return pair(u, d, i, j);
  }

  /** Row of phi holding x_i x_j (i, j &lt; D) for U non-location features. */
  static int pair(int u, int d, int i, int j) {
    return Kernels.quadraticFeatureRow(u, d, i, j);
  }

  /** F = 1 + U + D + D(D+1)/2, the number of features per point. */
  static int featureCount(int u, int d) {
    return Kernels.quadraticFeatureCount(u, d);
  }

  /** Coefficients of phi for a logit expressed about its reference point (expanded about 0). */
  static double[] globalCoefficients(Logit lg, int u, int d) {
    double[] c = new double[featureCount(u, d)];
    double[] r = lg.ref();
    double[][] q = lg.quad();
    double[] qr = Dense.times(q, r);
    double alpha = lg.alpha();
    for (int i = 0; i < d; i++) {
      alpha += -lg.gamma()[i] * r[i] + r[i] * qr[i];
    }
    c[0] = alpha;
    for (int i = 0; i < u; i++) {
      c[1 + i] = lg.beta()[i];
    }
    for (int i = 0; i < d; i++) {
      c[1 + u + i] = lg.gamma()[i] - 2 * qr[i];
    }
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        c[pair(u, d, i, j)] = i == j ? q[i][i] : q[i][j] + q[j][i];
      }
    }
    return c;
  }

  /**
   * T = the blocks' feature moments R Phi^T ([K, F] each, row-major) added in block order from zero:
   * the same sums whatever thread computed each block (the engine's sweep and
   * {@link MixtureLocalStep} both add them here).
   */
  static double[][] sumMoments(double[][] blockMoments, int k, int f) {
    double[][] t = new double[k][f];
    for (double[] mb : blockMoments) {
      for (int c = 0; c < k; c++) {
        for (int j = 0; j < f; j++) {
          t[c][j] += mb[c * f + j];
        }
      }
    }
    return t;
  }

  /**
   * Each component's statistics about its reference point r_k: from the summed moments T
   * ({@link #fromMoments}) or, for a component evaluated directly, its blocks' statistics added in
   * block order ({@link #sumStats}).
   *
   * @param direct [block][component] block statistics of the direct components (null elsewhere)
   */
  static Stats[] componentStats(Coefficients co, double[][] t, Stats[][] direct) {
    int k = co.components();
    Stats[] stats = new Stats[k];
    for (int c = 0; c < k; c++) {
      double[] r = co.logits[c].ref();
      if (co.exact[c]) {
        Stats[] parts = new Stats[direct.length];
        for (int b = 0; b < direct.length; b++) {
          parts[b] = direct[b][c];
        }
        stats[c] = sumStats(parts, co.u, co.d, r);
      } else {
        stats[c] = fromMoments(t[c], r, co.u, co.d);
      }
    }
    return stats;
  }

  /** Statistics about r from a row of the feature moments T_k = sum_n r_nk phi_n. */
  static Stats fromMoments(double[] t, double[] r, int u, int d) {
    double nk = t[0];
    double[] uu = Arrays.copyOfRange(t, 1, 1 + u);
    double[] sx = Arrays.copyOfRange(t, 1 + u, 1 + u + d);
    double[] y = new double[d];
    double[][] yy = new double[d][d];
    for (int i = 0; i < d; i++) {
      y[i] = sx[i] - nk * r[i];
    }
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        yy[i][j] = t[pair(u, d, i, j)] - sx[i] * r[j] - r[i] * sx[j] + nk * r[i] * r[j];
      }
    }
    return new Stats(nk, uu, r.clone(), y, yy);
  }

  /** kappa = max|Q| |r|^2 + |gamma| |r|: the precision lost by expanding about 0, in units of epsilon. */
  static double condition(Logit lg) {
    double r2 = 0;
    double g = 0;
    for (int i = 0; i < lg.ref().length; i++) {
      r2 += lg.ref()[i] * lg.ref()[i];
      g += lg.gamma()[i] * lg.gamma()[i];
    }
    double q = 0;
    for (double[] row : lg.quad()) {
      for (double v : row) {
        q = Math.max(q, Math.abs(v));
      }
    }
    return q * r2 + Math.sqrt(g * r2);
  }

  /** The location rows [D, B] of a block's features. */
  private static INDArray locations(INDArray phi, int u, int d) {
    return phi.get(NDArrayIndex.interval(1 + u, 1 + u + d), NDArrayIndex.all());
  }

  /** log rho for one component on one block of features, computed about its reference point. */
  private static INDArray exactLogit(INDArray phi, int u, int d, Logit lg) {
    INDArray y = locations(phi, u, d).subColumnVector(Nd4j.createFromArray(lg.ref()).reshape(d, 1));
    INDArray q = Nd4j.createFromArray(lg.quad()).mmul(y).addiColumnVector(Nd4j.createFromArray(lg.gamma()).reshape(d, 1));
    INDArray val = Nd4j.ones(DataType.DOUBLE, 1, d).mmul(y.muli(q));
    if (u > 0) {
      INDArray other = phi.get(NDArrayIndex.interval(1, 1 + u), NDArrayIndex.all());
      val.addi(Nd4j.createFromArray(lg.beta()).reshape(1, u).mmul(other));
    }
    return val.addi(lg.alpha());
  }

  /**
   * Statistics about r of one block's points weighted by w ([1, B], one component's
   * responsibilities), computed directly from y = x - r (no expansion about 0).
   */
  private static Stats exactBlockStats(INDArray phi, int u, int d, INDArray w, double[] r) {
    INDArray rc = Nd4j.createFromArray(r).reshape(d, 1);
    INDArray yb = locations(phi, u, d).subColumnVector(rc);
    INDArray yw = yb.mulRowVector(w);
    double nk = w.sumNumber().doubleValue();
    double[] sy = yw.sum(1).toDoubleVector();
    double[][] syy = yw.mmul(yb.transpose()).toDoubleMatrix();
    double[] su = u > 0 ? phi.get(NDArrayIndex.interval(1, 1 + u), NDArrayIndex.all()).mmul(w.transpose())
        .toDoubleVector() : new double[0];
    return new Stats(nk, su, r.clone(), sy, syy);
  }

  /**
   * Sums block statistics about the same reference point in the order given, starting from zero
   * (the order fixes the bits; blocks are always added in block order).
   */
  static Stats sumStats(Stats[] parts, int u, int d, double[] r) {
    double nk = 0;
    double[] uu = new double[u];
    double[] y = new double[d];
    double[][] yy = new double[d][d];
    for (Stats p : parts) {
      nk += p.n();
      for (int i = 0; i < d; i++) {
        y[i] += p.y()[i];
        for (int j = 0; j < d; j++) {
          yy[i][j] += p.yy()[i][j];
        }
      }
      for (int i = 0; i < u; i++) {
        uu[i] += p.u()[i];
      }
    }
    return new Stats(nk, uu, r.clone(), y, yy);
  }

  /** Statistics of one component about r from its responsibilities on every block. */
  private Stats exactStats(INDArray[] resp, int k, double[] r) {
    Stats[] parts = new Stats[blocks.length];
    for (int b = 0; b < blocks.length; b++) {
      parts[b] = exactBlockStats(blocks[b], u, d, resp[b].getRow(k, true), r);
    }
    return sumStats(parts, u, d, r);
  }

  /**
   * The coefficients of one E-step, made once per sweep from the model's {@link Logit}s: for each
   * component whether it is evaluated directly about its reference point (its condition kappa_k
   * above {@code conditionLimit}, see the class comment) and the [K, F] matrix C of the fast path,
   * log rho_nk = (C phi_n)_k, with zero rows for the direct components.
   */
  static final class Coefficients {
    final Logit[] logits;
    final boolean[] exact;
    final boolean anyExact;
    final double[][] rows;
    final INDArray matrix;
    final int u;
    final int d;

    private Coefficients(Logit[] logits, boolean[] exact, double[][] rows, int u, int d) {
      this.logits = logits;
      this.exact = exact;
      boolean any = false;
      for (boolean e : exact) {
        any |= e;
      }
      this.anyExact = any;
      this.rows = rows;
      this.matrix = Nd4j.createFromArray(rows);
      this.u = u;
      this.d = d;
    }

    /** The coefficients of the given logits (U non-location features, D location dimensions). */
    static Coefficients of(Logit[] logits, int u, int d, double conditionLimit) {
      int k = logits.length;
      boolean[] exact = new boolean[k];
      double[][] coef = new double[k][];
      for (int c = 0; c < k; c++) {
        exact[c] = condition(logits[c]) > conditionLimit;
        coef[c] = exact[c] ? new double[featureCount(u, d)] : globalCoefficients(logits[c], u, d);
      }
      return new Coefficients(logits, exact, coef, u, d);
    }

    /** K. */
    int components() {
      return logits.length;
    }

    /** F. */
    int features() {
      return featureCount(u, d);
    }
  }

  /**
   * <b>The E-step of one block</b>, the one place where the mixtures compute responsibilities and
   * their statistics: the engine's sweep calls it for each of its blocks, and the streamed and
   * distributed steps ({@link MixtureLocalStep}) for each of theirs. With Phi the block's features
   * [F, B] (rows 1, u, x, x_i x_j for i &lt;= j, see {@link #features}) and C the coefficients
   * ({@link Coefficients}):
   * <pre>
   *   L = C Phi                                     [K, B]
   *   L_k = log rho_k about r_k, directly            (rows of the components evaluated directly)
   *   m_n = max_k L_kn,  s_n = sum_k exp(L_kn - m_n),  R_kn = exp(L_kn - m_n) / s_n
   *   T = R Phi^T                                   [K, F]
   *   direct components: N_k, sum R u, sum R (x - r_k), sum R (x - r_k)(x - r_k)^T of this block
   *   returned: sum_n log sum_k rho_nk = sum_n (m_n + log s_n)
   * </pre>
   * With the SIMD kernels on and no component evaluated directly this is one fused pass
   * ({@link Kernels#mixtureEStep}); otherwise {@link #productsEStep}. Inputs are read only; outputs
   * are written in place and depend on nothing else, so blocks may run on any threads. The rows of
   * T of the directly evaluated components are not meaningful (their statistics are in
   * {@code direct}).
   *
   * @param co the coefficients of the current global factors
   * @param phi the block's features, [F, B], float64, c order
   * @param resp out: the responsibilities R, [K, B], or null when only the statistics are needed
   * @param moments out: T, [K, F]
   * @param direct out: entry k, for each directly evaluated component k, its statistics on this
   *     block about r_k; other entries are left as they are
   * @return sum_n log sum_k rho_nk over the block's points
   */
  static double blockEStep(Coefficients co, INDArray phi, INDArray resp, INDArray moments, Stats[] direct) {
    if (!co.anyExact && Kernels.fast()) {
      // one fused pass over the rows (u, x) of the block: the quadratic features, logits, soft-max
      // and R Phi^T are formed in the cache (Phi's other rows are not read)
      return Kernels.mixtureEStep(co.matrix, phi.get(NDArrayIndex.interval(1, 1 + co.u + co.d), NDArrayIndex.all()),
          co.u, resp, moments);
    }
    return productsEStep(co, phi, resp, moments, direct);
  }

  /** {@link #blockEStep} as two ND4J products around the soft-max, with the direct components. */
  static double productsEStep(Coefficients co, INDArray phi, INDArray resp, INDArray moments, Stats[] direct) {
    int k = co.components();
    long b = phi.size(1);
    INDArray r = resp != null ? resp : Nd4j.create(DataType.DOUBLE, k, b);
    INDArray max = Nd4j.create(DataType.DOUBLE, 1, b);
    INDArray sum = Nd4j.create(DataType.DOUBLE, 1, b);
    Nd4j.gemm(co.matrix, phi, r, false, false, 1.0, 0.0);
    for (int c = 0; c < k; c++) {
      if (co.exact[c]) {
        r.getRow(c, true).assign(exactLogit(phi, co.u, co.d, co.logits[c]));
      }
    }
    // max over K, exp(l - max), column sums (each in [1, K]) and the division, in one pass
    Kernels.softmaxColumns(r, max, sum);
    Nd4j.gemm(r, phi, moments, false, true, 1.0, 0.0);
    for (int c = 0; c < k; c++) {
      if (co.exact[c]) {
        direct[c] = exactBlockStats(phi, co.u, co.d, r.getRow(c, true), co.logits[c].ref());
      }
    }
    return Kernels.logNormaliserSum(max, sum, k);
  }

  /**
   * The features phi_n = (1, u_n, x_n, x_ni x_nj for i &lt;= j) of the engine, [F, N], from
   * non-location features [U, N] (null for none) and centred locations [D, N].
   */
  static INDArray features(INDArray other, INDArray locationT) {
    return Kernels.quadraticFeatures(other == null ? locationT : Nd4j.vstack(other, locationT),
        other == null ? 0 : (int) other.size(0));
  }

  /** Feature moments T = sum over blocks of R Phi^T, [K][F]. */
  private double[][] moments(INDArray[] resp, int k) {
    INDArray t = Nd4j.create(DataType.DOUBLE, k, f);
    for (int b = 0; b < blocks.length; b++) {
      Nd4j.gemm(resp[b], blocks[b], t, false, true, 1.0, b == 0 ? 0.0 : 1.0);
    }
    return t.toDoubleMatrix();
  }

  /** Statistics of the initial responsibilities, each about its own weighted mean, computed directly. */
  private Stats[] initialStats(INDArray[] resp, int k) {
    double[][] t = moments(resp, k);
    Stats[] stats = new Stats[k];
    for (int c = 0; c < k; c++) {
      double[] r = new double[d];
      if (t[c][0] > 0) {
        for (int i = 0; i < d; i++) {
          r[i] = t[c][1 + u + i] / t[c][0];
        }
      }
      stats[c] = exactStats(resp, c, r);
    }
    return stats;
  }

  /**
   * Runs CAVI from the given responsibilities (blocks of [K, B], consumed as the working buffers).
   *
   * @param constant sum over points of the k-independent part g_n of log rho_nk
   */
  <P> Run<P> run(Model<P> model, INDArray[] resp, double constant, CaviOptions options) {
    try (Workers workers = Workers.of(options.threading(), blocks.length)) {
      return run(model, resp, constant, options, workers);
    }
  }

  /** {@link #run(Model, INDArray[], double, CaviOptions)} on the given workers. */
  <P> Run<P> run(Model<P> model, INDArray[] resp, double constant, CaviOptions options, Workers workers) {
    int maxIter = options.maxIter();
    double conditionLimit = options.conditionLimit();
    Convergence.Rule rule = new Convergence.Rule(options);
    int k = model.components();
    Stats[] stats = initialStats(resp, k);
    double[] trace = new double[maxIter];
    double[] seconds = new double[maxIter];
    INDArray[] blockMoments = new INDArray[blocks.length];
    Stats[][] direct = new Stats[blocks.length][k];
    for (int b = 0; b < blocks.length; b++) {
      blockMoments[b] = Nd4j.create(DataType.DOUBLE, k, f);
    }
    double[] blockLse = new double[blocks.length];
    P params = null;
    Coefficients last = null;
    Convergence.Criterion met = null;
    int it = 0;
    while (it < maxIter) {
      long t0 = System.nanoTime();
      params = model.update(stats);
      Coefficients co = Coefficients.of(model.logits(params), u, d, conditionLimit);
      // the sweeps need only the statistics: the responsibilities are written once, after the last
      workers.forEachBlock(blocks.length, b -> blockLse[b] = blockEStep(co, blocks[b], null, blockMoments[b],
          direct[b]));
      last = co;
      double[][] mb = new double[blocks.length][];
      for (int b = 0; b < blocks.length; b++) {
        mb[b] = blockMoments[b].data().asDouble();
      }
      double[][] t = sumMoments(mb, k, f);
      double lse = 0;
      for (double l : blockLse) { // in block order
        lse += l;
      }
      stats = componentStats(co, t, direct);
      double elbo = lse + constant + model.globalTerm(params);
      if (Double.isNaN(elbo)) {
        throw new IllegalStateException("CAVI: the ELBO became NaN at sweep " + (it + 1)
            + " (non-finite data or an overflow in the logits)");
      }
      trace[it] = elbo;
      seconds[it] = (System.nanoTime() - t0) / 1e9;
      it++;
      if (it >= 2) {
        double prev = trace[it - 2];
        if (elbo < prev - 1e-9 * Math.abs(prev)) {
          LOG.warn("CAVI: ELBO decreased from {} to {} at sweep {}", prev, elbo, it);
        }
      }
      met = rule.after(elbo, model.parameters(params));
      if (met != null) {
        break;
      }
    }
    if (last != null) { // the last sweep's E-step again, now writing its responsibilities
      Coefficients co = last;
      workers.forEachBlock(blocks.length, b -> blockEStep(co, blocks[b], resp[b], blockMoments[b], direct[b]));
    }
    return new Run<>(params, resp, Arrays.copyOf(trace, it), Arrays.copyOf(seconds, it), it, rule.result(met));
  }

  /**
   * The threads of one fit ({@link Threading}): the calling thread plus up to {@code threads - 1}
   * helpers, on the caller's executor or on threads owned by this object (stopped by
   * {@link #close()}). Blocks are claimed one at a time from a shared counter; the caller returns
   * once every block is done, so a helper that has not started by then finds no block and ends.
   */
  static final class Workers implements AutoCloseable {
    private final int threads;
    private final java.util.concurrent.Executor executor;
    private final java.util.concurrent.ExecutorService owned;

    private Workers(int threads, java.util.concurrent.Executor executor, java.util.concurrent.ExecutorService owned) {
      this.threads = threads;
      this.executor = executor;
      this.owned = owned;
    }

    /** Workers for the setting; below four blocks the hand-off costs more than it saves. */
    static Workers of(Threading threading, int blocks) {
      int t = blocks >= 4 ? Math.min(threading.threads(), blocks) : 1;
      if (t == 1) {
        return new Workers(1, null, null);
      }
      if (threading.executor() != null) {
        return new Workers(t, threading.executor(), null);
      }
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(t - 1, r -> {
        Thread th = new Thread(r, "jvi-cavi-estep");
        th.setDaemon(true);
        return th;
      });
      return new Workers(t, pool, pool);
    }

    /** Runs {@code body} for blocks 0 .. count-1, each once, and returns when all are done. */
    void forEachBlock(int count, java.util.function.IntConsumer body) {
      if (threads == 1) {
        for (int b = 0; b < count; b++) {
          body.accept(b);
        }
        return;
      }
      java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(count);
      java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
      Runnable drain = () -> {
        for (int b = next.getAndIncrement(); b < count; b = next.getAndIncrement()) {
          try {
            if (failure.get() == null) {
              body.accept(b);
            }
          } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, e);
          } finally {
            done.countDown();
          }
        }
      };
      for (int w = 1; w < threads; w++) {
        try {
          executor.execute(drain);
        } catch (java.util.concurrent.RejectedExecutionException e) {
          break; // the calling thread does the rest
        }
      }
      drain.run();
      try {
        done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("CAVI: interrupted", e);
      }
      Throwable t = failure.get();
      if (t instanceof RuntimeException re) {
        throw re;
      }
      if (t instanceof Error er) {
        throw er;
      }
    }

    @Override
    public void close() {
      if (owned != null) {
        owned.shutdown();
      }
    }
  }

  /** Runs {@code options.restarts()} initialisations drawn from {@code rng}; keeps the best final ELBO. */
  <P> Run<P> fit(Model<P> model, INDArray pointsT, double constant, CaviOptions options, Rng rng) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(rng, "rng");
    int k = model.components();
    checkComponents(k, n);
    Run<P> best = null;
    try (Workers workers = Workers.of(options.threading(), blocks.length)) {
      for (int r = 0; r < options.restarts(); r++) {
        INDArray init = Seeding.initial(options.init(), pointsT, k, rng);
        Run<P> run = run(model, splitLike(init), constant, options, workers);
        LOG.debug("CAVI restart {}: ELBO {} after {} sweeps ({})", r, run.elbo(), run.iterations(),
            run.convergence());
        if (best == null || run.elbo() > best.elbo()) {
          best = run;
        }
      }
    }
    return best;
  }

  /** Runs once from given [N, K] responsibilities (rows non-negative, summing to one). */
  <P> Run<P> fitFrom(Model<P> model, INDArray initial, double constant, CaviOptions options) {
    Objects.requireNonNull(options, "options");
    int k = model.components();
    checkComponents(k, n);
    Objects.requireNonNull(initial, "initialResponsibilities");
    if (initial.rank() != 2 || initial.size(0) != n || initial.size(1) != k) {
      throw new IllegalArgumentException("initialResponsibilities must have shape [" + n + ", " + k
          + "], found " + Arrays.toString(initial.shape()));
    }
    INDArray r = initial.castTo(DataType.DOUBLE);
    Check.nonNegative("initialResponsibilities", r);
    double worst = Transforms.abs(r.sum(1).subi(1.0), false).maxNumber().doubleValue();
    if (!(worst <= 1e-6)) {
      throw new IllegalArgumentException("initialResponsibilities: every row must sum to 1, found a row "
          + "off by " + worst);
    }
    return run(model, splitLike(r.transpose()), constant, options);
  }

  /** 1 &lt;= K &lt;= N. */
  static void checkComponents(int k, long n) {
    if (k < 1) {
      throw new IllegalArgumentException("K (number of components) must be >= 1, found " + k);
    }
    if (k > n) {
      throw new IllegalArgumentException("K (number of components) must be <= N (number of data points), found K = "
          + k + " and N = " + n);
    }
  }
}
