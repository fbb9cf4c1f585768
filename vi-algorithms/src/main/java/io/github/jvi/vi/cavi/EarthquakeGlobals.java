package io.github.jvi.vi.cavi;

import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import java.util.Objects;

/**
 * The global factors prod_k q(lambda_k) q(mu_k) of an {@link EarthquakeModel}, as made by
 * {@link EarthquakeModel#globals(MixtureStatistics, double[])} from sufficient statistics, with
 * locations centred at {@link #centre()}: what streamed SVI keeps between steps (the counterpart of
 * {@link GmmGlobals}).
 *
 * <p>The local step ({@link #localStep()}) reads rows (S_n, x_n - centre): the count first, then
 * the centred location. With statistics s of N points under these factors the ELBO is
 * {@code s.logSumExp() + sum_n g_n + globalTerm()}, g_n = -log S_n! + (D/2) log(tau / 2 pi), exactly
 * what batch CAVI reports after its E-step.
 */
public final class EarthquakeGlobals {
  private final EarthquakeModel model;
  private final EarthquakeModel.Components components;
  private final double[] centre;
  private final EarthquakeModel.Factors factors;

  EarthquakeGlobals(EarthquakeModel model, EarthquakeModel.Components components, double[] centre,
      EarthquakeModel.Factors factors) {
    this.model = model;
    this.components = components;
    this.centre = centre;
    this.factors = factors;
  }

  /**
   * Initial statistics from a sample: batch CAVI on the sample's m points ({@code options}: its
   * sweeps, restarts and initialisation, the best final ELBO kept), the statistics of its
   * responsibilities scaled by n / m.
   *
   * @param rows m rows (S_n, x_n - centre), row-major, 1 + D numbers each
   * @param n number of points the statistics stand for, &gt;= m
   */
  public static MixtureStatistics seed(EarthquakeModel model, double[] rows, long n, CaviOptions options, Rng rng) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(rng, "rng");
    int d = model.dimension();
    int w = 1 + d;
    int m = rows.length / w;
    if (rows.length != (long) m * w) {
      throw new IllegalArgumentException("rows must hold whole rows of " + w + " numbers, found " + rows.length);
    }
    MixtureEngine.checkComponents(model.components(), m);
    if (n < m) {
      throw new IllegalArgumentException("n must be >= the sample size " + m + ", found " + n);
    }
    double[][] loc = new double[m][d];
    double[] counts = new double[m];
    for (int p = 0; p < m; p++) {
      counts[p] = rows[p * w];
      System.arraycopy(rows, p * w + 1, loc[p], 0, d);
    }
    EarthquakeFit fit = model.fit(loc, counts, options, rng);
    double[] resp = fit.responsibilities().dup('c').data().asDouble();
    return MixtureStatistics.ofResponsibilities(rows, 1, d, resp, model.components()).scaled((double) n / m);
  }

  /** The factors in centred coordinates (for tests of the shared update). */
  EarthquakeModel.Factors factors() {
    return factors;
  }

  /** The model. */
  public EarthquakeModel model() {
    return model;
  }

  /** The centre subtracted from the locations (a copy). */
  public double[] centre() {
    return centre.clone();
  }

  /** The E-step under these factors, on rows (S_n, x_n - centre). */
  public MixtureLocalStep localStep() {
    return MixtureLocalStep.of(components.logits(factors));
  }

  /** -sum_k KL(q(lambda_k) || p(lambda_k)) - sum_k KL(q(mu_k) || p(mu_k)). */
  public double globalTerm() {
    return components.globalTerm(factors);
  }

  /** a_k of q(lambda_k) = Gamma(a_k, b_k). */
  public double[] rateShapes() {
    return factors.a().clone();
  }

  /** b_k. */
  public double[] rateRates() {
    return factors.b().clone();
  }

  /** E_q[lambda_k] = a_k / b_k, the posterior mean rates. */
  public double[] rates() {
    double[] r = new double[factors.a().length];
    for (int k = 0; k < r.length; k++) {
      r[k] = factors.a()[k] / factors.b()[k];
    }
    return r;
  }

  /** m_k = E_q[mu_k] in the data's coordinates, [K][D]. */
  public double[][] means() {
    double[][] m = Dense.copy(factors.m());
    for (double[] row : m) {
      for (int i = 0; i < row.length; i++) {
        row[i] += centre[i];
      }
    }
    return m;
  }

  /** rho_k = rho + tau N_k. */
  public double[] meanPrecisions() {
    return factors.rhoK().clone();
  }

  /** Checks that a count is a non-negative integer (as the model's likelihood needs). */
  public static double checkCount(String name, double s) {
    Check.finite(name, s);
    if (s < 0 || s != Math.floor(s)) {
      throw new IllegalArgumentException(name + " must be a non-negative integer count, found " + s);
    }
    return s;
  }
}
