package io.github.jvi.verification.cavi;

import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.cavi.BayesianGmm;
import io.github.jvi.vi.cavi.CaviFit;
import io.github.jvi.vi.cavi.CaviOptions;
import io.github.jvi.vi.cavi.EarthquakeModel;
import io.github.jvi.vi.cavi.GmmLight;
import io.github.jvi.vi.cavi.Init;
import io.github.jvi.vi.cavi.NormalGammaModel;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Assertions;

/**
 * CAVI never lowers the ELBO: each update maximises it exactly in one block of factors, so the
 * trace is non-decreasing. Checked after every sweep, for generated hyperparameters, data sizes,
 * numbers of components and both initialisations, allowing only rounding: a drop of at most 1e-9
 * relative (the ELBO sums N terms of its own magnitude, each rounded at 1e-16). Data are drawn
 * from the models' priors; for the Bayesian GMM the Wishart degrees of freedom stay at D + 1 or
 * more, since fewer give covariance draws so close to singular (condition numbers near 1e15) that
 * forming their scatter matrices in float64 alone loses most digits, in any implementation.
 */
class CaviMonotonicityProperties {
  private static void nonDecreasing(CaviFit fit) {
    double[] t = fit.elboTrace();
    for (int i = 1; i < t.length; i++) {
      Assertions.assertTrue(t[i] >= t[i - 1] - 1e-9 * Math.abs(t[i - 1]),
          "ELBO fell from " + t[i - 1] + " to " + t[i] + " at sweep " + (i + 1));
    }
  }

  private static CaviOptions options(boolean random) {
    return CaviOptions.defaults().withMaxIter(200).withInit(random ? Init.RANDOM : Init.KMEANS_PLUS_PLUS);
  }

  @Property(tries = 40, seed = "1013")
  void normalGamma(@ForAll @IntRange(min = 1, max = 500) int n, @ForAll @DoubleRange(min = -5, max = 5) double mu0,
      @ForAll @DoubleRange(min = 0.01, max = 10) double lambda0, @ForAll @DoubleRange(min = 0.1, max = 10) double a0,
      @ForAll @DoubleRange(min = 0.1, max = 10) double b0, @ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
    NormalGammaModel model = NormalGammaModel.of(mu0, lambda0, a0, b0);
    nonDecreasing(model.fit(model.simulate(n, Rng.of(seed)).x(), CaviOptions.defaults().withTol(0).withMaxIter(50)));
  }

  @Property(tries = 25, seed = "1014")
  void gmmLight(@ForAll @IntRange(min = 1, max = 5) int k, @ForAll @IntRange(min = 5, max = 400) int n,
      @ForAll @DoubleRange(min = 0.01, max = 2) double lambda0, @ForAll @DoubleRange(min = 0.2, max = 5) double a0,
      @ForAll @DoubleRange(min = 0.1, max = 5) double b0, @ForAll boolean random,
      @ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
    double[] w = new double[k];
    java.util.Arrays.fill(w, 1.0 / k);
    GmmLight model = GmmLight.of(w, 0, lambda0, a0, b0);
    Rng rng = Rng.of(seed);
    nonDecreasing(model.fit(model.simulate(n, rng).x(), options(random), rng));
  }

  @Property(tries = 25, seed = "1015")
  void bayesianGmm(@ForAll @IntRange(min = 1, max = 5) int k, @ForAll @IntRange(min = 1, max = 3) int d,
      @ForAll @IntRange(min = 5, max = 400) int n, @ForAll @DoubleRange(min = 0.01, max = 5) double alpha0,
      @ForAll @DoubleRange(min = 0.01, max = 3) double beta0, @ForAll @DoubleRange(min = 1.5, max = 5) double extraDof,
      @ForAll boolean random, @ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
    double[][] w0 = new double[d][d];
    for (int i = 0; i < d; i++) {
      w0[i][i] = 1.0 / (d + extraDof);
    }
    BayesianGmm model = BayesianGmm.of(Math.min(k, n), alpha0, new double[d], beta0, w0, d - 0.5 + extraDof);
    Rng rng = Rng.of(seed);
    nonDecreasing(model.fit(model.simulate(n, rng).x(), options(random), rng));
  }

  @Property(tries = 25, seed = "1016")
  void earthquake(@ForAll @IntRange(min = 1, max = 5) int k, @ForAll @IntRange(min = 5, max = 400) int n,
      @ForAll @DoubleRange(min = 0.2, max = 5) double alpha, @ForAll @DoubleRange(min = 0.01, max = 2) double beta,
      @ForAll @DoubleRange(min = 0.1, max = 5) double tau, @ForAll @DoubleRange(min = 0.01, max = 2) double rho,
      @ForAll boolean random, @ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
    double[] w = new double[k];
    java.util.Arrays.fill(w, 1.0 / k);
    EarthquakeModel model = EarthquakeModel.of(w, alpha, beta, tau, new double[] {1, -1}, rho);
    Rng rng = Rng.of(seed);
    EarthquakeModel.Simulation s = model.simulate(n, rng);
    nonDecreasing(model.fit(s.locations(), s.counts(), options(random), rng));
  }
}
