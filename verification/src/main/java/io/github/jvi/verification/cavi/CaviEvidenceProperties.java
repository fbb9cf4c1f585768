package io.github.jvi.verification.cavi;

import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.cavi.BayesianGmm;
import io.github.jvi.vi.cavi.BayesianGmmFit;
import io.github.jvi.vi.cavi.CaviFit;
import io.github.jvi.vi.cavi.CaviOptions;
import io.github.jvi.vi.cavi.EarthquakeFit;
import io.github.jvi.vi.cavi.EarthquakeModel;
import io.github.jvi.vi.cavi.GmmLight;
import io.github.jvi.vi.cavi.GmmLightFit;
import io.github.jvi.vi.cavi.Init;
import io.github.jvi.vi.cavi.NormalGammaFit;
import io.github.jvi.vi.cavi.NormalGammaModel;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Assertions;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The ELBO is a lower bound: every value of every trace is at most log p(x), with the evidence
 * computed independently of the library ({@link Evidence}: closed forms for the Normal-Gamma model,
 * enumeration of all K^N labellings for mixtures of at most 7 points); and with one component CAVI
 * is exact: the factors are the conjugate posterior and the ELBO equals log p(x). Tolerance 1e-9
 * relative (rounding of sums over at most a few hundred terms).
 */
class CaviEvidenceProperties {
  private static final double REL = 1e-9;

  private static void belowEvidence(CaviFit fit, double logEvidence) {
    for (double v : fit.elboTrace()) {
      Assertions.assertTrue(v <= logEvidence + REL * Math.abs(logEvidence),
          "ELBO " + v + " above log p(x) = " + logEvidence);
    }
  }

  private static double[] weights(double u, int k) {
    double[] w = new double[k];
    double s = 0;
    for (int i = 0; i < k; i++) {
      w[i] = 1 + u * i;
      s += w[i];
    }
    for (int i = 0; i < k; i++) {
      w[i] /= s;
    }
    return w;
  }

  @Property(tries = 40, seed = "1004")
  void normalGammaElboIsBelowTheEvidence(@ForAll @IntRange(min = 1, max = 80) int n,
      @ForAll @DoubleRange(min = -3, max = 3) double mu0, @ForAll @DoubleRange(min = 0.05, max = 5) double lambda0,
      @ForAll @DoubleRange(min = 0.3, max = 6) double a0, @ForAll @DoubleRange(min = 0.2, max = 5) double b0,
      @ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
    Rng rng = Rng.of(seed);
    NormalGammaModel model = NormalGammaModel.of(mu0, lambda0, a0, b0);
    double[] x = model.simulate(n, rng).x();
    double logEv = Evidence.normalGamma(x, mu0, lambda0, a0, b0);
    Assertions.assertEquals(logEv, model.logEvidence(x), REL * Math.abs(logEv), "library log evidence");
    NormalGammaFit fit = model.fit(x, CaviOptions.defaults());
    belowEvidence(fit, logEv);
    // mean field cannot be exact: the posterior couples mu and tau
    Assertions.assertTrue(fit.elbo() < logEv, fit.elbo() + " vs " + logEv);
  }

  @Property(tries = 12, seed = "1005")
  void gmmLightElboIsBelowTheEnumeratedEvidence(@ForAll @IntRange(min = 2, max = 3) int k,
      @ForAll @DoubleRange(min = 0, max = 2) double skew, @ForAll @DoubleRange(min = 0.05, max = 2) double lambda0,
      @ForAll @DoubleRange(min = 0.5, max = 4) double a0, @ForAll @DoubleRange(min = 0.2, max = 3) double b0,
      @ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
    int n = k == 2 ? 7 : 6;
    double[] w = weights(skew, k);
    GmmLight model = GmmLight.of(w, 0.5, lambda0, a0, b0);
    double[] x = model.simulate(n, Rng.of(seed)).x();
    double logEv = Evidence.logSumOverLabellings(n, k, z -> {
      double s = 0;
      for (int label : z) {
        s += Math.log(w[label]);
      }
      for (int c = 0; c < k; c++) {
        s += Evidence.normalGamma(Evidence.select(x, z, c), 0.5, lambda0, a0, b0);
      }
      return s;
    });
    GmmLightFit fit = model.fit(x, CaviOptions.defaults().withInit(Init.RANDOM), Rng.of(seed + 1));
    belowEvidence(fit, logEv);
  }

  @Property(tries = 12, seed = "1006")
  void earthquakeElboIsBelowTheEnumeratedEvidence(@ForAll @IntRange(min = 2, max = 3) int k,
      @ForAll @DoubleRange(min = 0, max = 2) double skew, @ForAll @DoubleRange(min = 0.5, max = 4) double alpha,
      @ForAll @DoubleRange(min = 0.05, max = 2) double beta, @ForAll @DoubleRange(min = 0.2, max = 3) double tau,
      @ForAll @DoubleRange(min = 0.05, max = 2) double rho, @ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
    int n = k == 2 ? 7 : 6;
    double[] w = weights(skew, k);
    double[] nu = {0.3, -0.2};
    EarthquakeModel model = EarthquakeModel.of(w, alpha, beta, tau, nu, rho);
    EarthquakeModel.Simulation sim = model.simulate(n, Rng.of(seed));
    double[][] x = sim.locations().toDoubleMatrix();
    double[] s = sim.counts().toDoubleVector();
    double logEv = Evidence.logSumOverLabellings(n, k, z -> {
      double v = 0;
      for (int label : z) {
        v += Math.log(w[label]);
      }
      for (int c = 0; c < k; c++) {
        v += Evidence.poissonGamma(Evidence.select(s, z, c), alpha, beta)
            + Evidence.isotropicGaussian(Evidence.select(x, z, c), tau, nu, rho);
      }
      return v;
    });
    EarthquakeFit fit = model.fit(sim.locations(), sim.counts(), CaviOptions.defaults().withInit(Init.RANDOM),
        Rng.of(seed + 1));
    belowEvidence(fit, logEv);
  }

  @Property(tries = 12, seed = "1007")
  void bayesianGmmElboIsBelowTheEnumeratedEvidence(@ForAll @IntRange(min = 2, max = 3) int k,
      @ForAll @DoubleRange(min = 0.2, max = 3) double alpha0, @ForAll @DoubleRange(min = 0.05, max = 2) double beta0,
      @ForAll @DoubleRange(min = 0.2, max = 2) double scale, @ForAll @DoubleRange(min = 1.5, max = 6) double nu0,
      @ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
    int n = k == 2 ? 7 : 6;
    double[] m0 = {0.5, -0.5};
    double[][] w0 = {{scale, 0.2 * scale}, {0.2 * scale, 0.5 * scale}};
    BayesianGmm model = BayesianGmm.of(k, alpha0, m0, beta0, w0, nu0);
    INDArray xa = model.simulate(n, Rng.of(seed)).x();
    double[][] x = xa.toDoubleMatrix();
    double logEv = Evidence.logSumOverLabellings(n, k, z -> {
      // Dirichlet-multinomial probability of the labelling, then the Gaussian-Wishart marginals
      double v = Evidence.lgamma(k * alpha0) - Evidence.lgamma(n + k * alpha0);
      for (int c = 0; c < k; c++) {
        double[][] xc = Evidence.select(x, z, c);
        v += Evidence.lgamma(xc.length + alpha0) - Evidence.lgamma(alpha0)
            + Evidence.gaussianWishart2(xc, m0, beta0, w0, nu0);
      }
      return v;
    });
    BayesianGmmFit fit = model.fit(xa, CaviOptions.defaults().withInit(Init.RANDOM), Rng.of(seed + 1));
    belowEvidence(fit, logEv);
  }

  @Property(tries = 20, seed = "1008")
  void oneComponentIsTheConjugatePosterior(@ForAll @IntRange(min = 1, max = 200) int n,
      @ForAll @DoubleRange(min = 0.05, max = 3) double p1, @ForAll @DoubleRange(min = 0.5, max = 5) double p2,
      @ForAll @DoubleRange(min = 0.1, max = 3) double p3, @ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
    Rng rng = Rng.of(seed);
    CaviOptions opts = CaviOptions.defaults();
    // GMM-light, K = 1: NormalGamma(m0 = 1, lambda0 = p1, a0 = p2, b0 = p3) posterior
    GmmLight gl = GmmLight.of(new double[] {1}, 1, p1, p2, p3);
    double[] x = gl.simulate(n, rng).x();
    GmmLightFit g = gl.fit(x, opts, rng);
    double mean = Arrays.stream(x).average().orElseThrow();
    Assertions.assertEquals((p1 * 1 + n * mean) / (p1 + n), g.means()[0], 1e-10 * (1 + Math.abs(mean)));
    Assertions.assertEquals(p2 + n / 2.0, g.shapes()[0], 1e-9 * n);
    double logEv = Evidence.normalGamma(x, 1, p1, p2, p3);
    Assertions.assertEquals(logEv, g.elbo(), REL * Math.abs(logEv), "GMM-light K = 1");

    // earthquake, K = 1: Gamma(alpha + sum S, beta + N) and N((rho nu + tau sum X)/(rho + tau N), ...)
    double[] nu = {-1, 2};
    EarthquakeModel eq = EarthquakeModel.of(new double[] {1}, p2, p1, p3, nu, p1);
    EarthquakeModel.Simulation es = eq.simulate(n, rng);
    EarthquakeFit e = eq.fit(es.locations(), es.counts(), opts, rng);
    double[][] loc = es.locations().toDoubleMatrix();
    double[] cnt = es.counts().toDoubleVector();
    double sumS = Arrays.stream(cnt).sum();
    Assertions.assertEquals(p2 + sumS, e.rateShapes()[0], 1e-9 * (1 + sumS));
    Assertions.assertEquals(p1 + n, e.rateRates()[0], 1e-9 * n);
    for (int i = 0; i < 2; i++) {
      double sx = 0;
      for (double[] r : loc) {
        sx += r[i];
      }
      Assertions.assertEquals((p1 * nu[i] + p3 * sx) / (p1 + p3 * n), e.means()[0][i], 1e-9 * (1 + Math.abs(sx) / n));
    }
    double logEq = Evidence.poissonGamma(cnt, p2, p1) + Evidence.isotropicGaussian(loc, p3, nu, p1);
    Assertions.assertEquals(logEq, e.elbo(), REL * Math.abs(logEq), "earthquake K = 1");

    // Bayesian GMM, K = 1: the Gaussian-Wishart posterior, whose evidence is Murphy's eq. 266
    double[] m0 = {0.5, -1};
    double[][] w0 = {{p3, 0}, {0, 2 * p3}};
    BayesianGmm bg = BayesianGmm.of(1, p2, m0, p1, w0, 2 + p1);
    INDArray xa = bg.simulate(Math.max(n, 2), rng).x();
    BayesianGmmFit b = bg.fit(xa, opts, rng);
    double logG = Evidence.gaussianWishart2(xa.toDoubleMatrix(), m0, p1, w0, 2 + p1);
    Assertions.assertEquals(logG, b.elbo(), REL * Math.abs(logG), "Bayesian GMM K = 1");
  }
}
