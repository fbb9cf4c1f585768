package io.github.jvi.core.kl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.GradCheck;
import io.github.jvi.core.distribution.Beta;
import io.github.jvi.core.distribution.ContinuousBernoulli;
import io.github.jvi.core.distribution.Dirichlet;
import io.github.jvi.core.distribution.Distribution;
import io.github.jvi.core.distribution.Exponential;
import io.github.jvi.core.distribution.Gamma;
import io.github.jvi.core.distribution.MultivariateNormal;
import io.github.jvi.core.distribution.Normal;
import io.github.jvi.core.special.Special;
import io.github.jvi.gpu.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Each closed form against Monte Carlo (tolerance 5 standard errors of the Monte Carlo mean,
 * estimated from the same draws, fixed seeds), KL(p || p) = 0, and for Gamma and Beta against the
 * textbook formula and numerical integration of p log(p/q).
 */
class ContinuousKlTest {
  private static final int N = 100_000;

  /** Closed form within 5 SE of the Monte Carlo estimate from n draws of p (first batch element). */
  private static void assertMatchesMonteCarlo(Distribution p, Distribution q, long seed) {
    double exact = Kl.divergence(p, q).value().getDouble(0);
    INDArray x = p.sample(Rng.of(seed), N);
    INDArray r = p.logProb(x).value().sub(q.logProb(x).value());
    INDArray first = r.reshape(N, r.length() / N).getColumn(0);
    double se = first.stdNumber().doubleValue() / Math.sqrt(N);
    assertEquals(exact, first.meanNumber().doubleValue(), 5 * se, p + " || " + q);
    // the registry's own estimator (different draws) agrees to the same tolerance
    double mc = Kl.monteCarlo(p, q, N, Rng.of(seed + 1)).value().getDouble(0);
    assertEquals(exact, mc, 5 * se);
    assertEquals(0.0, Kl.divergence(p, p).value().getDouble(0), 1e-12, "KL(p||p)");
  }

  /** int p log(p/q) by Simpson on [lo, hi] for univariate p, q. */
  private static double quadratureKl(Distribution p, Distribution q, double lo, double hi, int n) {
    double h = (hi - lo) / n;
    INDArray x = Nd4j.linspace(lo, hi, n + 1, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
    double[] lp = p.logProb(x).value().dup('c').data().asDouble();
    double[] lq = q.logProb(x).value().dup('c').data().asDouble();
    double s = 0;
    for (int i = 0; i <= n; i++) {
      double f = Math.exp(lp[i]) * (lp[i] - lq[i]);
      s += (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2) * (Double.isNaN(f) ? 0 : f);
    }
    return s * h / 3;
  }

  @Test
  void multivariateNormal() {
    MultivariateNormal p = MultivariateNormal.of(Nd4j.createFromArray(0.5, -1.0, 2.0),
        Nd4j.createFromArray(new double[][] {{2.0, 0.6, -0.3}, {0.6, 1.0, 0.2}, {-0.3, 0.2, 0.5}}));
    MultivariateNormal q = MultivariateNormal.of(Nd4j.createFromArray(0.0, -0.5, 1.5),
        Nd4j.createFromArray(new double[][] {{1.0, 0.2, 0.0}, {0.2, 1.5, -0.4}, {0.0, -0.4, 1.0}}));
    assertMatchesMonteCarlo(p, q, 1);
    // gradient through both factors and both means
    GradCheck.Result r = GradCheck.check(v -> Kl.divergence(
        MultivariateNormal.of(v[0], v[1].add(v[1].transpose()).mul(0.5)),
        MultivariateNormal.of(v[2], v[3].add(v[3].transpose()).mul(0.5))),
        p.loc().value(), p.covariance().value(), q.loc().value(), q.covariance().value());
    assertTrue(r.passes(1e-6), r.toString());
  }

  @Test
  void gamma() {
    Gamma p = Gamma.of(2.5, 1.5);
    Gamma q = Gamma.of(1.2, 0.7);
    assertMatchesMonteCarlo(p, q, 2);
    // textbook formula (e.g. Penny 2001, "KL-divergences of Normal, Gamma, Dirichlet and Wishart densities")
    double a1 = 2.5;
    double b1 = 1.5;
    double a2 = 1.2;
    double b2 = 0.7;
    double formula = (a1 - a2) * Special.digamma(a1) - Special.lgamma(a1) + Special.lgamma(a2)
        + a2 * (Math.log(b1) - Math.log(b2)) + a1 * (b2 - b1) / b1;
    double exact = Kl.divergence(p, q).item();
    assertEquals(formula, exact, 1e-13);
    // Simpson on [0, 60] (the integrand vanishes like x^1.5 log x at 0: O(h^2.5) error ~1e-7)
    assertEquals(exact, quadratureKl(p, q, 0, 60, 40_000), 1e-6);
    GradCheck.Result r = GradCheck.check(v -> Kl.divergence(Gamma.of(v[0], v[1]), Gamma.ofShapeScale(v[2], v[3])).sum(),
        Nd4j.createFromArray(2.5, 0.4), Nd4j.createFromArray(1.5, 3.0), Nd4j.createFromArray(1.2, 0.9),
        Nd4j.createFromArray(0.7, 2.0));
    assertTrue(r.passes(1e-6), r.toString());
  }

  @Test
  void exponential() {
    Exponential p = Exponential.of(2.0);
    Exponential q = Exponential.of(0.6);
    assertMatchesMonteCarlo(p, q, 3);
    // log(r1/r2) + r2/r1 - 1 by hand
    assertEquals(Math.log(2.0 / 0.6) + 0.3 - 1, Kl.divergence(p, q).item(), 1e-14);
  }

  @Test
  void beta() {
    Beta p = Beta.of(2.5, 3.5);
    Beta q = Beta.of(1.5, 1.2);
    assertMatchesMonteCarlo(p, q, 4);
    double a1 = 2.5;
    double b1 = 3.5;
    double a2 = 1.5;
    double b2 = 1.2;
    double logB1 = Special.lgamma(a1) + Special.lgamma(b1) - Special.lgamma(a1 + b1);
    double logB2 = Special.lgamma(a2) + Special.lgamma(b2) - Special.lgamma(a2 + b2);
    double formula = logB2 - logB1 + (a1 - a2) * Special.digamma(a1) + (b1 - b2) * Special.digamma(b1)
        + (a2 - a1 + b2 - b1) * Special.digamma(a1 + b1);
    double exact = Kl.divergence(p, q).item();
    assertEquals(formula, exact, 1e-13);
    // Simpson on [0, 1]; endpoint behaviour x^1.5 log x: O(h^2.5) error ~1e-11 at h = 2.5e-5
    assertEquals(exact, quadratureKl(p, q, 0, 1, 40_000), 1e-8);
  }

  @Test
  void dirichlet() {
    Dirichlet p = Dirichlet.of(Nd4j.createFromArray(new double[][] {{2.0, 3.0, 1.5}, {0.7, 0.9, 4.0}}));
    Dirichlet q = Dirichlet.of(1.0, 2.0, 2.0);
    assertMatchesMonteCarlo(p, q, 5);
    // K = 2 reduces to Beta
    assertEquals(Kl.divergence(Beta.of(2.0, 3.0), Beta.of(1.0, 4.0)).item(),
        Kl.divergence(Dirichlet.of(2.0, 3.0), Dirichlet.of(1.0, 4.0)).item(), 1e-13);
    GradCheck.Result r = GradCheck.check(v -> Kl.divergence(Dirichlet.of(v[0]), Dirichlet.of(v[1])).sum(),
        Nd4j.createFromArray(new double[][] {{2.0, 3.0, 1.5}, {0.7, 0.9, 4.0}}), Nd4j.createFromArray(1.0, 2.0, 2.0));
    assertTrue(r.passes(1e-6), r.toString());
  }

  @Test
  void continuousBernoulli() {
    ContinuousBernoulli p = ContinuousBernoulli.of(Nd4j.createFromArray(0.8, 0.5 + 1e-4));
    ContinuousBernoulli q = ContinuousBernoulli.of(Nd4j.createFromArray(0.3, 0.02));
    assertMatchesMonteCarlo(p, q, 6);
    // second batch element (p near 1/2) against quadrature of p log(p/q) on [0, 1] (smooth integrand)
    double exact = Kl.divergence(p, q).value().getDouble(1);
    assertEquals(exact, quadratureKl(ContinuousBernoulli.of(0.5 + 1e-4), ContinuousBernoulli.of(0.02), 0, 1, 20_000), 1e-10);
    GradCheck.Result r = GradCheck.check(v -> Kl.divergence(ContinuousBernoulli.ofLogits(v[0]),
        ContinuousBernoulli.ofLogits(v[1])).sum(), Nd4j.createFromArray(1.3, 1e-3), Nd4j.createFromArray(-0.8, 2.0));
    assertTrue(r.passes(1e-6), r.toString());
  }

  @Test
  void nearEqualFormsAreDifferentiable() {
    GradCheck.Result r = GradCheck.check(v -> Kl.divergence(Normal.of(v[0], v[1]), Normal.of(v[2], v[3])).sum(),
        Nd4j.createFromArray(0.3, -1.0), Nd4j.createFromArray(1.2, 0.7), Nd4j.createFromArray(0.1, 0.4),
        Nd4j.createFromArray(0.9, 1.5));
    assertTrue(r.passes(1e-6), r.toString());
    r = GradCheck.check(v -> Kl.divergence(Beta.of(v[0], v[1]), Beta.of(v[2], v[3])).sum(),
        Nd4j.createFromArray(0.7, 30.0), Nd4j.createFromArray(2.0, 12.0), Nd4j.createFromArray(1.5, 25.0),
        Nd4j.createFromArray(0.9, 14.0));
    assertTrue(r.passes(1e-6), r.toString());
    r = GradCheck.check(v -> Kl.divergence(Exponential.of(v[0]), Exponential.of(v[1])).sum(),
        Nd4j.createFromArray(0.7, 3.0), Nd4j.createFromArray(2.0, 2.5));
    assertTrue(r.passes(1e-6), r.toString());
    r = GradCheck.check(v -> Kl.divergence(ContinuousBernoulli.of(v[0]), ContinuousBernoulli.of(v[1])).sum(), 1e-7,
        Nd4j.createFromArray(0.2, 0.5, 0.9), Nd4j.createFromArray(0.6, 0.45, 0.93));
    assertTrue(r.passes(1e-6), r.toString());
    // Dirichlet with large and small concentrations together (the lumped form)
    r = GradCheck.check(v -> Kl.divergence(Dirichlet.of(v[0]), Dirichlet.of(v[1])).sum(),
        Nd4j.createFromArray(0.5, 40.0, 120.0), Nd4j.createFromArray(0.8, 35.0, 130.0));
    assertTrue(r.passes(1e-6), r.toString());
  }

  @Test
  void nearlyEqualPairsOfTheIssueKeepTheirDigits() {
    // exact values: mpmath at 80 digits (verification/reference/near_kl_reference.py)
    assertEquals(2.5188216505587192e-11, Kl.divergence(Beta.of(100, 100), Beta.of(100.0001, 100)).item(),
        1e-9 * 2.5188216505587192e-11);
    assertEquals(5.0002483417191146e-9, Kl.divergence(Gamma.of(10000, 1), Gamma.of(10000.01, 1)).item(),
        1e-9 * 5.0002483417191146e-9);
    assertEquals(6.6666667336634589e-17, Kl.divergence(ContinuousBernoulli.of(0.5),
        ContinuousBernoulli.of(0.50000001)).item(), 1e-9 * 6.6666667336634589e-17);
  }
}
