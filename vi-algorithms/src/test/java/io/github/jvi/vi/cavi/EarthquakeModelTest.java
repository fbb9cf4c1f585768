package io.github.jvi.vi.cavi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.special.Special;
import io.github.jvi.gpu.Rng;
import java.util.Arrays;
import java.util.Comparator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class EarthquakeModelTest {
  @Test
  void oneClusterIsTheConjugatePosteriorAndTheElboIsTheEvidence() {
    // reference: Gamma-Poisson and Normal-Normal conjugacy written out here; the evidence is
    // log p(S) (negative-binomial-type closed form) + log p(X), with each coordinate of X jointly
    // N(nu_i 1, I/tau + 11^T/rho) (Sherman-Morrison inverse, matrix-determinant lemma)
    double alpha = 2, beta = 0.5, tau = 1.5, rho = 0.2;
    double[] nu = {1, -2};
    EarthquakeModel model = EarthquakeModel.of(new double[] {1}, alpha, beta, tau, nu, rho);
    EarthquakeModel.Simulation sim = model.simulate(new double[] {7}, new double[][] {{3, 0.5}}, 80, Rng.of(31));
    double[][] x = sim.locations().toDoubleMatrix();
    double[] s = sim.counts().toDoubleVector();
    int n = s.length;
    double sumS = Arrays.stream(s).sum();
    double[] sumX = new double[2];
    for (double[] r : x) {
      sumX[0] += r[0];
      sumX[1] += r[1];
    }
    double logPs = alpha * Math.log(beta) - Special.lgamma(alpha) + Special.lgamma(alpha + sumS)
        - (alpha + sumS) * Math.log(beta + n);
    for (double v : s) {
      logPs -= Special.lgamma(v + 1);
    }
    double logPx = 0;
    for (int i = 0; i < 2; i++) {
      double se2 = 0, se = 0;
      for (double[] r : x) {
        double e = r[i] - nu[i];
        se2 += e * e;
        se += e;
      }
      double logDet = -n * Math.log(tau) + Math.log(1 + n * tau / rho);
      double quad = tau * se2 - tau * tau / (rho + n * tau) * se * se;
      logPx += -0.5 * n * Math.log(2 * Math.PI) - 0.5 * logDet - 0.5 * quad;
    }
    EarthquakeFit fit = model.fit(sim.locations(), sim.counts(), CaviOptions.defaults(), Rng.of(1));
    assertEquals(alpha + sumS, fit.rateShapes()[0], 1e-9);
    assertEquals(beta + n, fit.rateRates()[0], 1e-9);
    assertEquals(rho + tau * n, fit.meanPrecisions()[0], 1e-9);
    for (int i = 0; i < 2; i++) {
      assertEquals((rho * nu[i] + tau * sumX[i]) / (rho + tau * n), fit.means()[0][i], 1e-10);
    }
    assertEquals(logPs + logPx, fit.elbo(), 1e-9 * Math.abs(fit.elbo()));
  }

  /** The ELBO as E[log p] - E[log q] term by term with loops over events (independent of the engine). */
  static double naiveElbo(EarthquakeModel m, double[][] x, double[] s, EarthquakeFit f) {
    double[][] r = f.responsibilities().toDoubleMatrix();
    int d = x[0].length;
    double[] nu = m.nu();
    double total = 0;
    for (int k = 0; k < f.components(); k++) {
      double a = f.rateShapes()[k], b = f.rateRates()[k], rk = f.meanPrecisions()[k];
      double[] mk = f.means()[k];
      double eLam = a / b, eLog = Special.digamma(a) - Math.log(b);
      for (int n = 0; n < s.length; n++) {
        double sq = d / rk;
        for (int i = 0; i < d; i++) {
          sq += (x[n][i] - mk[i]) * (x[n][i] - mk[i]);
        }
        double lp = Math.log(m.weights()[k]) + s[n] * eLog - eLam - Special.lgamma(s[n] + 1)
            + d / 2.0 * Math.log(m.tau() / (2 * Math.PI)) - m.tau() / 2 * sq;
        total += r[n][k] * lp - (r[n][k] > 0 ? r[n][k] * Math.log(r[n][k]) : 0);
      }
      // E log p(lambda) - E log q(lambda), from the Gamma densities
      total += m.alpha() * Math.log(m.beta()) - Special.lgamma(m.alpha()) + (m.alpha() - 1) * eLog - m.beta() * eLam;
      total -= a * Math.log(b) - Special.lgamma(a) + (a - 1) * eLog - b * eLam;
      // E log p(mu) - E log q(mu), from the isotropic Gaussian densities
      double dd = d / rk;
      for (int i = 0; i < d; i++) {
        dd += (mk[i] - nu[i]) * (mk[i] - nu[i]);
      }
      total += d / 2.0 * Math.log(m.rho() / (2 * Math.PI)) - m.rho() / 2 * dd;
      total -= d / 2.0 * Math.log(rk / (2 * Math.PI)) - d / 2.0;
    }
    return total;
  }

  @Test
  void elboMatchesTermByTermComputation() {
    EarthquakeModel m = EarthquakeModel.of(new double[] {0.5, 0.3, 0.2}, 1.5, 0.1, 0.8, new double[] {0, 1}, 0.05);
    EarthquakeModel.Simulation sim = m.simulate(new double[] {3, 10, 25},
        new double[][] {{-3, 0}, {2, 2}, {2, -2}}, 150, Rng.of(6));
    double[][] x = sim.locations().toDoubleMatrix();
    double[] s = sim.counts().toDoubleVector();
    for (int iters : new int[] {1, 3, 60}) {
      EarthquakeFit fit = m.fit(sim.locations(), sim.counts(), CaviOptions.defaults().withMaxIter(iters), Rng.of(3));
      assertEquals(naiveElbo(m, x, s, fit), fit.elbo(), 1e-9 * Math.abs(fit.elbo()), "after " + iters);
    }
  }

  @Test
  void recoversClustersRatesAndLocations() {
    EarthquakeModel m = EarthquakeModel.of(new double[] {0.4, 0.35, 0.25}, 1, 0.05, 1, new double[] {0, 0}, 0.01);
    double[] rates = {2, 12, 40};
    double[][] means = {{-5, 0}, {4, 4}, {4, -4}};
    EarthquakeModel.Simulation sim = m.simulate(rates, means, 3000, Rng.of(17));
    EarthquakeFit fit = m.fit(sim.locations(), sim.counts(), CaviOptions.defaults().withRestarts(2), Rng.of(4));
    double[] t = fit.elboTrace();
    for (int i = 1; i < t.length; i++) {
      assertTrue(t[i] >= t[i - 1] - 1e-9 * Math.abs(t[i - 1]), "ELBO decreased at " + i);
    }
    Integer[] order = {0, 1, 2};
    double[] est = fit.rates();
    Arrays.sort(order, Comparator.comparingDouble(k -> est[k]));
    for (int c = 0; c < 3; c++) {
      int k = order[c];
      // >= 750 events per cluster: rate standard error sqrt(lambda/750) <= 0.24, location 0.04;
      // 5-sigma bounds
      assertEquals(rates[c], est[k], 5 * Math.sqrt(rates[c] / 750), "rate " + c);
      assertArrayEquals(means[c], fit.means()[k], 0.2, "location " + c);
    }
  }

  @Test
  void poissonSamplerHasTheRightMeanAndVariance() {
    // 40000 draws per rate: standard error of the mean sqrt(lambda/40000); of the variance about
    // lambda sqrt(2/40000) (plus the fourth-cumulant term lambda/40000); 5-sigma bounds
    for (double lambda : new double[] {0.3, 4, 250}) {
      INDArray oneHot = Nd4j.ones(40000, 1).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
      double[] v = Sampling.poisson(Rng.of(9), new double[] {lambda}, oneHot).toDoubleVector();
      double mean = Arrays.stream(v).average().orElseThrow();
      double var = Arrays.stream(v).map(u -> (u - mean) * (u - mean)).sum() / (v.length - 1);
      assertEquals(lambda, mean, 5 * Math.sqrt(lambda / 40000), "mean at " + lambda);
      assertEquals(lambda, var, 5 * lambda * Math.sqrt(2.0 / 40000) + 5 * Math.sqrt(lambda / 40000), "variance at " + lambda);
      assertTrue(Arrays.stream(v).allMatch(u -> u >= 0 && u == Math.rint(u)));
    }
  }

  @Test
  void badInputIsRejected() {
    EarthquakeModel m = EarthquakeModel.of(new double[] {0.5, 0.5}, 1, 1, 1, new double[] {0, 0}, 1);
    double[][] x = {{0, 0}, {1, 1}, {2, 2}};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.fit(x, new double[] {1, -1, 2}, CaviOptions.defaults(), Rng.of(1)));
    assertTrue(e.getMessage().contains("counts") && e.getMessage().contains("-1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> m.fit(x, new double[] {1, 1.5, 2}, CaviOptions.defaults(), Rng.of(1)));
    assertTrue(e.getMessage().contains("integers"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> m.fit(x, new double[] {1, 2}, CaviOptions.defaults(), Rng.of(1)));
    assertTrue(e.getMessage().contains("one entry per location"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> EarthquakeModel.of(new double[] {0.5, 0.5}, 1, 1, 0, new double[] {0, 0}, 1));
    assertTrue(e.getMessage().contains("tau"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> EarthquakeModel.of(new double[] {0.5, 0.6}, 1, 1, 1, new double[] {0, 0}, 1));
    assertTrue(e.getMessage().contains("sum to 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> EarthquakeModel.of(new double[] {1}, 1, Double.NaN, 1, new double[] {0, 0}, 1));
    assertTrue(e.getMessage().contains("beta") && e.getMessage().contains("NaN"), e.getMessage());
  }
}
