package io.github.jvi.core.kl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.GradCheck;
import io.github.jvi.core.distribution.Bernoulli;
import io.github.jvi.core.distribution.Categorical;
import io.github.jvi.core.distribution.Independent;
import io.github.jvi.core.distribution.Normal;
import io.github.jvi.core.distribution.Poisson;
import io.github.jvi.gpu.Rng;
import org.hipparchus.special.Gamma;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Closed forms against exact summation over the support, KL(p||p) = 0 and KL &gt;= 0. */
class DiscreteKlTest {
  private static double logPoisson(double k, double rate) {
    return k * Math.log(rate) - rate - Gamma.logGamma(k + 1);
  }

  @Test
  void poissonAgainstTruncatedSum() {
    // sum_k p(k) (log p(k) - log q(k)) for k up to a + 20 sqrt(a) + 60: beyond that p(k) < 1e-40 and
    // the log-ratio grows only like k log(a / b), so the neglected tail is far below 1e-14
    double[][] pairs = {{3.5, 1.2}, {40, 45}, {0.2, 7}};
    for (double[] ab : pairs) {
      double a = ab[0];
      double b = ab[1];
      double sum = 0;
      for (int k = 0; k <= a + 20 * Math.sqrt(a) + 60; k++) {
        double lp = logPoisson(k, a);
        sum += Math.exp(lp) * (lp - logPoisson(k, b));
      }
      assertEquals(sum, Kl.divergence(Poisson.of(a), Poisson.of(b)).item(), 1e-12 * Math.max(1, sum),
          "rates " + a + ", " + b);
      assertEquals(0.0, Kl.divergence(Poisson.of(a), Poisson.of(a)).item(), 0.0);
    }
  }

  @Test
  void categoricalAgainstSumIncludingZerosAndBroadcasting() {
    double[][] p = {{0.2, 0.5, 0.3}, {0.0, 0.6, 0.4}};
    double[] q = {0.1, 0.7, 0.2};
    INDArray kl = Kl.divergence(Categorical.ofProbs(Nd4j.createFromArray(p)), Categorical.ofProbs(q)).value();
    assertArrayEquals(new long[] {2}, kl.shape());
    for (int b = 0; b < 2; b++) {
      double sum = 0;
      for (int k = 0; k < 3; k++) {
        sum += p[b][k] == 0 ? 0 : p[b][k] * Math.log(p[b][k] / q[k]); // 0 log 0 = 0
      }
      assertEquals(sum, kl.getDouble(b), 1e-15);
    }
    // q with a zero where p is positive: +inf; p with a zero where q is positive: finite
    assertEquals(Double.POSITIVE_INFINITY,
        Kl.divergence(Categorical.ofProbs(0.5, 0.5), Categorical.ofProbs(1.0, 0.0)).item(), 0.0);
    assertEquals(Math.log(2), Kl.divergence(Categorical.ofProbs(1.0, 0.0), Categorical.ofProbs(0.5, 0.5)).item(), 1e-15);
    // logits parameterisation, against the same sum
    Categorical pl = Categorical.ofLogits(1.0, -2.0, 0.5);
    Categorical ql = Categorical.ofLogits(0.0, 0.3, -0.3);
    double s = 0;
    for (int k = 0; k < 3; k++) {
      double lp = pl.logits().value().getDouble(k);
      s += Math.exp(lp) * (lp - ql.logits().value().getDouble(k));
    }
    assertEquals(s, Kl.divergence(pl, ql).item(), 1e-15);
    assertThrows(IllegalArgumentException.class,
        () -> Kl.divergence(Categorical.ofProbs(0.5, 0.5), Categorical.ofProbs(0.2, 0.3, 0.5)));
  }

  @Test
  void bernoulliAgainstSumInBothParameterisations() {
    double[][] pairs = {{0.3, 0.8}, {0.01, 0.5}, {0.999, 0.2}};
    for (double[] pq : pairs) {
      double p = pq[0];
      double q = pq[1];
      double sum = p * Math.log(p / q) + (1 - p) * Math.log((1 - p) / (1 - q));
      double lp = Math.log(p / (1 - p));
      double lq = Math.log(q / (1 - q));
      assertEquals(sum, Kl.divergence(Bernoulli.ofProbs(p), Bernoulli.ofProbs(q)).item(), 1e-14);
      assertEquals(sum, Kl.divergence(Bernoulli.ofLogits(lp), Bernoulli.ofLogits(lq)).item(), 1e-14);
      assertEquals(sum, Kl.divergence(Bernoulli.ofProbs(p), Bernoulli.ofLogits(lq)).item(), 1e-14);
      assertEquals(sum, Kl.divergence(Bernoulli.ofLogits(lp), Bernoulli.ofProbs(q)).item(), 1e-14);
    }
    // degenerate p: KL(Bern(0) || Bern(q)) = -log(1 - q); q degenerate against positive p: +inf
    assertEquals(-Math.log(0.75), Kl.divergence(Bernoulli.ofProbs(0.0), Bernoulli.ofProbs(0.25)).item(), 1e-15);
    assertEquals(Double.POSITIVE_INFINITY, Kl.divergence(Bernoulli.ofProbs(0.5), Bernoulli.ofProbs(1.0)).item(), 0.0);
  }

  @Test
  void independentSumsTheBaseRule() {
    INDArray l1 = Nd4j.createFromArray(new double[][] {{0.0, 1.0, -1.0}, {2.0, 0.5, 0.0}});
    INDArray s1 = Nd4j.createFromArray(new double[][] {{1.0, 0.5, 2.0}, {0.3, 1.0, 1.5}});
    INDArray l2 = Nd4j.createFromArray(0.5, 0.5, 0.5);
    INDArray s2 = Nd4j.createFromArray(1.0, 2.0, 0.7);
    INDArray base = Kl.divergence(Normal.of(l1, s1), Normal.of(l2, s2)).value();
    INDArray kl = Kl.divergence(Independent.of(Normal.of(l1, s1), 1), Independent.of(Normal.of(l2, s2), 1)).value();
    assertTrue(base.sum(1).equalsWithEps(kl, 1e-14));
    // non-reparameterised bases (the plain Independent class) dispatch too
    INDArray pb = Nd4j.createFromArray(0.2, 0.9);
    INDArray qb = Nd4j.createFromArray(0.4, 0.5);
    double expected = Kl.divergence(Bernoulli.ofProbs(pb), Bernoulli.ofProbs(qb)).value().sumNumber().doubleValue();
    assertEquals(expected, Kl.divergence(Independent.of(Bernoulli.ofProbs(pb), 1),
        Independent.of(Bernoulli.ofProbs(qb), 1)).item(), 1e-15);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Kl.divergence(Independent.of(Normal.of(l1, s1), 1), Independent.of(Normal.of(l1, s1), 2)));
    assertTrue(e.getMessage().contains("reinterpreted"), e.getMessage());
  }

  @Test
  void selfDivergenceIsZeroAndDivergenceIsNonNegative() {
    // 50 random parameter pairs per family (fixed seed): KL(p||p) = 0 exactly, KL(p||q) >= 0
    Rng rng = Rng.of(123);
    for (int i = 0; i < 50; i++) {
      double a = Math.exp(4 * rng.nextDouble() - 2);
      double b = Math.exp(4 * rng.nextDouble() - 2);
      assertEquals(0.0, Kl.divergence(Poisson.of(a), Poisson.of(a)).item(), 0.0);
      assertTrue(Kl.divergence(Poisson.of(a), Poisson.of(b)).item() >= 0);
      double la = 8 * rng.nextDouble() - 4;
      double lb = 8 * rng.nextDouble() - 4;
      assertEquals(0.0, Kl.divergence(Bernoulli.ofLogits(la), Bernoulli.ofLogits(la)).item(), 0.0);
      assertTrue(Kl.divergence(Bernoulli.ofLogits(la), Bernoulli.ofLogits(lb)).item() >= 0);
      INDArray ca = rng.normal(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 5).muli(2);
      INDArray cb = rng.normal(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 5).muli(2);
      assertEquals(0.0, Kl.divergence(Categorical.ofLogits(ca), Categorical.ofLogits(ca)).item(), 0.0);
      assertTrue(Kl.divergence(Categorical.ofLogits(ca), Categorical.ofLogits(cb)).item() >= 0);
    }
  }

  @Test
  void closedFormsAreDifferentiable() {
    GradCheck.Result r = GradCheck.check(v -> Kl.divergence(Poisson.of(v[0]), Poisson.of(v[1])).sum(),
        Nd4j.createFromArray(0.5, 3.0), Nd4j.createFromArray(2.0, 1.5));
    assertTrue(r.passes(1e-7), r.toString());
    r = GradCheck.check(v -> Kl.divergence(Bernoulli.ofLogits(v[0]), Bernoulli.ofLogits(v[1])).sum(),
        Nd4j.createFromArray(-1.0, 3.0), Nd4j.createFromArray(0.5, -2.0));
    assertTrue(r.passes(1e-7), r.toString());
    r = GradCheck.check(v -> Kl.divergence(Categorical.ofLogits(v[0]), Categorical.ofLogits(v[1])).sum(),
        Nd4j.createFromArray(new double[][] {{0.1, 1.0, -0.5}, {2.0, 0.0, 0.3}}), Nd4j.createFromArray(0.0, -0.4, 0.9));
    assertTrue(r.passes(1e-7), r.toString());
    // the probability forms (value from the raw parameters, gradient in the normalised ones)
    r = GradCheck.check(v -> Kl.divergence(Bernoulli.ofProbs(v[0]), Bernoulli.ofProbs(v[1])).sum(), 1e-7,
        Nd4j.createFromArray(0.2, 0.7), Nd4j.createFromArray(0.5, 0.6));
    assertTrue(r.passes(1e-6), r.toString());
    r = GradCheck.check(v -> Kl.divergence(Categorical.ofProbs(v[0]), Categorical.ofProbs(v[1])).sum(), 1e-8,
        Nd4j.createFromArray(new double[][] {{0.2, 0.3, 0.5}, {0.6, 0.1, 0.3}}), Nd4j.createFromArray(0.3, 0.3, 0.4));
    assertTrue(r.passes(1e-6), r.toString());
  }

  @Test
  void nearlyEqualPairsOfTheIssueKeepTheirDigits() {
    // exact values: mpmath at 80 digits (verification/reference/near_kl_reference.py)
    double kl = Kl.divergence(Poisson.of(10000.0), Poisson.of(10000.001)).item();
    assertEquals(4.9999996687039596e-11, kl, 1e-9 * 4.9999996687039596e-11);
    kl = Kl.divergence(Bernoulli.ofProbs(1e-9), Bernoulli.ofProbs(1.00000001e-9)).item();
    assertEquals(4.9999998094182596e-26, kl, 1e-9 * 4.9999998094182596e-26);
  }
}
