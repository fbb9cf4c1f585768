package io.github.jvi.vi.cavi;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The local (E-) step of a conjugate mixture for data that arrive in pieces (a stream's
 * minibatches, a Spark partition's blocks): the responsibilities of the points under the current
 * global factors and their statistics, with the logit coefficients of those factors (see
 * {@link MixtureEngine})
 * <pre>
 * log rho_nk = alpha_k + beta_k . u_n + gamma_k . y + y^T Q_k y,   y = x_n - r_k,
 * r_nk = rho_nk / sum_j rho_nj
 * </pre>
 * added to a {@link MixtureStatistics} about the reference points r_k, with sum_n log sum_k rho_nk.
 * For the mixtures here q(z_n) depends on the global factors alone, so this single step is the
 * exact local optimum (the "local CAVI" of Hoffman et al. 2013, Algorithm 2, converges in one step).
 *
 * <p><b>One E-step.</b> Every method here runs {@link MixtureEngine#blockEStep}, the very block
 * step of single-machine CAVI (features phi_n, one [K, F] x [F, B] product, the direct path for
 * components whose expansion about 0 would lose precision, the stable soft-max, one [K, B] x [B, F]
 * product), so streamed SVI and Spark compute their statistics with the same code as batch CAVI.
 * {@link #statistics(double[], int, int)} cuts its rows into the engine's blocks
 * ({@link MixtureEngine#blockSize}) and adds their moments in block order: on the engine's centred
 * points it returns the engine's E-step statistics bit for bit. {@link #block} makes the features
 * of some rows once, to be kept (a Spark partition caches them) and passed to
 * {@link #accumulate(MixtureBlock, MixtureStatistics)} at every later step.
 *
 * <p>It is {@link Serializable} (plain arrays, a few hundred bytes) so that Spark can broadcast
 * it. Cost per point: O(K F) for the two products, K exponentials, one logarithm per 64 points.
 */
public final class MixtureLocalStep implements Serializable {
  private static final long serialVersionUID = 2L;

  private final int k;
  private final int d;
  private final int u;
  private final double conditionLimit;
  private final double[] alpha;
  private final double[] beta;
  private final double[] ref;
  private final double[] gamma;
  private final double[] quad;
  /** Made from the arrays above on first use in each JVM (a broadcast copy makes its own). */
  private transient volatile MixtureEngine.Coefficients coefficients;

  private MixtureLocalStep(MixtureEngine.Logit[] logits, double conditionLimit) {
    this.k = logits.length;
    this.d = logits[0].ref().length;
    this.u = logits[0].beta().length;
    this.conditionLimit = conditionLimit;
    alpha = new double[k];
    beta = new double[k * u];
    ref = new double[k * d];
    gamma = new double[k * d];
    quad = new double[k * d * d];
    for (int c = 0; c < k; c++) {
      MixtureEngine.Logit lg = logits[c];
      alpha[c] = lg.alpha();
      System.arraycopy(lg.beta(), 0, beta, c * u, u);
      System.arraycopy(lg.ref(), 0, ref, c * d, d);
      System.arraycopy(lg.gamma(), 0, gamma, c * d, d);
      for (int i = 0; i < d; i++) {
        System.arraycopy(lg.quad()[i], 0, quad, (c * d + i) * d, d);
      }
    }
  }

  /** The step of the given logits, with the engine's default condition limit. */
  static MixtureLocalStep of(MixtureEngine.Logit[] logits) {
    return of(logits, MixtureEngine.DEFAULT_CONDITION_LIMIT);
  }

  /** The step of the given logits; components with kappa_k above the limit are evaluated directly. */
  static MixtureLocalStep of(MixtureEngine.Logit[] logits, double conditionLimit) {
    Objects.requireNonNull(logits, "logits");
    if (logits.length == 0) {
      throw new IllegalArgumentException("logits must hold K >= 1 components, found 0");
    }
    if (!(conditionLimit >= 0)) {
      throw new IllegalArgumentException("conditionLimit must be >= 0, found " + conditionLimit);
    }
    return new MixtureLocalStep(logits, conditionLimit);
  }

  private MixtureEngine.Coefficients coefficients() {
    MixtureEngine.Coefficients c = coefficients;
    if (c == null) {
      MixtureEngine.Logit[] logits = new MixtureEngine.Logit[k];
      for (int j = 0; j < k; j++) {
        double[][] q = new double[d][];
        for (int i = 0; i < d; i++) {
          q[i] = Arrays.copyOfRange(quad, (j * d + i) * d, (j * d + i + 1) * d);
        }
        logits[j] = new MixtureEngine.Logit(alpha[j], Arrays.copyOfRange(beta, j * u, (j + 1) * u),
            Arrays.copyOfRange(ref, j * d, (j + 1) * d), Arrays.copyOfRange(gamma, j * d, (j + 1) * d), q);
      }
      c = MixtureEngine.Coefficients.of(logits, u, d, conditionLimit);
      coefficients = c;
    }
    return c;
  }

  /** K. */
  public int components() {
    return k;
  }

  /** Numbers per row: U non-location features followed by the D location coordinates. */
  public int width() {
    return u + d;
  }

  /** Empty statistics about this step's reference points. */
  public MixtureStatistics emptyStatistics() {
    double[][] refs = new double[k][d];
    for (int c = 0; c < k; c++) {
      System.arraycopy(ref, c * d, refs[c], 0, d);
    }
    return MixtureStatistics.empty(refs, u);
  }

  /**
   * The features of rows [from, to) of a row-major array ({@link #width()} numbers per row, in the
   * model's centred coordinates), to be kept for later steps; they do not depend on the factors.
   */
  public MixtureBlock block(double[] rows, int from, int to) {
    checkRange(rows, from, to);
    if (to == from) {
      throw new IllegalArgumentException("a block needs at least one row, found from = to = " + from);
    }
    return MixtureBlock.of(rows, from, to, u, d);
  }

  /**
   * The E-step over {@code count} blocks of features, as the engine's sweep runs it: each block
   * through {@link MixtureEngine#blockEStep} (statistics only: no responsibilities are written, so
   * with the SIMD kernels a partition's or a stream's E-step allocates no per-point memory), on the
   * workers' threads; then, in block order whatever thread computed them, the moments T added from
   * zero and turned into statistics once, the direct components' block statistics added, and
   * sum_n log sum_k rho_nk summed. The result has the same bits for every thread count.
   *
   * @param phi the features of block b, made when the block is computed (so blocks made from rows
   *     exist one per thread at a time)
   */
  private MixtureStatistics run(int count, java.util.function.IntFunction<INDArray> phi, Threading threading) {
    MixtureEngine.Coefficients co = coefficients();
    int f = co.features();
    double[][] blockMoments = new double[count][];
    double[] blockLse = new double[count];
    long[] blockPoints = new long[count];
    MixtureEngine.Stats[][] direct = new MixtureEngine.Stats[count][k];
    try (MixtureEngine.Workers workers = MixtureEngine.Workers.of(threading, count)) {
      workers.forEachBlock(count, blk -> {
        INDArray x = phi.apply(blk);
        INDArray moments = Nd4j.create(DataType.DOUBLE, k, f);
        blockLse[blk] = MixtureEngine.blockEStep(co, x, null, moments, direct[blk]);
        blockMoments[blk] = moments.data().asDouble();
        blockPoints[blk] = x.size(1);
      });
    }
    double[][] t = MixtureEngine.sumMoments(blockMoments, k, f);
    double lse = 0;
    long points = 0;
    for (int blk = 0; blk < count; blk++) { // in block order
      double l = blockLse[blk];
      if (!(l > Double.NEGATIVE_INFINITY) || Double.isNaN(l)) {
        throw new IllegalStateException("mixture E-step: no component has a finite log-probability at some point "
            + "(non-finite data or an overflow in the logits)");
      }
      lse += l;
      points += blockPoints[blk];
    }
    MixtureStatistics acc = emptyStatistics();
    add(acc, MixtureEngine.componentStats(co, t, direct));
    acc.lse = lse;
    acc.points = points;
    return acc;
  }

  /**
   * The statistics of a sequence of feature blocks (e.g. a Spark partition's cached blocks), about
   * this step's reference points: the engine's sweep over those blocks, in their order, on the
   * calling thread.
   */
  public MixtureStatistics statistics(java.util.Iterator<MixtureBlock> blocks) {
    return statistics(blocks, Threading.sequential());
  }

  /**
   * {@link #statistics(java.util.Iterator)} with the blocks spread over the threads of
   * {@code threading} (the caller's setting, e.g. a Spark task's {@code spark.task.cpus}); the
   * same bits for every setting.
   */
  public MixtureStatistics statistics(java.util.Iterator<MixtureBlock> blocks, Threading threading) {
    Objects.requireNonNull(blocks, "blocks");
    Objects.requireNonNull(threading, "threading");
    java.util.List<MixtureBlock> list = new java.util.ArrayList<>();
    while (blocks.hasNext()) {
      MixtureBlock b = blocks.next();
      if (b.otherFeatures() != u || b.dimension() != d) {
        throw new IllegalArgumentException("block: U = " + b.otherFeatures() + ", D = " + b.dimension()
            + "; expected U = " + u + ", D = " + d);
      }
      list.add(b);
    }
    return run(list.size(), i -> list.get(i).features(), threading);
  }

  /** Adds the statistics of one block's points to {@code acc} (which must be about this step's reference points). */
  public void accumulate(MixtureBlock block, MixtureStatistics acc) {
    Objects.requireNonNull(block, "block");
    checkAcc(acc);
    acc.combine(statistics(java.util.List.of(block).iterator()));
  }

  /**
   * The statistics of rows [from, to) of a row-major array ({@link #width()} numbers per row, in the
   * model's centred coordinates), about this step's reference points: the rows are cut into the
   * engine's blocks of {@link MixtureEngine#blockSize} rows, whose moments are added in block order
   * and turned into statistics once, as the engine's sweep does (the same bits on the same points).
   */
  public MixtureStatistics statistics(double[] rows, int from, int to) {
    return statistics(rows, from, to, Threading.sequential());
  }

  /**
   * {@link #statistics(double[], int, int)} with the engine's blocks spread over the threads of
   * {@code threading}; each block's features are made by the thread that computes it. The same
   * bits for every setting.
   */
  public MixtureStatistics statistics(double[] rows, int from, int to, Threading threading) {
    checkRange(rows, from, to);
    Objects.requireNonNull(threading, "threading");
    int m = to - from;
    if (m == 0) {
      return emptyStatistics();
    }
    int block = MixtureEngine.blockSize(m);
    int nb = (m + block - 1) / block;
    return run(nb, b -> {
      int lo = from + b * block;
      return MixtureBlock.of(rows, lo, Math.min(to, lo + block), u, d).features();
    }, threading);
  }

  /**
   * Adds the statistics of rows [from, to) to {@code acc} (about this step's reference points):
   * {@link #statistics(double[], int, int)} then {@link MixtureStatistics#combine}.
   */
  public void accumulate(double[] rows, int from, int to, MixtureStatistics acc) {
    checkAcc(acc);
    acc.combine(statistics(rows, from, to));
  }

  /** Adds each component's statistics (about this step's reference points) to acc's sums. */
  private void add(MixtureStatistics acc, MixtureEngine.Stats[] stats) {
    for (int c = 0; c < k; c++) {
      MixtureEngine.Stats s = stats[c];
      acc.n[c] += s.n();
      for (int i = 0; i < u; i++) {
        acc.su[c * u + i] += s.u()[i];
      }
      for (int i = 0; i < d; i++) {
        acc.y[c * d + i] += s.y()[i];
        for (int j = 0; j < d; j++) {
          acc.yy[(c * d + i) * d + j] += s.yy()[i][j];
        }
      }
    }
  }

  private void checkRange(double[] rows, int from, int to) {
    Objects.requireNonNull(rows, "rows");
    int w = u + d;
    if (from < 0 || to < from || (long) to * w > rows.length) {
      throw new IllegalArgumentException("rows [" + from + ", " + to + ") of " + w + " numbers each do not lie in an "
          + "array of " + rows.length + " numbers");
    }
  }

  private void checkAcc(MixtureStatistics acc) {
    Objects.requireNonNull(acc, "acc");
    if (acc.k != k || acc.d != d || acc.u != u || !Arrays.equals(acc.ref, ref)) {
      throw new IllegalArgumentException("acc: statistics about other reference points or of another shape (K = "
          + acc.k + ", D = " + acc.d + "; expected K = " + k + ", D = " + d + ")");
    }
  }
}
