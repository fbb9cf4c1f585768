package io.github.jvi.core.distribution;

import static io.github.jvi.core.distribution.TestSupport.assertRejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.GradCheck;
import io.github.jvi.gpu.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class LogNormalTest {
  @Test
  void logProbIsTheNormalOfLogXMinusLogX() {
    INDArray x = Nd4j.createFromArray(0.01, 0.3, 2.0, 50.0);
    INDArray lx = Transforms.log(x, true);
    INDArray expected = Normal.of(0.4, 0.9).logProb(lx).value().sub(lx);
    assertTrue(LogNormal.of(0.4, 0.9).logProb(x).value().equalsWithEps(expected, 1e-14));
    double[] lp = LogNormal.of(0.4, 0.9).logProb(Nd4j.createFromArray(0.0, -1.0)).value().dup().data().asDouble();
    assertEquals(Double.NEGATIVE_INFINITY, lp[0]);
    assertEquals(Double.NEGATIVE_INFINITY, lp[1]);
  }

  @Test
  void momentsAndEntropyMatchDraws() {
    // 200k draws at sigma = 0.3: mean within 5 SE sqrt(Var / n); variance within 5 SE from the
    // draws' fourth central moment (finite and well estimated at this sigma); entropy against
    // -mean log p (sd of log p = sqrt(1/2 + sigma^2))
    int n = 200_000;
    LogNormal d = LogNormal.of(0.5, 0.3);
    double mean = d.mean().item();
    double var = d.variance().item();
    assertEquals(Math.exp(0.5 + 0.045), mean, 1e-14);
    assertEquals(Math.expm1(0.09) * Math.exp(1.09), var, 1e-14);
    double[] x = d.sample(Rng.of(8), n).dup('c').data().asDouble();
    double m = 0;
    for (double v : x) {
      m += v / n;
    }
    double s2 = 0;
    double m4 = 0;
    for (double v : x) {
      s2 += (v - m) * (v - m) / (n - 1);
      m4 += Math.pow(v - m, 4) / n;
    }
    assertEquals(mean, m, 5 * Math.sqrt(var / n));
    assertEquals(var, s2, 5 * Math.sqrt((m4 - s2 * s2) / n));
    double ent = -d.logProb(Nd4j.createFromArray(x)).mean().item();
    assertEquals(d.entropy().item(), ent, 5 * Math.sqrt((0.5 + 0.09) / n));
  }

  @Test
  void gradientsPass() {
    GradCheck.Result res = GradCheck.check(v -> LogNormal.of(v[0], v[1]).logProb(v[2]).sum()
        .add(LogNormal.of(v[0], v[1]).rsample(Rng.of(1), 3).log1p().sum()).add(LogNormal.of(v[0], v[1]).entropy().sum())
        .add(LogNormal.of(v[0], v[1]).mean().sum()).add(LogNormal.of(v[0], v[1]).variance().sum()),
        Nd4j.createFromArray(0.5, -0.3), Nd4j.createFromArray(0.6, 0.4), Nd4j.createFromArray(1.3, 0.2));
    assertTrue(res.passes(1e-6), res.toString());
  }

  @Test
  void factoriesRejectInvalidArguments() {
    assertRejects(() -> LogNormal.of(0.0, 0.0), "scale", "0.0");
    assertRejects(() -> LogNormal.of(Double.POSITIVE_INFINITY, 1.0), "loc", "Infinity");
    assertRejects(() -> LogNormal.of(Nd4j.zeros(2), Nd4j.ones(3)), "scale", "[3]");
  }
}
