package io.github.jvi.vi.cavi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.special.Special;
import io.github.jvi.gpu.Rng;
import org.junit.jupiter.api.Test;

class NormalGammaModelTest {
  private static final double[] X = {1.2, 0.4, 2.5, 1.9, 0.8, 1.1, 3.0, 1.6, 0.2, 1.4};

  @Test
  void exactPosteriorByHand() {
    // reference: the conjugate update written out by hand for x = (1, 3), prior NG(0, 1, 2, 1):
    // xbar = 2, lambda_n = 3, mu_n = 4/3, a_n = 3, b_n = 1 + (1/2)(1 + 1) + 1*2*4/(2*3) = 10/3
    NormalGammaParams p = NormalGammaModel.of(0, 1, 2, 1).posterior(new double[] {1, 3});
    assertEquals(4.0 / 3, p.mu(), 1e-14);
    assertEquals(3, p.lambda(), 1e-14);
    assertEquals(3, p.a(), 1e-14);
    assertEquals(10.0 / 3, p.b(), 1e-14);
  }

  /** log p(x | mu, tau) written out directly. */
  private static double logLik(double[] x, double mu, double tau) {
    double s = 0;
    for (double v : x) {
      s += 0.5 * Math.log(tau / (2 * Math.PI)) - 0.5 * tau * (v - mu) * (v - mu);
    }
    return s;
  }

  @Test
  void logEvidenceSatisfiesBayesRuleAtEveryParameter() {
    // reference: Bayes' rule, log p(x) = log p(x|theta) + log p(theta) - log p(theta|x), which holds
    // at every theta only if both the posterior and the evidence are right
    NormalGammaModel m = NormalGammaModel.of(0.5, 2, 3, 2);
    double ev = m.logEvidence(X);
    NormalGammaParams post = m.posterior(X);
    for (double[] th : new double[][] {{0, 0.3}, {1.4, 1.1}, {-2, 4}, {3, 0.05}}) {
      double viaBayes = logLik(X, th[0], th[1]) + m.prior().logDensity(th[0], th[1]) - post.logDensity(th[0], th[1]);
      assertEquals(ev, viaBayes, 1e-10);
    }
  }

  @Test
  void logDensityAgreesWithInferenceCoresNormalGamma() {
    // reference: io.github.jvi.core.distribution.NormalGamma.logProb, written independently
    NormalGammaParams p = new NormalGammaParams(0.7, 2.5, 3.2, 1.4);
    double[][] pts = {{0.7, 1.0}, {-1.3, 0.2}, {2.0, 5.5}};
    double[] core = p.distribution().logProb(org.nd4j.linalg.factory.Nd4j.createFromArray(pts)).value().toDoubleVector();
    for (int i = 0; i < pts.length; i++) {
      assertEquals(core[i], p.logDensity(pts[i][0], pts[i][1]), 1e-12);
    }
  }

  @Test
  void elboIsMonotoneAndBelowEvidenceByKlToPosterior() {
    NormalGammaModel m = NormalGammaModel.of(0, 1, 1, 1);
    NormalGammaFit fit = m.fit(X, CaviOptions.defaults());
    double[] t = fit.elboTrace();
    for (int i = 1; i < t.length; i++) {
      assertTrue(t[i] >= t[i - 1] - 1e-12 * Math.abs(t[i - 1]), "ELBO decreased at " + i);
    }
    assertTrue(fit.converged());
    double ev = m.logEvidence(X);
    assertTrue(fit.elbo() < ev, fit.elbo() + " vs " + ev);
    // reference: ELBO = log p(x) - KL(q || posterior), KL by a midpoint rule on a (mu, tau) grid
    NormalGammaParams post = m.posterior(X);
    double sdMu = 1 / Math.sqrt(fit.muPrecision());
    double tauMean = fit.meanTau();
    double sdTau = Math.sqrt(fit.tauShape()) / fit.tauRate();
    int g = 1200;
    double mu0 = fit.muMean() - 9 * sdMu;
    double dmu = 18 * sdMu / g;
    double t0 = Math.max(1e-12, tauMean - 12 * sdTau);
    double dt = (tauMean + 14 * sdTau - t0) / g;
    double kl = 0;
    for (int i = 0; i < g; i++) {
      double mu = mu0 + (i + 0.5) * dmu;
      for (int j = 0; j < g; j++) {
        double tau = t0 + (j + 0.5) * dt;
        double lq = fit.logDensity(mu, tau);
        kl += Math.exp(lq) * (lq - post.logDensity(mu, tau)) * dmu * dt;
      }
    }
    assertEquals(ev - kl, fit.elbo(), 1e-6);
  }

  @Test
  void meanFieldFixedPointMatchesClosedForm() {
    // reference: at the fixed point lambda_N = (lambda0 + N) a_N / b_N and b_N solves
    // b = b0 + (1/2)(sum (x - mu_N)^2 + lambda0 (mu_N - mu0)^2) + (1/2) b / a_N, so
    // b_N = B / (1 - 1 / (2 a_N)) with B the first two terms (Bishop ex. 10.7 style algebra)
    NormalGammaModel m = NormalGammaModel.of(0.3, 0.5, 2, 3);
    NormalGammaFit fit = m.fit(X, CaviOptions.defaults().withTol(0).withMaxIter(200)); // run to the fixed point
    double n = X.length;
    double mean = java.util.Arrays.stream(X).average().orElseThrow();
    double muN = (0.5 * 0.3 + n * mean) / (0.5 + n);
    double sq = 0;
    for (double v : X) {
      sq += (v - muN) * (v - muN);
    }
    double aN = 2 + (n + 1) / 2;
    double bigB = 3 + 0.5 * (sq + 0.5 * (muN - 0.3) * (muN - 0.3));
    double bN = bigB / (1 - 1 / (2 * aN));
    assertEquals(muN, fit.muMean(), 1e-13);
    assertEquals(aN, fit.tauShape(), 1e-13);
    assertEquals(bN, fit.tauRate(), 1e-9 * bN);
    assertEquals((0.5 + n) * aN / bN, fit.muPrecision(), 1e-9 * fit.muPrecision());
  }

  @Test
  void simulateDrawsFromTheGivenParameters() {
    // 20000 draws: the standard error of the mean is 0.5/sqrt(20000) = 0.0035 and of the variance
    // about 0.25 * sqrt(2/20000) = 0.0025; 5-sigma bounds with a fixed seed
    NormalGammaModel.Simulation s = NormalGammaModel.simulate(1.5, 4, 20000, Rng.of(7));
    double[] x = s.x();
    double mean = java.util.Arrays.stream(x).average().orElseThrow();
    double var = java.util.Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / (x.length - 1);
    assertEquals(1.5, mean, 0.018);
    assertEquals(0.25, var, 0.0125);
  }

  @Test
  void badInputIsRejectedWithTheParameterAndValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NormalGammaModel.of(0, -1, 1, 1));
    assertTrue(e.getMessage().contains("lambda0") && e.getMessage().contains("-1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> NormalGammaModel.of(0, 1, Double.NaN, 1));
    assertTrue(e.getMessage().contains("a0") && e.getMessage().contains("NaN"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> NormalGammaModel.of(0, 1, 1, 0));
    assertTrue(e.getMessage().contains("b0"), e.getMessage());
    NormalGammaModel m = NormalGammaModel.of(0, 1, 1, 1);
    e = assertThrows(IllegalArgumentException.class, () -> m.fit(new double[0], CaviOptions.defaults()));
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> m.fit(new double[] {1, Double.NaN}, CaviOptions.defaults()));
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
  }

  @Test
  void gammaKlAgainstDefinition() {
    // reference: KL(Gamma(a,b) || Gamma(a0,b0)) = E_q[log q - log p] written from the densities:
    // E[log tau] = psi(a) - log b, E[tau] = a/b
    double a = 3.5, b = 1.7, a0 = 2, b0 = 0.6;
    double el = Special.digamma(a) - Math.log(b);
    double eq = a * Math.log(b) - Special.lgamma(a) + (a - 1) * el - b * (a / b);
    double ep = a0 * Math.log(b0) - Special.lgamma(a0) + (a0 - 1) * el - b0 * (a / b);
    assertEquals(eq - ep, NormalGammaParams.gammaKl(a, b, a0, b0), 1e-13);
  }
}
