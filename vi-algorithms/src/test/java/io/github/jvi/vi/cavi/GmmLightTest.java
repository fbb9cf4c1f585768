package io.github.jvi.vi.cavi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.special.Special;
import io.github.jvi.gpu.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GmmLightTest {
  @Test
  void oneComponentIsTheConjugatePosterior() {
    // reference: with K = 1 the factor q(mu, tau) is the exact NormalGamma posterior and the ELBO is
    // log p(x), both from NormalGammaModel's closed forms
    double[] x = NormalGammaModel.simulate(3, 0.5, 200, Rng.of(3)).x();
    GmmLightFit fit = GmmLight.of(new double[] {1}, 1, 0.5, 2, 3).fit(x, CaviOptions.defaults(), Rng.of(1));
    NormalGammaModel ng = NormalGammaModel.of(1, 0.5, 2, 3);
    NormalGammaParams post = ng.posterior(x);
    assertEquals(post.mu(), fit.means()[0], 1e-12);
    assertEquals(post.lambda(), fit.lambdas()[0], 1e-9);
    assertEquals(post.a(), fit.shapes()[0], 1e-9);
    assertEquals(post.b(), fit.rates()[0], 1e-9 * post.b());
    assertEquals(ng.logEvidence(x), fit.elbo(), 1e-9 * Math.abs(fit.elbo()));
  }

  /**
   * The ELBO written term by term with plain loops: E[log p(x|z,mu,tau)] + E[log p(z)] +
   * E[log p(mu,tau)] - E[log q(z)] - E[log q(mu,tau)], NormalGamma expectations from their
   * definitions (not the engine's log-sum-exp form or the KL closed form).
   */
  static double naiveElbo(double[] x, double[] w, NormalGammaParams prior, GmmLightFit f) {
    double[][] r = f.responsibilities().toDoubleMatrix();
    double s = 0;
    for (int k = 0; k < w.length; k++) {
      double a = f.shapes()[k], b = f.rates()[k], m = f.means()[k], l = f.lambdas()[k];
      double eTau = a / b, eLog = Special.digamma(a) - Math.log(b);
      for (int n = 0; n < x.length; n++) {
        double eq = 1 / l + eTau * (x[n] - m) * (x[n] - m); // E[tau (x - mu)^2]
        double lp = Math.log(w[k]) + 0.5 * eLog - 0.5 * Math.log(2 * Math.PI) - 0.5 * eq;
        s += r[n][k] * lp - (r[n][k] > 0 ? r[n][k] * Math.log(r[n][k]) : 0);
      }
      // E log p(mu, tau) - E log q(mu, tau), each written from the NormalGamma density
      double eqm = 1 / l + eTau * (m - prior.mu()) * (m - prior.mu()); // E[tau (mu - m0)^2]
      double logP = prior.a() * Math.log(prior.b()) - Special.lgamma(prior.a()) + (prior.a() - 0.5) * eLog
          - prior.b() * eTau + 0.5 * Math.log(prior.lambda() / (2 * Math.PI)) - 0.5 * prior.lambda() * eqm;
      double logQ = a * Math.log(b) - Special.lgamma(a) + (a - 0.5) * eLog - b * eTau
          + 0.5 * Math.log(l / (2 * Math.PI)) - 0.5; // E[l tau (mu - m)^2] = 1
      s += logP - logQ;
    }
    return s;
  }

  @Test
  void elboMatchesTermByTermComputation() {
    double[] w = {0.2, 0.5, 0.3};
    GmmLight model = GmmLight.of(w, 0, 0.1, 2, 2);
    double[] x = model.simulate(new double[] {-4, 0, 5}, new double[] {1, 4, 0.5}, 300, Rng.of(11)).x();
    for (int iters : new int[] {1, 3, 50}) {
      GmmLightFit fit = model.fit(x, CaviOptions.defaults().withMaxIter(iters), Rng.of(2));
      assertEquals(naiveElbo(x, w, model.prior(), fit), fit.elbo(), 1e-9 * Math.abs(fit.elbo()), "after " + iters);
    }
  }

  @Test
  void elboNeverDecreasesAndMeansAreRecovered() {
    double[] w = {0.3, 0.7};
    GmmLight model = GmmLight.of(w, 0, 0.01, 1, 1);
    GmmLight.Simulation sim = model.simulate(new double[] {-3, 3}, new double[] {1, 1}, 2000, Rng.of(5));
    GmmLightFit fit = model.fit(sim.x(), CaviOptions.defaults().withInit(Init.RANDOM).withRestarts(2), Rng.of(9));
    double[] t = fit.elboTrace();
    for (int i = 1; i < t.length; i++) {
      assertTrue(t[i] >= t[i - 1] - 1e-9 * Math.abs(t[i - 1]), "ELBO decreased at " + i + ": " + t[i - 1] + " -> " + t[i]);
    }
    assertTrue(fit.converged());
    assertEquals(fit.iterations(), fit.sweepSeconds().length);
    assertTrue(java.util.Arrays.stream(fit.sweepSeconds()).allMatch(v -> v >= 0));
    double[] m = fit.means();
    Arrays.sort(m);
    // 600 and 1400 points with unit variance: standard errors 0.041 and 0.027; 5-sigma bounds
    assertEquals(-3, m[0], 0.2);
    assertEquals(3, m[1], 0.14);
  }

  @Test
  void permutingTheDataPermutesTheResult() {
    GmmLight model = GmmLight.of(new double[] {0.5, 0.5}, 0, 0.1, 1, 1);
    double[] x = model.simulate(new double[] {-1, 1.5}, new double[] {2, 1}, 100, Rng.of(4)).x();
    INDArray r0 = Seeding.random(x.length, 2, Rng.of(8)).transpose().dup();
    int[] p = Rng.of(12).permutation(x.length);
    double[] xp = new double[x.length];
    INDArray rp = r0.dup();
    for (int i = 0; i < p.length; i++) {
      xp[i] = x[p[i]];
      rp.putRow(i, r0.getRow(p[i]));
    }
    CaviOptions o = CaviOptions.defaults().withMaxIter(30);
    GmmLightFit a = model.fit(Nd4j.createFromArray(x), r0, o);
    GmmLightFit b = model.fit(Nd4j.createFromArray(xp), rp, o);
    assertArrayEquals(a.means(), b.means(), 1e-9);
    assertArrayEquals(a.rates(), b.rates(), 1e-9);
    assertArrayEquals(a.elboTrace(), b.elboTrace(), 1e-9 * Math.abs(a.elbo()));
  }

  @Test
  void badInputIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GmmLight.of(new double[] {0.3, 0.3}, 0, 1, 1, 1));
    assertTrue(e.getMessage().contains("sum to 1") && e.getMessage().contains("0.6"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> GmmLight.of(new double[] {1.5, -0.5}, 0, 1, 1, 1));
    assertTrue(e.getMessage().contains("weights[1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> GmmLight.of(new double[] {1}, 0, 1, 1, -2));
    assertTrue(e.getMessage().contains("b0") && e.getMessage().contains("-2"), e.getMessage());
    GmmLight m = GmmLight.of(new double[] {0.5, 0.5}, 0, 1, 1, 1);
    e = assertThrows(IllegalArgumentException.class, () -> m.fit(new double[] {1}, CaviOptions.defaults(), Rng.of(1)));
    assertTrue(e.getMessage().contains("K = 2") && e.getMessage().contains("N = 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> m.fit(new double[] {1, Double.POSITIVE_INFINITY}, CaviOptions.defaults(), Rng.of(1)));
    assertTrue(e.getMessage().contains("Infinity"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> m.fit(Nd4j.createFromArray(1.0, 2.0), Nd4j.createFromArray(new double[][] {{0.5, 0.6}, {1, 0}}),
            CaviOptions.defaults()));
    assertTrue(e.getMessage().contains("sum to 1"), e.getMessage());
  }

  @Test
  void theDataDependentPriorsOfTheCommandsAreLibraryFactories() {
    // reference: the variance of {0, 2, 4} is 8/3 (divided by N); b0 = a0 var / K^2
    double[] x = {0, 2, 4};
    assertEquals(2 * (8.0 / 3) / 4, GmmLight.dataRate(x, 2, 2), 1e-15);
    assertEquals(1.0 / 9, GmmLight.dataRate(new double[] {5, 5}, 3, 1), 1e-15, "zero variance counts as 1");
    GmmLight m = GmmLight.fromData(new double[] {0.5, 0.5}, x);
    assertEquals(2, m.prior().mu(), 1e-15);
    // counts with mean 2: beta = alpha / 2
    assertEquals(1.5, EarthquakeModel.dataRate(new double[] {1, 2, 3}, 3), 1e-15);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GmmLight.dataRate(new double[] {1, Double.NaN}, 2, 1));
    assertTrue(e.getMessage().contains("x[1]") && e.getMessage().contains("NaN"), e.getMessage());
    EarthquakeModel eq = EarthquakeModel.fromData(new double[] {1}, new double[][] {{0, 1}, {2, 3}}, new double[] {0, 0});
    assertArrayEquals(new double[] {1, 2}, eq.nu(), 1e-15); // the mean location
    assertEquals(1, eq.beta(), 0.0, "mean count 0: beta = alpha");
  }
}
