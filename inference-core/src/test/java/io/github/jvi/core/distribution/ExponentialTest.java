package io.github.jvi.core.distribution;

import static io.github.jvi.core.distribution.TestSupport.assertRejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.GradCheck;
import io.github.jvi.gpu.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class ExponentialTest {
  @Test
  void logProbMatchesClosedForm() {
    // reference: r e^(-r x) evaluated by hand at r = 2, x = 0.7
    assertEquals(Math.log(2) - 1.4, Exponential.of(2.0).logProb(Nd4j.scalar(0.7)).item(), 1e-15);
  }

  @Test
  void densityIntegratesToOne() {
    // smooth integrand; Simpson error ~h^4 r^5 ~ 1e-13; tail beyond 30 is e^-45
    assertEquals(1.0, TestSupport.totalMass(Exponential.of(1.5), 0, 30, 20_000), 1e-10);
  }

  @Test
  void sampleMomentsMatch() {
    // 100k draws; Var[x] SE = sigma^2 sqrt(8/n) (excess kurtosis 6); tolerance 5 SE
    int n = 100_000;
    double r = 2.5;
    double[][] m = TestSupport.moments(Exponential.of(Nd4j.createFromArray(r)).sample(Rng.of(4), n));
    assertEquals(1 / r, m[0][0], 5 / r / Math.sqrt(n));
    assertEquals(1 / (r * r), m[1][0], 5 / (r * r) * Math.sqrt(8.0 / n));
    // entropy against -mean log p over the same kind of draws (SE of log p is 1/sqrt(n))
    Exponential e = Exponential.of(r);
    double h = -e.logProb(e.sample(Rng.of(5), n)).mean().item();
    assertEquals(e.entropy().item(), h, 5 / Math.sqrt(n));
  }

  @Test
  void gradientsPass() {
    GradCheck.Result res = GradCheck.check(v -> Exponential.of(v[0]).logProb(v[1]).sum()
        .add(Exponential.of(v[0]).rsample(Rng.of(1), 3).sum()).add(Exponential.of(v[0]).entropy().sum()),
        Nd4j.createFromArray(0.5, 2.0), Nd4j.createFromArray(1.3, 0.2));
    assertTrue(res.passes(1e-6), res.toString());
  }

  @Test
  void exponentialFamilyIdentities() {
    Exponential e = Exponential.of(Nd4j.createFromArray(1.7));
    TestSupport.assertGradLogNormalizerIsMeanOfT(e, 1e-12);
    TestSupport.assertFisherIsHessian(Exponential.of(1.7), 1e-4, 1e-6);
  }

  @Test
  void factoriesRejectInvalidArguments() {
    assertRejects(() -> Exponential.of(0.0), "rate", "0.0");
    assertRejects(() -> Exponential.of(Double.NaN), "rate", "NaN");
    assertRejects(() -> Exponential.of(Nd4j.createFromArray(1.0, Double.NEGATIVE_INFINITY)), "rate", "Infinity");
  }
}
