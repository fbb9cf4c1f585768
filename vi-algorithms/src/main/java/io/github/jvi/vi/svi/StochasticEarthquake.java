package io.github.jvi.vi.svi;

import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.cavi.EarthquakeGlobals;
import io.github.jvi.vi.cavi.EarthquakeModel;
import io.github.jvi.vi.cavi.MixtureLocalStep;
import io.github.jvi.vi.cavi.MixtureStatistics;
import java.util.Objects;

/**
 * Stochastic variational inference (Hoffman, Blei, Wang and Paisley 2013, Algorithm 2) for the
 * {@link EarthquakeModel} (Poisson counts and Gaussian locations sharing a cluster) on a stream of
 * rows (x_1, ..., x_D, S): the location, then the count (3 columns on a map), in memory that does
 * not grow with N. The stream machinery (block-shuffled passes, held-out slice, reports, final
 * ELBO) is {@link StochasticGmm}'s, shared through {@link StreamedSvi}; the step is
 * {@link StochasticGmm#step}.
 *
 * <p><b>Step t</b>: the local step gives the minibatch's statistics s_B (N_k, sum r S, the moments
 * of the locations); s &lt;- (1 - rho_t) s + rho_t (N'/B) s_B, which is the natural-gradient step on
 * the natural parameters of q(lambda_k) = Gamma(alpha + sum r S, beta + N_k) and q(mu_k) =
 * N((rho nu + tau sum r x) / (rho + tau N_k), (rho + tau N_k)^-1 I), both linear in s; then the
 * factors from s by the update batch CAVI uses ({@link EarthquakeModel#globals}). The locations are
 * centred at the stream's mean location. The held-out ELBO per point includes the k-independent
 * term -log S_n! + (D/2) log(tau / 2 pi) of each held-out point.
 *
 * <p>Counts must be non-negative integers: the scan checks every row, so a bad count deep in a file
 * fails before any fitting, naming the file and the row.
 */
public final class StochasticEarthquake {
  private final EarthquakeModel model;
  private final SviOptions options;

  private StochasticEarthquake(EarthquakeModel model, SviOptions options) {
    this.model = model;
    this.options = options;
  }

  /** SVI for {@code model} with {@code options}. */
  public static StochasticEarthquake of(EarthquakeModel model, SviOptions options) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(options, "options");
    return new StochasticEarthquake(model, options);
  }

  /** Scans the source (rows of D + 1 numbers, the count last) with this run's block size, held-out size and seed. */
  public StreamScan scan(RowSource source) {
    int d = model.dimension();
    return StreamScan.of(source, options.blockRows(), options.holdout(), Rng.of(options.seed()),
        (rows, o) -> EarthquakeGlobals.checkCount("count (column " + (d + 1) + ")", rows[o + d]));
  }

  /** Scans the source and fits. */
  public SviFit<EarthquakeGlobals> fit(RowSource source) {
    return fit(scan(source), true);
  }

  /**
   * Fits on a scanned source.
   *
   * @param finalElbo whether to make one more pass for the ELBO of all N rows
   */
  public SviFit<EarthquakeGlobals> fit(StreamScan scan, boolean finalElbo) {
    Objects.requireNonNull(scan, "scan");
    double[] mean = scan.mean();
    return new StreamedSvi<>(new Adapter(java.util.Arrays.copyOf(mean, model.dimension())), options)
        .fit(scan, finalElbo);
  }

  /** Stream rows (x, S) become local-step rows (S, x - centre). */
  private final class Adapter implements StreamedSvi.Mixture<EarthquakeGlobals> {
    private final double[] centre;

    Adapter(double[] centre) {
      this.centre = centre;
    }

    @Override
    public int streamWidth() {
      return model.dimension() + 1;
    }

    @Override
    public int components() {
      return model.components();
    }

    @Override
    public void prepare(double[] in, int m, double[] out) {
      int d = centre.length;
      int w = d + 1;
      double[] row = new double[w];
      for (int p = 0; p < m; p++) {
        int o = p * w;
        row[0] = in[o + d];
        for (int i = 0; i < d; i++) {
          row[1 + i] = in[o + i] - centre[i];
        }
        System.arraycopy(row, 0, out, o, w);
      }
    }

    @Override
    public double constant(double[] prepared, int m) {
      int w = centre.length + 1;
      double[] s = new double[m];
      for (int p = 0; p < m; p++) {
        s[p] = prepared[p * w];
      }
      return model.countConstant(s);
    }

    @Override
    public MixtureStatistics seed(double[] prepared, int m, long nTrain, Rng rng) {
      return EarthquakeGlobals.seed(model, java.util.Arrays.copyOf(prepared, m * (centre.length + 1)), nTrain,
          options.initOptions(), rng);
    }

    @Override
    public EarthquakeGlobals globals(MixtureStatistics stats) {
      return model.globals(stats, centre);
    }

    @Override
    public MixtureLocalStep localStep(EarthquakeGlobals g) {
      return g.localStep();
    }

    @Override
    public double globalTerm(EarthquakeGlobals g) {
      return g.globalTerm();
    }
  }
}
