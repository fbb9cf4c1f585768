package io.github.jvi.vi.cavi;

import io.github.jvi.gpu.Rng;
import java.util.Arrays;
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
 * <p>Each model maps the data once to features phi_n (length F) such that the variational
 * expectation of the complete-data log-likelihood of point n under component k is
 * {@code log rho_nk = c_k . phi_n + g_n} with coefficients c_k from the current factors and a
 * term g_n that does not depend on k (its sum over n is passed in as {@code constant}). Then, per
 * block of points stored as a contiguous [F, B] array:
 *
 * <pre>
 *   L = C Phi                        [K, B]   (one matrix product)
 *   m = max_k L;  R = exp(L - m);  s = 1^T R (a [1, K] x [K, B] product);  R /= s
 *   sum_n log sum_k rho_nk += sum(log s) + sum(m)
 *   stats += R Phi^T                 [K, F]   (N_k, sum_n r_nk x_n, ... in one product)
 * </pre>
 *
 * With r the soft-max of log rho, {@code sum_nk r_nk (log rho_nk - log r_nk) = sum_n log sum_k
 * rho_nk}, so the ELBO after the E-step is that sum plus {@code constant} plus the model's
 * global term {@code E[log p(theta)] - E[log q(theta)]}. Each sweep updates the global factors from
 * the statistics of the current responsibilities (exact maximisation in those factors), then the
 * responsibilities (exact maximisation in q(z)), so the ELBO sequence is non-decreasing.
 *
 * <p>Since every s_n lies in [1, K], sum(log s) is taken as the sum of the logarithms of products
 * of up to 64 consecutive s_n (no overflow while K^64 &lt; e^700; relative rounding about 64
 * epsilon per product): element-wise logarithms cost ND4J about ten times a multiplication.
 *
 * <p>Cost per sweep: two [K, F] x [F, N] sized products and six element-wise passes over [K, N],
 * all linear in N; the exponentials dominate. Memory: the features (F doubles per point) and the
 * responsibilities (K per point); the blocks keep each element-wise pass within cache-sized
 * arrays.
 */
final class MixtureEngine {
  private static final Logger LOG = LoggerFactory.getLogger(MixtureEngine.class);

  /** Points per block: the [K, B] and [F, B] arrays of a block stay within the caches. */
  static final int DEFAULT_BLOCK = Integer.getInteger("jvi.cavi.block", 1 << 15);

  /** What a mixture supplies. */
  interface Model<P> {
    /** K. */
    int components();

    /** The global factors maximising the ELBO given the statistics {@code stats[k][f] = sum_n r_nk phi_nf}. */
    P update(double[][] stats);

    /** Coefficients c_k of the logits, [K][F]. */
    double[][] logitCoefficients(P params);

    /** E[log p(theta)] - E[log q(theta)] for the global factors (minus their KL terms). */
    double globalTerm(P params);
  }

  /** One CAVI run: final factors, responsibilities (blocks of [K, B]), ELBO trace. */
  record Run<P>(P params, INDArray[] responsibilityBlocks, double[] trace, int iterations, boolean converged) {
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
  private final int f;

  private MixtureEngine(INDArray[] blocks, long n, int f) {
    this.blocks = blocks;
    this.n = n;
    this.f = f;
  }

  /** An engine over features given as a float64 [F, N] array, cut into blocks of {@code block} points. */
  static MixtureEngine of(INDArray featuresT, int block) {
    long n = featuresT.size(1);
    int f = (int) featuresT.size(0);
    return new MixtureEngine(split(featuresT, block), n, f);
  }

  /** Number of points. */
  long size() {
    return n;
  }

  /** Number of features. */
  int features() {
    return f;
  }

  /** Splits the columns of a [R, N] array into contiguous blocks of the engine's layout. */
  INDArray[] splitLike(INDArray rowsByN) {
    INDArray[] out = new INDArray[blocks.length];
    long lo = 0;
    for (int b = 0; b < blocks.length; b++) {
      long hi = lo + blocks[b].size(1);
      out[b] = rowsByN.get(NDArrayIndex.all(), NDArrayIndex.interval(lo, hi)).dup('c');
      lo = hi;
    }
    return out;
  }

  private static INDArray[] split(INDArray a, int block) {
    long n = a.size(1);
    int nb = (int) Math.max(1, (n + block - 1) / block);
    INDArray[] out = new INDArray[nb];
    for (int b = 0; b < nb; b++) {
      long lo = (long) b * block;
      long hi = Math.min(n, lo + block);
      out[b] = nb == 1 ? a.castTo(DataType.DOUBLE).dup('c')
          : a.get(NDArrayIndex.all(), NDArrayIndex.interval(lo, hi)).castTo(DataType.DOUBLE).dup('c');
    }
    return out;
  }

  /** stats[k][f] = sum_n r_nk phi_nf for responsibilities in blocks of [K, B]. */
  double[][] statistics(INDArray[] resp) {
    int k = (int) resp[0].size(0);
    INDArray stats = Nd4j.create(DataType.DOUBLE, k, f);
    for (int b = 0; b < blocks.length; b++) {
      Nd4j.gemm(resp[b], blocks[b], stats, false, true, 1.0, b == 0 ? 0.0 : 1.0);
    }
    return stats.toDoubleMatrix();
  }

  /**
   * Runs CAVI from the given responsibilities (blocks of [K, B], consumed as the working buffers).
   *
   * @param constant sum over points of the k-independent part g_n of log rho_nk
   */
  <P> Run<P> run(Model<P> model, INDArray[] resp, double constant, int maxIter, double tol) {
    int k = model.components();
    double[][] stats = statistics(resp);
    double[] trace = new double[maxIter];
    INDArray statArr = Nd4j.create(DataType.DOUBLE, k, f);
    P params = null;
    boolean converged = false;
    int it = 0;
    INDArray ones = Nd4j.ones(DataType.DOUBLE, 1, k);
    INDArray[] sums = new INDArray[blocks.length];
    for (int b = 0; b < blocks.length; b++) {
      sums[b] = Nd4j.create(DataType.DOUBLE, 1, blocks[b].size(1));
    }
    int group = productGroup(k);
    while (it < maxIter) {
      params = model.update(stats);
      INDArray c = Nd4j.createFromArray(model.logitCoefficients(params));
      double lse = 0;
      for (int b = 0; b < blocks.length; b++) {
        INDArray l = resp[b];
        INDArray s = sums[b];
        Nd4j.gemm(c, blocks[b], l, false, false, 1.0, 0.0);
        INDArray m = l.max(0);
        l.subiRowVector(m);
        Transforms.exp(l, false);
        Nd4j.gemm(ones, l, s, false, false, 1.0, 0.0); // column sums, each in [1, K]
        l.diviRowVector(s);
        lse += sumLog(s, group) + m.sumNumber().doubleValue();
        Nd4j.gemm(l, blocks[b], statArr, false, true, 1.0, b == 0 ? 0.0 : 1.0);
      }
      stats = statArr.toDoubleMatrix();
      double elbo = lse + constant + model.globalTerm(params);
      if (Double.isNaN(elbo)) {
        throw new IllegalStateException("CAVI: the ELBO became NaN at sweep " + (it + 1)
            + " (non-finite data or an overflow in the logits)");
      }
      trace[it] = elbo;
      it++;
      if (it >= 2) {
        double prev = trace[it - 2];
        if (elbo < prev - 1e-9 * Math.abs(prev)) {
          LOG.warn("CAVI: ELBO decreased from {} to {} at sweep {}", prev, elbo, it);
        }
        if (Math.abs(elbo - prev) <= tol * Math.abs(elbo)) {
          converged = true;
          break;
        }
      }
    }
    return new Run<>(params, resp, Arrays.copyOf(trace, it), it, converged);
  }

  /**
   * How many column sums (each in [1, K]) can be multiplied before taking one logarithm without
   * overflow: K^g &lt;= e^700. Logarithms cost about ten times a multiplication in ND4J, so
   * sum_n log s_n is computed as sum over groups of log(prod s_n), with a relative rounding error
   * of about g epsilon per group.
   */
  static int productGroup(int k) {
    return k <= 1 ? 64 : (int) Math.max(1, Math.min(64, Math.floor(700 / Math.log(k))));
  }

  /** sum_n log s_n for s in [1, K], by products over groups of {@code g}. */
  static double sumLog(INDArray s, int g) {
    long len = s.length();
    long main = len - len % g;
    double total = 0;
    if (main > 0) {
      INDArray head = main == len ? s : s.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, main));
      total += Transforms.log(head.reshape(main / g, g).prod(1), false).sumNumber().doubleValue();
    }
    if (main < len) {
      total += Transforms.log(s.get(NDArrayIndex.point(0), NDArrayIndex.interval(main, len)), true)
          .sumNumber().doubleValue();
    }
    return total;
  }

  /** Runs {@code options.restarts()} initialisations drawn from {@code rng}; keeps the best final ELBO. */
  <P> Run<P> fit(Model<P> model, INDArray pointsT, double constant, CaviOptions options, Rng rng) {
    java.util.Objects.requireNonNull(options, "options");
    java.util.Objects.requireNonNull(rng, "rng");
    int k = model.components();
    checkComponents(k, n);
    Run<P> best = null;
    for (int r = 0; r < options.restarts(); r++) {
      INDArray init = Seeding.initial(options.init(), pointsT, k, rng);
      Run<P> run = run(model, splitLike(init), constant, options.maxIter(), options.tol());
      LOG.debug("CAVI restart {}: ELBO {} after {} sweeps (converged: {})", r, run.elbo(), run.iterations(),
          run.converged());
      if (best == null || run.elbo() > best.elbo()) {
        best = run;
      }
    }
    return best;
  }

  /** Runs once from given [N, K] responsibilities (rows non-negative, summing to one). */
  <P> Run<P> fitFrom(Model<P> model, INDArray initial, double constant, CaviOptions options) {
    java.util.Objects.requireNonNull(options, "options");
    int k = model.components();
    checkComponents(k, n);
    java.util.Objects.requireNonNull(initial, "initialResponsibilities");
    if (initial.rank() != 2 || initial.size(0) != n || initial.size(1) != k) {
      throw new IllegalArgumentException("initialResponsibilities must have shape [" + n + ", " + k
          + "], found " + Arrays.toString(initial.shape()));
    }
    INDArray r = initial.castTo(DataType.DOUBLE);
    io.github.jvi.core.util.Check.nonNegative("initialResponsibilities", r);
    double worst = Transforms.abs(r.sum(1).subi(1.0), false).maxNumber().doubleValue();
    if (!(worst <= 1e-6)) {
      throw new IllegalArgumentException("initialResponsibilities: every row must sum to 1, found a row "
          + "off by " + worst);
    }
    return run(model, splitLike(r.transpose()), constant, options.maxIter(), options.tol());
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
