package io.github.jvi.core.distribution;

import static io.github.jvi.core.distribution.TestSupport.assertRejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.GradCheck;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CauchyTest {
  @Test
  void logProbMatchesClosedForm() {
    // reference: 1 / (pi gamma (1 + z^2)) by hand at x0 = 1, gamma = 2, x = 3 (z = 1)
    assertEquals(-Math.log(Math.PI * 2 * 2), Cauchy.of(1.0, 2.0).logProb(Nd4j.scalar(3.0)).item(), 1e-15);
    // the Student-t with one degree of freedom is the Cauchy
    INDArray x = Nd4j.createFromArray(-40.0, -1.3, 0.0, 0.7, 12.0);
    assertTrue(Cauchy.of(0.4, 1.7).logProb(x).value().equalsWithEps(StudentT.of(1.0, 0.4, 1.7).logProb(x).value(), 1e-13));
  }

  @Test
  void massOnAnIntervalIsTheCdfDifference() {
    // int_{-L}^{L} p = 2 atan(L / gamma) / pi; Simpson with h = 0.01 on a density of width 1: error ~1e-11
    double l = 200;
    assertEquals(2 * Math.atan(l / 1.5) / Math.PI, TestSupport.totalMass(Cauchy.of(0.0, 1.5), -l, l, 40_000), 1e-9);
  }

  @Test
  void drawsHaveTheQuartilesOfTheCdf() {
    // F(x0 - gamma) = 1/4, F(x0) = 1/2, F(x0 + gamma) = 3/4: each fraction of 100k draws is within
    // 5 binomial SEs sqrt(p (1 - p) / n) (fixed seed; each check fails with probability 6e-7)
    int n = 100_000;
    double x0 = -2;
    double g = 0.5;
    double[] x = Cauchy.of(x0, g).sample(Rng.of(3), n).dup('c').data().asDouble();
    double[] at = {x0 - g, x0, x0 + g};
    double[] p = {0.25, 0.5, 0.75};
    for (int k = 0; k < 3; k++) {
      int below = 0;
      for (double v : x) {
        below += v <= at[k] ? 1 : 0;
      }
      assertEquals(p[k], below / (double) n, 5 * Math.sqrt(p[k] * (1 - p[k]) / n), "F(" + at[k] + ")");
    }
  }

  @Test
  void momentsAreUndefinedAndEntropyIsClosedForm() {
    Cauchy c = Cauchy.of(Nd4j.createFromArray(0.0, 1.0), Nd4j.scalar(2.0));
    assertArrayEquals(new long[] {2}, c.batchShape());
    assertArrayEquals(new long[] {2}, c.mean().shape());
    assertTrue(Double.isNaN(c.mean().value().getDouble(1)));
    assertEquals(Double.POSITIVE_INFINITY, c.variance().value().getDouble(0));
    assertEquals(Math.log(8 * Math.PI), c.entropy().value().getDouble(1), 1e-15);
    assertArrayEquals(new long[] {5, 2}, c.sample(Rng.of(1), 5).shape());
  }

  @Test
  void gradientsPass() {
    GradCheck.Result res = GradCheck.check(v -> Cauchy.of(v[0], v[1]).logProb(v[2]).sum()
        .add(Cauchy.of(v[0], v[1]).rsample(Rng.of(1), 3).tanh().sum()).add(Cauchy.of(v[0], v[1]).entropy().sum()),
        Nd4j.createFromArray(0.5, -2.0), Nd4j.createFromArray(1.3, 0.4), Nd4j.createFromArray(1.1, 0.2));
    assertTrue(res.passes(1e-6), res.toString());
  }

  @Test
  void factoriesRejectInvalidArguments() {
    assertRejects(() -> Cauchy.of(0.0, 0.0), "scale", "0.0");
    assertRejects(() -> Cauchy.of(Double.NaN, 1.0), "loc", "NaN");
    assertRejects(() -> Cauchy.of(0.0, -1.0), "scale", "-1.0");
    assertRejects(() -> Cauchy.of(Nd4j.zeros(2), Nd4j.ones(3)), "scale", "[3]");
    assertRejects(() -> Cauchy.of(Var.scalar(0.0), Var.constant(Nd4j.createFromArray(1.0, Double.NaN))), "scale", "NaN");
  }
}
