package io.github.jvi.core.distribution;

import static io.github.jvi.core.distribution.TestSupport.assertRejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.GradCheck;
import io.github.jvi.core.autodiff.Gradients;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ContinuousBernoulliTest {
  /** lambda near 1/2 (both sides of the series window), near 0, near 1, and ordinary. */
  private static final double[] LAMBDAS = {0.5, 0.5 + 1e-9, 0.5 - 1e-6, 0.5 + 1e-3, 0.5 + 0.0749, 0.5 + 0.0751,
      0.3, 0.9, 1e-3, 1e-8, 1 - 1e-3, 1 - 1e-8};

  /**
   * Independent reference by Simpson quadrature of the unnormalised density
   * exp(x log lambda + (1-x) log(1-lambda)) and of x and x^2 times it; 40k intervals, so the error
   * is about h^4 l^4 / 180 relative, below 1e-13 for |l| &lt;= 19.
   */
  private static double[] reference(double lambda) {
    double la = Math.log(lambda);
    double lb = Math.log1p(-lambda);
    int n = 40_000;
    double z = TestSupport.simpsonScalar(x -> Math.exp(x * la + (1 - x) * lb), 0, 1, n);
    double m1 = TestSupport.simpsonScalar(x -> x * Math.exp(x * la + (1 - x) * lb), 0, 1, n) / z;
    double m2 = TestSupport.simpsonScalar(x -> x * x * Math.exp(x * la + (1 - x) * lb), 0, 1, n) / z;
    return new double[] {-Math.log(z), m1, m2 - m1 * m1};
  }

  @Test
  void logNormalizerMeanAndVarianceMatchQuadratureEverywhere() {
    for (double lambda : LAMBDAS) {
      double[] ref = reference(lambda);
      ContinuousBernoulli cb = ContinuousBernoulli.of(lambda);
      assertEquals(ref[0], cb.logNormalizer().item(), 1e-12 * Math.max(1, Math.abs(ref[0])), "log C at " + lambda);
      assertEquals(ref[1], cb.mean().item(), 1e-12, "mean at " + lambda);
      assertEquals(ref[2], cb.variance().item(), 1e-12, "variance at " + lambda);
      // the density integrates to one: log C + log integral of the unnormalised density = 0
      assertEquals(0.0, cb.logNormalizer().item() - ref[0], 1e-12);
    }
  }

  @Test
  void densityIntegratesToOne() {
    for (double lambda : new double[] {0.5, 0.2, 1e-4}) {
      assertEquals(1.0, TestSupport.totalMass(ContinuousBernoulli.of(lambda), 0, 1, 20_000), 1e-10, "lambda " + lambda);
    }
  }

  @Test
  void seriesAndClosedFormAgreeAtTheWindowEdge() {
    // |l| = 0.3 (1 -+ 1e-13) on either side of the switch (the functions move by ~1e-14 over that
    // step): the two forms agree to rounding
    for (double l : new double[] {0.3, -0.3}) {
      ContinuousBernoulli in = ContinuousBernoulli.ofLogits(l * (1 - 1e-13));
      ContinuousBernoulli out = ContinuousBernoulli.ofLogits(l * (1 + 1e-13));
      assertEquals(in.logNormalizer().item(), out.logNormalizer().item(), 1e-13);
      assertEquals(in.mean().item(), out.mean().item(), 1e-13);
      assertEquals(in.variance().item(), out.variance().item(), 1e-13);
    }
  }

  @Test
  void extremeLogitsStayFinite() {
    // l = +-50: lambda rounds to 1 in float64, but the logit forms stay exact:
    // log C = log(50 / tanh 25) = log 50, E[x] = 1 - 1/50 (tanh 25 = 1 to double precision)
    ContinuousBernoulli hi = ContinuousBernoulli.ofLogits(50.0);
    assertEquals(Math.log(50), hi.logNormalizer().item(), 1e-14);
    assertEquals(1 - 1.0 / 50, hi.mean().item(), 1e-14);
    assertEquals(1.0 / 2500, hi.variance().item(), 1e-16);
    assertEquals(Math.log(50) - 50 * (1 - 0.3), hi.logProb(Nd4j.scalar(0.3)).item(), 1e-12);
    ContinuousBernoulli lo = ContinuousBernoulli.ofLogits(-50.0);
    assertEquals(1.0 / 50, lo.mean().item(), 1e-14);
    INDArray x = lo.sample(Rng.of(3), 1000);
    assertTrue(x.minNumber().doubleValue() >= 0 && x.maxNumber().doubleValue() <= 1);
  }

  @Test
  void entropyMatchesQuadrature() {
    for (double lambda : new double[] {0.5, 0.5 + 1e-4, 0.1, 0.999}) {
      ContinuousBernoulli cb = ContinuousBernoulli.of(lambda);
      double h = -TestSupport.simpson(x -> {
        INDArray lp = cb.logProb(x).value();
        return org.nd4j.linalg.ops.transforms.Transforms.exp(lp, true).muli(lp);
      }, 0, 1, 20_000);
      assertEquals(h, cb.entropy().item(), 1e-11, "lambda " + lambda);
    }
  }

  @Test
  void samplesFollowTheCdf() {
    // empirical CDF at a few points against F(x) = (lambda^x (1-lambda)^(1-x) + lambda - 1) / (2 lambda - 1);
    // SE sqrt(F(1-F)/n), tolerance 5 SE; lambda = 0.5 + 1e-4 exercises the small-logit branch
    int n = 100_000;
    for (double lambda : new double[] {0.2, 0.5 + 1e-4, 0.95}) {
      INDArray x = ContinuousBernoulli.of(lambda).sample(Rng.of(31), n);
      for (double t : new double[] {0.1, 0.5, 0.8}) {
        double f = Math.abs(lambda - 0.5) < 1e-3 ? t
            : (Math.pow(lambda, t) * Math.pow(1 - lambda, 1 - t) + lambda - 1) / (2 * lambda - 1);
        double emp = x.lt(t).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).meanNumber().doubleValue();
        // at lambda = 0.5 + 1e-4 the exact F differs from t by < 1e-4, far below the 5 SE band
        assertEquals(f, emp, 5 * Math.sqrt(f * (1 - f) / n) + 1e-4, "lambda " + lambda + " t " + t);
      }
      double[][] m = TestSupport.moments(x.reshape(n, 1));
      ContinuousBernoulli cb = ContinuousBernoulli.of(lambda);
      assertEquals(cb.mean().item(), m[0][0], 5 * Math.sqrt(cb.variance().item() / n));
    }
  }

  @Test
  void gradientsPass() {
    // logProb in probs and x; rsample and entropy in logits, including the series windows
    GradCheck.Result r = GradCheck.check(v -> ContinuousBernoulli.of(v[0]).logProb(v[1]).sum(),
        Nd4j.createFromArray(0.5 + 1e-5, 0.45, 0.2, 0.999), Nd4j.createFromArray(0.3, 0.9, 0.1, 0.6));
    assertTrue(r.passes(1e-6), r.toString());
    r = GradCheck.check(v -> {
      ContinuousBernoulli cb = ContinuousBernoulli.ofLogits(v[0]);
      return cb.rsample(Rng.of(6), 3).sum().add(cb.entropy().sum()).add(cb.variance().sum());
    }, Nd4j.createFromArray(-4.0, -0.2, 5e-4, 0.01, 2.5));
    assertTrue(r.passes(1e-6), r.toString());
  }

  @Test
  void meanIsDerivativeOfLogPartition() {
    // with A(l) = -log C(l) - log sigmoid(-l), E[x] = A'(l) and Var[x] = A''(l) (exponential family in l)
    Var l = Var.param(Nd4j.createFromArray(-3.0, -0.1, 1e-4, 0.25, 0.35, 2.0));
    ContinuousBernoulli cb = ContinuousBernoulli.ofLogits(l);
    Var a = cb.logNormalizer().add(l.neg().logSigmoid()).neg();
    INDArray g = Gradients.of(a.sum()).get(l);
    assertTrue(g.equalsWithEps(cb.mean().value(), 1e-12), g + " vs " + cb.mean().value());
    INDArray g2 = Gradients.of(cb.mean().sum()).get(l);
    assertTrue(g2.equalsWithEps(cb.variance().value(), 1e-12), g2 + " vs " + cb.variance().value());
  }

  @Test
  void factoriesRejectInvalidArguments() {
    assertRejects(() -> ContinuousBernoulli.of(0.0), "probs", "0.0");
    assertRejects(() -> ContinuousBernoulli.of(1.0), "probs", "1.0");
    assertRejects(() -> ContinuousBernoulli.of(Double.NaN), "probs", "NaN");
    assertRejects(() -> ContinuousBernoulli.ofLogits(Double.POSITIVE_INFINITY), "logits", "Infinity");
    assertRejects(() -> ContinuousBernoulli.of(Nd4j.createFromArray(0.3, 1.5)), "probs", "1.5");
  }
}
