package io.github.jvi.core.distribution;

import static io.github.jvi.core.distribution.TestSupport.assertRejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.GradCheck;
import io.github.jvi.core.autodiff.Gradients;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;
import org.hipparchus.distribution.continuous.BetaDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class BetaTest {
  @Test
  void logProbMatchesHipparchus() {
    // reference: Hipparchus BetaDistribution.logDensity
    INDArray lp = Beta.of(Nd4j.createFromArray(0.5, 2.0), Nd4j.createFromArray(3.0, 1.5))
        .logProb(Nd4j.createFromArray(0.2, 0.9)).value();
    assertEquals(new BetaDistribution(0.5, 3.0).logDensity(0.2), lp.getDouble(0), 1e-12);
    assertEquals(new BetaDistribution(2.0, 1.5).logDensity(0.9), lp.getDouble(1), 1e-12);
  }

  @Test
  void densityAndEntropyByQuadrature() {
    // Beta(2.5, 3.5): the integrand vanishes like x^1.5 at 0 and (1-x)^2.5 at 1, so Simpson's
    // error is O(h^2.5) = 1e-10 at h = 5e-5; tolerance 1e-8
    Beta b = Beta.of(2.5, 3.5);
    assertEquals(1.0, TestSupport.totalMass(b, 0, 1, 20_000), 1e-8);
    double h = TestSupport.simpson(x -> {
      INDArray xs = x.mul(1 - 2e-15).addi(1e-15);
      INDArray lp = b.logProb(xs).value();
      return Transforms.exp(lp, true).muli(lp).negi();
    }, 0, 1, 20_000);
    assertEquals(h, b.entropy().item(), 1e-7);
  }

  @Test
  void sampleMomentsMatch() {
    // 100k draws; mean SE sd/sqrt(n); variance SE bounded by sqrt(mu4/n) with mu4 <= sigma^2/4
    // for a variable in [0, 1] (mu4 <= E[(x-mu)^2] max (x-mu)^2); tolerance 5 SE
    double[] a = {0.5, 2.0};
    double[] c = {3.0, 1.5};
    int n = 100_000;
    double[][] m = TestSupport.moments(Beta.of(Nd4j.createFromArray(a), Nd4j.createFromArray(c)).sample(Rng.of(21), n));
    for (int i = 0; i < 2; i++) {
      double s = a[i] + c[i];
      double mean = a[i] / s;
      double var = a[i] * c[i] / (s * s * (s + 1));
      assertEquals(mean, m[0][i], 5 * Math.sqrt(var / n));
      assertEquals(var, m[1][i], 5 * Math.sqrt(var / 4 / n));
    }
  }

  @Test
  void gradientsPass() {
    GradCheck.Result r = GradCheck.check(v -> Beta.of(v[0], v[1]).logProb(v[2]).sum().add(Beta.of(v[0], v[1]).entropy().sum()),
        Nd4j.createFromArray(0.5, 2.0), Nd4j.createFromArray(3.0, 1.5), Nd4j.createFromArray(0.2, 0.9));
    assertTrue(r.passes(1e-6), r.toString());
  }

  @Test
  void rsampleGradientIsUnbiased() {
    // d/d alpha E[x] = beta / (alpha + beta)^2; n independent per-sample gradients, 5 SE
    int n = 20_000;
    double a = 2.0;
    double b = 3.0;
    Var av = Var.param(Nd4j.valueArrayOf(new long[] {n}, a, DataType.DOUBLE));
    Var x = Beta.of(av, Var.constant(Nd4j.valueArrayOf(new long[] {n}, b, DataType.DOUBLE))).rsample(Rng.of(8));
    INDArray g = Gradients.of(x.sum()).get(av);
    assertEquals(b / ((a + b) * (a + b)), g.meanNumber().doubleValue(), 5 * g.stdNumber().doubleValue() / Math.sqrt(n));
  }

  @Test
  void exponentialFamilyIdentities() {
    Beta b = Beta.of(2.0, 3.5);
    TestSupport.assertGradLogNormalizerIsMeanOfT(b, 1e-10);
    TestSupport.assertFisherIsHessian(b, 1e-4, 1e-6);
  }

  @Test
  void factoriesRejectInvalidArguments() {
    assertRejects(() -> Beta.of(0.0, 1.0), "alpha", "0.0");
    assertRejects(() -> Beta.of(1.0, Double.NaN), "beta", "NaN");
    assertRejects(() -> Beta.of(Nd4j.createFromArray(1.0, 2.0), Nd4j.createFromArray(1.0, 2.0, 3.0)), "alpha", "beta");
  }
}
