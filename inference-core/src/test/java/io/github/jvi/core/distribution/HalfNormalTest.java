package io.github.jvi.core.distribution;

import static io.github.jvi.core.distribution.TestSupport.assertRejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.GradCheck;
import io.github.jvi.gpu.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class HalfNormalTest {
  @Test
  void logProbIsTwiceTheNormalOnTheHalfLine() {
    INDArray x = Nd4j.createFromArray(0.0, 0.3, 2.0, 5.0);
    INDArray expected = Normal.of(0.0, 1.5).logProb(x).value().add(Math.log(2));
    assertTrue(HalfNormal.of(1.5).logProb(x).value().equalsWithEps(expected, 1e-14));
    assertEquals(Double.NEGATIVE_INFINITY, HalfNormal.of(1.5).logProb(Nd4j.scalar(-0.1)).item());
  }

  @Test
  void densityIntegratesToOneAndMomentsMatch() {
    double s = 0.8;
    HalfNormal h = HalfNormal.of(s);
    assertEquals(1.0, TestSupport.totalMass(h, 0, 40 * s, 20_000), 1e-10);
    // 100k draws: mean within 5 SE sqrt(Var / n); variance within 5 SE (kurtosis of |N| is 3.87:
    // Var[(x - m)^2] <= 3 s^4 bounds it); entropy against -mean log p (sd of log p is 1/sqrt 2)
    int n = 100_000;
    double[][] m = TestSupport.moments(HalfNormal.of(Nd4j.createFromArray(s)).sample(Rng.of(4), n));
    double var = s * s * (1 - 2 / Math.PI);
    assertEquals(h.mean().item(), m[0][0], 5 * Math.sqrt(var / n));
    assertEquals(s * Math.sqrt(2 / Math.PI), h.mean().item(), 1e-15);
    assertEquals(var, h.variance().item(), 1e-15);
    assertEquals(var, m[1][0], 5 * Math.sqrt(3 * s * s * s * s / n));
    double ent = -h.logProb(h.sample(Rng.of(5), n)).mean().item();
    assertEquals(h.entropy().item(), ent, 5 / Math.sqrt(2 * n));
  }

  @Test
  void gradientsPass() {
    GradCheck.Result res = GradCheck.check(v -> HalfNormal.of(v[0]).logProb(v[1]).sum()
        .add(HalfNormal.of(v[0]).rsample(Rng.of(1), 3).tanh().sum()).add(HalfNormal.of(v[0]).entropy().sum())
        .add(HalfNormal.of(v[0]).mean().sum()).add(HalfNormal.of(v[0]).variance().sum()),
        Nd4j.createFromArray(0.5, 2.0), Nd4j.createFromArray(1.3, 0.2));
    assertTrue(res.passes(1e-6), res.toString());
  }

  @Test
  void factoriesRejectInvalidArguments() {
    assertRejects(() -> HalfNormal.of(0.0), "scale", "0.0");
    assertRejects(() -> HalfNormal.of(Double.NaN), "scale", "NaN");
    assertRejects(() -> HalfNormal.of(Nd4j.createFromArray(1.0, -2.0)), "scale", "-2.0");
  }
}
