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

class HalfCauchyTest {
  @Test
  void logProbIsTwiceTheCauchyOnTheHalfLineAndMinusInfinityOff() {
    INDArray x = Nd4j.createFromArray(0.0, 0.3, 2.0, 50.0);
    HalfCauchy h = HalfCauchy.of(1.5);
    INDArray expected = Cauchy.of(0.0, 1.5).logProb(x).value().add(Math.log(2));
    assertTrue(h.logProb(x).value().equalsWithEps(expected, 1e-14));
    // reference: 2 / (pi gamma (1 + (x / gamma)^2)) by hand at gamma = 2, x = 2
    assertEquals(Math.log(2 / (Math.PI * 2 * 2)), HalfCauchy.of(2.0).logProb(Nd4j.scalar(2.0)).item(), 1e-15);
    double[] lp = h.logProb(Nd4j.createFromArray(-1.0, 1.0, Double.NEGATIVE_INFINITY, Double.NaN)).value().dup().data().asDouble();
    assertEquals(Double.NEGATIVE_INFINITY, lp[0]);
    assertEquals(Double.NEGATIVE_INFINITY, lp[2]);
    assertTrue(Double.isNaN(lp[3]));
    assertEquals(expected.getDouble(0) - Math.log1p(1 / 2.25), lp[1], 1e-14);
    // outside the support the gradient is zero (in x and in the scale)
    Var s = Var.param(Nd4j.scalar(1.5));
    Var xs = Var.param(Nd4j.createFromArray(-1.0, Double.NEGATIVE_INFINITY));
    Gradients g = Gradients.of(HalfCauchy.of(s).logProb(xs).sum());
    assertEquals(0.0, g.get(s).getDouble(0), 0.0);
    assertEquals(0.0, g.get(xs).getDouble(0), 0.0);
    assertEquals(0.0, g.get(xs).getDouble(1), 0.0);
  }

  @Test
  void massOnAnIntervalIsTheCdf() {
    // F(L) = 2 atan(L / gamma) / pi
    assertEquals(2 * Math.atan(300 / 0.7) / Math.PI, TestSupport.totalMass(HalfCauchy.of(0.7), 0, 300, 60_000), 1e-9);
  }

  @Test
  void drawsHaveTheMedianScale() {
    // F(gamma) = 1/2, F(gamma tan(3 pi / 8)) = 3/4: fractions of 100k draws within 5 binomial SEs
    int n = 100_000;
    double g = 2.5;
    double[] x = HalfCauchy.of(g).sample(Rng.of(7), n).dup('c').data().asDouble();
    double[] at = {g, g * Math.tan(3 * Math.PI / 8)};
    double[] p = {0.5, 0.75};
    for (int k = 0; k < 2; k++) {
      int below = 0;
      for (double v : x) {
        assertTrue(v >= 0, "draw " + v);
        below += v <= at[k] ? 1 : 0;
      }
      assertEquals(p[k], below / (double) n, 5 * Math.sqrt(p[k] * (1 - p[k]) / n), "F(" + at[k] + ")");
    }
    assertEquals(Double.POSITIVE_INFINITY, HalfCauchy.of(g).mean().item());
    assertEquals(Double.POSITIVE_INFINITY, HalfCauchy.of(g).variance().item());
    assertEquals(Math.log(2 * Math.PI * g), HalfCauchy.of(g).entropy().item(), 1e-15);
  }

  @Test
  void gradientsPass() {
    GradCheck.Result res = GradCheck.check(v -> HalfCauchy.of(v[0]).logProb(v[1]).sum()
        .add(HalfCauchy.of(v[0]).rsample(Rng.of(1), 3).tanh().sum()).add(HalfCauchy.of(v[0]).entropy().sum()),
        Nd4j.createFromArray(0.5, 2.0), Nd4j.createFromArray(1.3, 0.2));
    assertTrue(res.passes(1e-6), res.toString());
  }

  @Test
  void factoriesRejectInvalidArguments() {
    assertRejects(() -> HalfCauchy.of(0.0), "scale", "0.0");
    assertRejects(() -> HalfCauchy.of(Double.NaN), "scale", "NaN");
    assertRejects(() -> HalfCauchy.of(Nd4j.createFromArray(1.0, Double.POSITIVE_INFINITY)), "scale", "Infinity");
  }
}
