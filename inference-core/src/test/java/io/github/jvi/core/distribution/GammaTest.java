package io.github.jvi.core.distribution;

import static io.github.jvi.core.distribution.TestSupport.assertRejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.GradCheck;
import io.github.jvi.core.autodiff.Gradients;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;
import org.hipparchus.distribution.continuous.GammaDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class GammaTest {
  @Test
  void logProbMatchesHipparchus() {
    // reference: Hipparchus GammaDistribution(shape, scale).logDensity, an independent implementation
    Gamma g = Gamma.of(Nd4j.createFromArray(0.7, 3.0), Nd4j.createFromArray(2.0, 0.5));
    INDArray lp = g.logProb(Nd4j.createFromArray(0.3, 4.2)).value();
    assertEquals(new GammaDistribution(0.7, 0.5).logDensity(0.3), lp.getDouble(0), 1e-12);
    assertEquals(new GammaDistribution(3.0, 2.0).logDensity(4.2), lp.getDouble(1), 1e-12);
  }

  @Test
  void shapeScaleFactoryIsShapeRateWithReciprocal() {
    Gamma a = Gamma.ofShapeScale(2.5, 4.0);
    Gamma b = Gamma.of(2.5, 0.25);
    assertEquals(b.logProb(Nd4j.scalar(1.7)).item(), a.logProb(Nd4j.scalar(1.7)).item(), 1e-14);
    assertEquals(10.0, a.mean().item(), 1e-12);
    assertEquals(4.0, a.scale().item(), 1e-14);
  }

  @Test
  void densityIntegratesToOne() {
    // Simpson on [0, 60], h = 0.003 (the tail beyond 60 is below 1e-20). x^(a-1) is not smooth at
    // 0, so the rule's error is O(h^a) rather than O(h^4): about 1e-8 here; tolerance 1e-6
    assertEquals(1.0, TestSupport.totalMass(Gamma.of(2.5, 1.5), 0, 60, 20_000), 1e-6);
    // a < 1 has an integrable singularity at 0: substitute x = t^(1/a), dx = (1/a) t^(1/a - 1) dt,
    // which makes the integrand smooth at 0 (the mass below t = 1e-12 is about 1e-12)
    Gamma g = Gamma.of(0.7, 2.0);
    double k = 1 / 0.7;
    double mass = TestSupport.simpson(t -> {
      INDArray x = Transforms.pow(t, k, true);
      INDArray logJ = Transforms.log(t, true).muli(k - 1).addi(Math.log(k));
      return Transforms.exp(g.logProb(x).value().add(logJ), true);
    }, 1e-12, 6.0, 20_000);
    assertEquals(1.0, mass, 1e-6);
  }

  @Test
  void sampleMomentsMatch() {
    // batch of two Gammas, 100k draws each. Standard errors: mean sd/sqrt(n);
    // variance sigma^2 sqrt((2 + 6/a)/n) (Gamma excess kurtosis 6/a). Tolerance 5 standard errors.
    double[] a = {0.7, 3.0};
    double[] b = {2.0, 0.5};
    Gamma g = Gamma.of(Nd4j.createFromArray(a), Nd4j.createFromArray(b));
    int n = 100_000;
    double[][] m = TestSupport.moments(g.sample(Rng.of(11), n));
    for (int i = 0; i < 2; i++) {
      double mean = a[i] / b[i];
      double var = a[i] / (b[i] * b[i]);
      assertEquals(mean, m[0][i], 5 * Math.sqrt(var / n), "mean " + i);
      assertEquals(var, m[1][i], 5 * var * Math.sqrt((2 + 6 / a[i]) / n), "variance " + i);
    }
  }

  @Test
  void sampleIntoFillsJavaArraysWithTheSameDraws() {
    // the same sampler on the same stream: equal to the array sample (which divides by b in
    // ND4J, hence 1 ulp), for the boosted a < 1 path and the direct a >= 1 path
    for (double[] ab : new double[][] {{0.7, 2.0}, {3.0, 0.5}}) {
      double[] out = new double[1000];
      Gamma.sampleInto(out, ab[0], ab[1], Rng.of(17));
      INDArray ref = Gamma.of(ab[0], ab[1]).sample(Rng.of(17), out.length);
      for (int i = 0; i < out.length; i++) {
        assertEquals(ref.getDouble(i), out[i], Math.ulp(out[i]), "a=" + ab[0] + " draw " + i);
      }
    }
    // moments of 100k draws, tolerance 5 standard errors (as sampleMomentsMatch)
    int n = 100_000;
    double a = 0.7;
    double b = 2.0;
    double[] x = new double[n];
    Gamma.sampleInto(x, a, b, Rng.of(23));
    double mean = 0;
    for (double v : x) {
      mean += v / n;
    }
    double var = 0;
    for (double v : x) {
      var += (v - mean) * (v - mean) / (n - 1);
    }
    assertEquals(a / b, mean, 5 * Math.sqrt(a / (b * b) / n));
    assertEquals(a / (b * b), var, 5 * a / (b * b) * Math.sqrt((2 + 6 / a) / n));
    // an empty array draws nothing; bad parameters are named
    Gamma.sampleInto(new double[0], 1, 1, Rng.of(1));
    assertRejects(() -> Gamma.sampleInto(new double[3], Double.NaN, 1, Rng.of(1)), "shape", "NaN");
    assertRejects(() -> Gamma.sampleInto(new double[3], 1, -2, Rng.of(1)), "rate", "-2.0");
  }

  @Test
  void entropyMatchesQuadrature() {
    // -int p log p by Simpson (independent of the closed form); O(h^a) error as above
    Gamma g = Gamma.of(2.5, 1.5);
    double h = TestSupport.simpson(x -> {
      INDArray lp = g.logProb(x.add(1e-300)).value();
      return Transforms.exp(lp, true).muli(lp).negi();
    }, 0, 60, 20_000);
    assertEquals(h, g.entropy().item(), 1e-6);
  }

  @Test
  void factoriesRejectInvalidArguments() {
    assertRejects(() -> Gamma.of(Double.NaN, 1.0), "shape", "NaN");
    assertRejects(() -> Gamma.of(1.0, 0.0), "rate", "0.0");
    assertRejects(() -> Gamma.of(1.0, Double.POSITIVE_INFINITY), "rate", "Infinity");
    assertRejects(() -> Gamma.ofShapeScale(2.0, -1.0), "scale", "-1.0");
    assertRejects(() -> Gamma.of(Nd4j.createFromArray(1.0, -3.0), Nd4j.createFromArray(1.0, 1.0)), "shape", "-3.0");
    assertRejects(() -> Gamma.of(Nd4j.createFromArray(1.0, 2.0), Nd4j.createFromArray(1.0, 1.0, 1.0)),
        "shape", "rate", "broadcast");
  }

  @Test
  void logProbGradientsPass() {
    GradCheck.Result r = GradCheck.check(v -> Gamma.of(v[0], v[1]).logProb(v[2]).sum(),
        Nd4j.createFromArray(0.7, 3.0), Nd4j.createFromArray(2.0, 0.5), Nd4j.createFromArray(0.4, 5.0));
    assertTrue(r.passes(1e-6), r.toString());
    r = GradCheck.check(v -> Gamma.ofShapeScale(v[0], v[1]).entropy().sum(),
        Nd4j.createFromArray(0.7, 3.0), Nd4j.createFromArray(2.0, 0.5));
    assertTrue(r.passes(1e-6), r.toString());
  }

  @Test
  void exponentialFamilyIdentities() {
    Gamma g = Gamma.of(3.0, 2.0);
    TestSupport.assertGradLogNormalizerIsMeanOfT(g, 1e-10);
    // F = Hessian of A at eta = (a - 1, -b), against central second differences (h = 1e-4:
    // truncation ~h^2, rounding ~1e-16/h^2 = 1e-8)
    TestSupport.assertFisherIsHessian(g, 1e-4, 1e-6);
    assertEquals(0.5, g.fisherInformation().value().getDouble(0, 1), 1e-15); // +1/b in eta
    // log p = eta . t - A + log h
    INDArray x = Nd4j.createFromArray(0.3, 2.0);
    Var ef = g.sufficientStatistics(Var.constant(x)).mul(g.naturalParameters()).sum(1)
        .sub(g.logNormalizer()).add(g.logBaseMeasure(Var.constant(x)));
    assertTrue(ef.value().equalsWithEps(g.logProb(x).value(), 1e-12));
  }

  @Test
  void implicitGradientMatchesInverseCdfDerivative() {
    // dx/da at fixed u = F(x; a), against a central difference of the inverse CDF computed by
    // Newton on Hipparchus's regularized gamma P (independent of the series in StandardGamma)
    double[] alphas = {0.3, 1.0, 2.5, 40.0};
    Rng rng = Rng.of(5);
    for (double a : alphas) {
      for (int k = 0; k < 5; k++) {
        double x = StandardGamma.draw(a, rng);
        double u = org.hipparchus.special.Gamma.regularizedGammaP(a, x, 1e-17, 100_000);
        double h = 1e-5 * a;
        double fd = (inverseCdf(a + h, u, x) - inverseCdf(a - h, u, x)) / (2 * h);
        double implicit = StandardGamma.dSampleDAlpha(x, a);
        assertEquals(fd, implicit, 1e-6 * Math.max(1, Math.abs(fd)), "a=" + a + " x=" + x);
      }
    }
  }

  private static double inverseCdf(double a, double u, double x0) {
    double x = x0;
    for (int i = 0; i < 100; i++) {
      double f = org.hipparchus.special.Gamma.regularizedGammaP(a, x, 1e-17, 100_000) - u;
      double pdf = Math.exp((a - 1) * Math.log(x) - x - org.hipparchus.special.Gamma.logGamma(a));
      double step = f / pdf;
      x = Math.max(x - step, x / 2);
      if (Math.abs(step) < 1e-15 * x) {
        break;
      }
    }
    return x;
  }

  @Test
  void rsampleGradientIsUnbiased() {
    // d/da E[x^2] = (2a + 1)/b^2 and d/db E[x^2] = -2a(a+1)/b^3 for x ~ Gamma(a, b). A batch of
    // n identical Gammas with one draw each gives n independent per-sample gradients; tolerance:
    // 5 standard errors of their mean.
    int n = 20_000;
    double a = 1.5;
    double b = 2.0;
    Var av = Var.param(Nd4j.valueArrayOf(new long[] {n}, a, DataType.DOUBLE));
    Var bv = Var.param(Nd4j.valueArrayOf(new long[] {n}, b, DataType.DOUBLE));
    Var x = Gamma.of(av, bv).rsample(Rng.of(9));
    Gradients grads = Gradients.of(x.square().sum());
    INDArray ga = grads.get(av);
    INDArray gb = grads.get(bv);
    assertEquals((2 * a + 1) / (b * b), ga.meanNumber().doubleValue(), 5 * ga.stdNumber().doubleValue() / Math.sqrt(n));
    assertEquals(-2 * a * (a + 1) / (b * b * b), gb.meanNumber().doubleValue(),
        5 * gb.stdNumber().doubleValue() / Math.sqrt(n));
  }

  @Test
  void rsampleGradCheckInRate() {
    // x = x1 / b with x1 fixed by the seed: an exact function of b, so finite differences apply
    GradCheck.Result r = GradCheck.check(v -> Gamma.of(Var.constant(Nd4j.createFromArray(2.0, 0.5)), v[0])
        .rsample(Rng.of(3), 4).log().sum(), Nd4j.createFromArray(1.5, 0.7));
    assertTrue(r.passes(1e-6), r.toString());
  }
}
