package io.github.jvi.vi.svi;

import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.cavi.BayesianGmm;
import io.github.jvi.vi.cavi.GmmGlobals;
import io.github.jvi.vi.cavi.MixtureLocalStep;
import io.github.jvi.vi.cavi.MixtureStatistics;
import java.util.Objects;

/**
 * Stochastic variational inference (Hoffman, Blei, Wang and Paisley 2013, Algorithm 2) for the
 * {@link BayesianGmm} on a stream of rows, in memory that does not grow with N.
 *
 * <p><b>Step t</b> (t = 1, 2, ...), for a minibatch of B training points:
 * <ol>
 *   <li>local step: the responsibilities of the minibatch under the current global factors and
 *       their statistics s_B ({@link MixtureLocalStep}, exact for these models: the block E-step of
 *       batch CAVI);</li>
 *   <li>global step: with rho_t = (t + tau)^-kappa and N' = N - H training points,
 *       s &lt;- (1 - rho_t) s + rho_t (N'/B) s_B ({@link MixtureStatistics#blend}), which is the
 *       natural-gradient step lambda &lt;- (1 - rho_t) lambda + rho_t (eta0 + (N'/B) s_B) on the
 *       natural parameters lambda = eta0 + s; then the factors from s by the same function batch
 *       CAVI uses ({@link BayesianGmm#globals}).</li>
 * </ol>
 * With B = N' and rho = 1 a step is one CAVI update from the full batch's statistics.
 *
 * <p><b>Stream.</b> A {@link StreamScan} first counts the rows, takes their mean (the centre) and
 * covariance, marks blocks of rows and holds out H rows. Each pass visits the blocks in a random
 * order and shuffles the rows of {@code windowBlocks} blocks at a time before cutting them into
 * minibatches. The initial factors come from batch CAVI on the held-out rows
 * ({@link SviOptions#initOptions()}: restarts of k-means++ by default), their statistics scaled to N'. Every {@code reportEvery} steps (and after the
 * last) the held-out ELBO per point is recorded: the mean of log sum_k rho_nk over the held-out rows
 * plus the global term over N'. After the last pass one more pass computes the ELBO of all N rows.
 *
 * <p><b>Memory</b>: the window ({@code windowBlocks * blockRows * D} doubles, 16 MiB at the defaults
 * and D = 8), the minibatch, the H held-out rows and one mark per block: independent of N but for
 * the marks (24 bytes per block, 37 KB for N = 10^8 at the default block of 65536 rows).
 */
public final class StochasticGmm {
  private final BayesianGmm model;
  private final SviOptions options;

  private StochasticGmm(BayesianGmm model, SviOptions options) {
    this.model = model;
    this.options = options;
  }

  /** SVI for {@code model} with {@code options}. */
  public static StochasticGmm of(BayesianGmm model, SviOptions options) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(options, "options");
    return new StochasticGmm(model, options);
  }

  /** Scans the source with this run's block size, held-out size and seed. */
  public StreamScan scan(RowSource source) {
    return StreamScan.of(source, options.blockRows(), options.holdout(), Rng.of(options.seed()));
  }

  /** Scans the source and fits. */
  public SviFit<GmmGlobals> fit(RowSource source) {
    return fit(scan(source), true);
  }

  /**
   * Fits on a scanned source (the stream machinery of {@link StreamedSvi}).
   *
   * @param finalElbo whether to make one more pass for the ELBO of all N rows
   */
  public SviFit<GmmGlobals> fit(StreamScan scan, boolean finalElbo) {
    Objects.requireNonNull(scan, "scan");
    return new StreamedSvi<>(new Adapter(scan.mean()), options).fit(scan, finalElbo);
  }

  /**
   * The ELBO of all rows of a source under given global factors: one E-step pass, sum_n log sum_k
   * rho_nk plus the global term.
   */
  public static double elbo(RowSource source, GmmGlobals g) {
    return new StreamedSvi<>(of(g.model(), SviOptions.defaults()).new Adapter(g.centre()), SviOptions.defaults())
        .elbo(source, g);
  }

  /** The GMM as the stream machinery sees it: rows of D numbers, centred at the stream's mean. */
  private final class Adapter implements StreamedSvi.Mixture<GmmGlobals> {
    private final double[] centre;

    Adapter(double[] centre) {
      this.centre = centre;
    }

    @Override
    public int streamWidth() {
      return model.dimension();
    }

    @Override
    public int components() {
      return model.components();
    }

    @Override
    public void prepare(double[] in, int m, double[] out) {
      int d = centre.length;
      for (int p = 0; p < m * d; p++) {
        out[p] = in[p] - centre[p % d];
      }
    }

    @Override
    public double constant(double[] prepared, int m) {
      return 0;
    }

    @Override
    public MixtureStatistics seed(double[] prepared, int m, long nTrain, Rng rng) {
      return GmmGlobals.seed(model, java.util.Arrays.copyOf(prepared, m * centre.length), nTrain,
          options.initOptions(), rng);
    }

    @Override
    public GmmGlobals globals(MixtureStatistics stats) {
      return model.globals(stats, centre);
    }

    @Override
    public MixtureLocalStep localStep(GmmGlobals g) {
      return g.localStep();
    }

    @Override
    public double globalTerm(GmmGlobals g) {
      return g.globalTerm();
    }
  }

  /**
   * One SVI step on the statistics: the local step of the current factors on a minibatch of b
   * centred rows (the block E-step of batch CAVI, {@link MixtureLocalStep#statistics}), its
   * statistics s_B scaled by nTrain / b, and the natural-gradient step
   * {@code stats.blend(rho, (nTrain / b) s_B)}. With the full batch (b = nTrain, rows in the
   * engine's order) and rho = 1 the result is the E-step statistics of a CAVI sweep bit for bit, so
   * the factors made from it are that sweep's.
   *
   * @param local the local step of the factors made from {@code stats}
   * @param rho step size in (0, 1]
   * @param batch row-major centred rows, {@code local.width()} numbers each
   * @param b rows in the minibatch, &gt;= 1
   * @param nTrain number of training points N the minibatch stands for
   */
  public static MixtureStatistics step(MixtureLocalStep local, MixtureStatistics stats, double rho, double[] batch,
      int b, long nTrain) {
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(stats, "stats");
    if (b < 1) {
      throw new IllegalArgumentException("b (minibatch rows) must be >= 1, found " + b);
    }
    if (nTrain < 1) {
      throw new IllegalArgumentException("nTrain must be >= 1, found " + nTrain);
    }
    MixtureStatistics sb = local.statistics(batch, 0, b);
    return stats.blend(rho, sb.scaled((double) nTrain / b));
  }
}
