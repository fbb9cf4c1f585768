package io.github.jvi.core.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.GradCheck;
import io.github.jvi.core.autodiff.Gradients;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;
import org.hipparchus.special.Gamma;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PoissonTest {
  @Test
  void logProbMatchesClosedForm() {
    // reference: the pmf by hand, Poisson(3.5) at x = 2: 3.5^2 e^-3.5 / 2!
    double expected = 2 * Math.log(3.5) - 3.5 - Math.log(2);
    assertEquals(expected, Poisson.of(3.5).logProb(Nd4j.scalar(2.0)).item(), 1e-14);
  }

  @Test
  void pmfSumsToOne() {
    for (double rate : new double[] {0.01, 0.3, 4, 25, 200}) {
      int kmax = (int) (rate + 20 * Math.sqrt(rate) + 40); // the tail beyond is far below 1e-16
      INDArray k = Nd4j.arange(0, kmax + 1).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
      double sum = 0;
      for (double lp : Poisson.of(rate).logProb(k).value().data().asDouble()) {
        sum += Math.exp(lp);
      }
      assertEquals(1.0, sum, 1e-12, "rate " + rate);
    }
  }

  @Test
  void sampleMomentsMatchBothSamplerBranches() {
    // batch: 2.5 uses inversion, 40 and 1e4 use PTRS; n = 100000 draws each.
    // Standard errors: mean sqrt(rate/n); sample variance sqrt((rate + 2 rate^2)/n) (the Poisson
    // fourth central moment is rate (1 + 3 rate)). Tolerance 5 standard errors, fixed seed.
    double[] rates = {2.5, 40, 1e4};
    int n = 100_000;
    INDArray x = Poisson.of(Nd4j.createFromArray(rates)).sample(Rng.of(11), n);
    assertArrayEquals(new long[] {n, 3}, x.shape());
    for (int j = 0; j < rates.length; j++) {
      double[] col = x.getColumn(j).dup().data().asDouble();
      double m = 0;
      for (double v : col) {
        m += v;
        assertEquals(Math.rint(v), v, 0.0);
        assertTrue(v >= 0);
      }
      m /= n;
      double s2 = 0;
      for (double v : col) {
        s2 += (v - m) * (v - m);
      }
      s2 /= n - 1;
      double r = rates[j];
      assertEquals(r, m, 5 * Math.sqrt(r / n), "mean, rate " + r);
      assertEquals(r, s2, 5 * Math.sqrt((r + 2 * r * r) / n), "variance, rate " + r);
    }
  }

  @Test
  void sampleFrequenciesFollowThePmf() {
    // per-value frequencies against the pmf for both samplers; each bin within 5 binomial standard
    // errors sqrt(p (1 - p) / n) (+1/n for bins with tiny p); fixed seed
    int n = 200_000;
    for (double rate : new double[] {0.8, 30}) {
      double[] x = Poisson.of(rate).sample(Rng.of(5), n).data().asDouble();
      int[] counts = new int[200];
      for (double v : x) {
        counts[(int) v]++;
      }
      for (int k = 0; k < 200; k++) {
        double p = Math.exp(k * Math.log(rate) - rate - Gamma.logGamma(k + 1.0));
        double se = Math.sqrt(p * (1 - p) / n);
        assertEquals(p, counts[k] / (double) n, 5 * se + 1.0 / n, "rate " + rate + ", k " + k);
      }
    }
  }

  @Test
  void entropyAgainstDirectSumAndAsymptotics() {
    // reference 1: -sum_k p log p over k = 0..300 written out here (tail beyond 300 is < 1e-200)
    double rate = 3.5;
    double direct = 0;
    for (int k = 0; k <= 300; k++) {
      double lp = k * Math.log(rate) - rate - Gamma.logGamma(k + 1.0);
      direct -= Math.exp(lp) * lp;
    }
    assertEquals(direct, Poisson.of(rate).entropy().item(), 1e-14);
    // reference 2: the asymptotic series (Evans & Boersma 1988) whose omitted term is O(rate^-4)
    for (double r : new double[] {1000, 2e4}) {
      double asym = 0.5 * Math.log(2 * Math.PI * Math.E * r) - 1 / (12 * r) - 1 / (24 * r * r)
          - 19 / (360 * r * r * r);
      assertEquals(asym, Poisson.entropySeries(r)[0], 1e-10, "rate " + r);
    }
    // continuity where the implementation switches from the series to the expansion
    double below = Poisson.entropySeries(Poisson.ASYMPTOTIC)[0];
    double above = Poisson.entropySeries(Math.nextUp(Poisson.ASYMPTOTIC))[0];
    assertEquals(below, above, 1e-9);
    // tiny rate: H = rate (1 - log rate) + O(rate^2)
    double t = 1e-8;
    assertEquals(t * (1 - Math.log(t)), Poisson.of(t).entropy().item(), 1e-15);
  }

  @Test
  void gradientsOfLogProbAndEntropy() {
    INDArray x = Nd4j.createFromArray(0.0, 3.0, 17.0);
    GradCheck.Result r = GradCheck.check(v -> Poisson.of(v[0]).logProb(x).sum(),
        Nd4j.createFromArray(0.7, 2.5, 15.0));
    assertTrue(r.passes(1e-7), r.toString());
    GradCheck.Result h = GradCheck.check(v -> Poisson.of(v[0]).entropy().sum(),
        Nd4j.createFromArray(0.05, 0.7, 12.0, 300.0));
    assertTrue(h.passes(1e-6), h.toString());
  }

  @Test
  void exponentialFamilyIdentities() {
    Poisson p = Poisson.of(Nd4j.createFromArray(0.4, 6.0));
    // grad A(eta) = E[t] = rate
    Var eta = Var.param(p.naturalParameters().value());
    INDArray g = Gradients.of(p.logNormalizer(eta).sum()).get(eta);
    assertTrue(g.equalsWithEps(p.expectedSufficientStatistics().value(), 1e-12), g.toString());
    // log p(x) = log h(x) + eta . t(x) - A(eta), x = [2, 5]
    Var x = Var.constant(Nd4j.createFromArray(2.0, 5.0));
    INDArray viaEf = p.logBaseMeasure(x).add(p.naturalParameters().mul(p.sufficientStatistics(x)).sum(1))
        .sub(p.logNormalizer()).value();
    assertTrue(viaEf.equalsWithEps(p.logProb(x).value(), 1e-12));
    assertArrayEquals(new long[] {2, 1, 1}, p.fisherInformation().shape());
    assertEquals(6.0, p.fisherInformation().value().getDouble(1, 0, 0), 0.0);
  }

  @Test
  void invalidRatesNameParameterAndValue() {
    for (double bad : new double[] {Double.NaN, 0.0, -1.5, Double.POSITIVE_INFINITY}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Poisson.of(bad));
      assertTrue(e.getMessage().contains("rate") && e.getMessage().contains(Double.toString(bad)), e.getMessage());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Poisson.of(Nd4j.createFromArray(1.0, -2.0)));
    assertTrue(e.getMessage().contains("rate") && e.getMessage().contains("-2.0"), e.getMessage());
  }
}
