package io.github.jvi.core.distribution;

import static io.github.jvi.core.distribution.TestSupport.assertRejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.GradCheck;
import io.github.jvi.core.autodiff.Gradients;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class StudentTTest {
  @Test
  void logProbMatchesClosedForms() {
    // reference: nu = 2 has p(z) = (2 + z^2)^(-3/2) (by hand), here at mu = 1, sigma = 3, x = 4 (z = 1)
    assertEquals(-1.5 * Math.log(3) - Math.log(3), StudentT.of(2.0, 1.0, 3.0).logProb(Nd4j.scalar(4.0)).item(), 1e-14);
    // nu = 3: p(z) = 6 sqrt 3 / (pi (3 + z^2)^2)
    double z = 0.7;
    assertEquals(Math.log(6 * Math.sqrt(3) / (Math.PI * Math.pow(3 + z * z, 2))), StudentT.of(3.0).logProb(Nd4j.scalar(z)).item(), 1e-14);
    // nu -> infinity: the normal, with an O(1/nu) error
    INDArray x = Nd4j.createFromArray(-2.0, 0.0, 1.5);
    assertTrue(StudentT.of(1e7, 0.5, 2.0).logProb(x).value().equalsWithEps(Normal.of(0.5, 2.0).logProb(x).value(), 1e-6));
  }

  @Test
  void momentsFollowTheDegreesOfFreedom() {
    StudentT t = StudentT.of(Nd4j.createFromArray(0.5, 1.0, 1.5, 2.0, 5.0), Nd4j.scalar(3.0), Nd4j.scalar(2.0));
    double[] m = t.mean().value().dup().data().asDouble();
    double[] v = t.variance().value().dup().data().asDouble();
    assertTrue(Double.isNaN(m[0]) && Double.isNaN(m[1]));
    assertEquals(3.0, m[2]);
    assertEquals(3.0, m[4]);
    assertTrue(Double.isNaN(v[0]) && Double.isNaN(v[1]));
    assertEquals(Double.POSITIVE_INFINITY, v[2]);
    assertEquals(Double.POSITIVE_INFINITY, v[3]);
    assertEquals(4.0 * 5 / 3, v[4], 1e-14);
    assertArrayEquals(new long[] {5}, t.entropy().shape());
    // the defined moments carry gradients: d Var / d nu = -2 sigma^2 / (nu - 2)^2 = -8/9 at nu = 5
    Var df = Var.param(Nd4j.createFromArray(5.0, 1.5));
    Gradients g = Gradients.of(StudentT.of(df, Var.scalar(0.0), Var.scalar(2.0)).variance().get(
        org.nd4j.linalg.indexing.NDArrayIndex.point(0)).sum());
    assertEquals(-8.0 / 9, g.get(df).getDouble(0), 1e-14);
    assertEquals(0.0, g.get(df).getDouble(1), 0.0);
  }

  @Test
  void entropyIsMinusTheMeanLogDensityOfDraws() {
    // -mean log p over 200k draws within 5 SE (sd of log p estimated from the same draws)
    for (double nu : new double[] {1.0, 2.5, 8.0}) {
      StudentT t = StudentT.of(nu, -1.0, 0.5);
      double[] lp = t.logProb(t.sample(Rng.of(11), 200_000)).value().dup().data().asDouble();
      double mean = 0;
      for (double v : lp) {
        mean += v / lp.length;
      }
      double var = 0;
      for (double v : lp) {
        var += (v - mean) * (v - mean) / (lp.length - 1);
      }
      assertEquals(t.entropy().item(), -mean, 5 * Math.sqrt(var / lp.length), "nu = " + nu);
    }
    // nu = 1 is the Cauchy's log(4 pi sigma)
    assertEquals(Math.log(4 * Math.PI * 0.5), StudentT.of(1.0, 0.0, 0.5).entropy().item(), 1e-14);
  }

  @Test
  void sampleMomentsMatch() {
    // nu = 12: mean within 5 SE sqrt(Var / n); variance within 5 SE, Var[(x - m)^2] = (kurtosis - 1) Var^2
    // with kurtosis 3 + 6 / (nu - 4) = 3.75
    int n = 200_000;
    double nu = 12;
    StudentT t = StudentT.of(nu, 2.0, 1.5);
    double[][] m = TestSupport.moments(StudentT.of(Nd4j.createFromArray(nu), Nd4j.createFromArray(2.0), Nd4j.createFromArray(1.5))
        .sample(Rng.of(9), n));
    double var = t.variance().item();
    assertEquals(2.0, m[0][0], 5 * Math.sqrt(var / n));
    assertEquals(var, m[1][0], 5 * var * Math.sqrt(2.75 / n));
  }

  @Test
  void gradientsPass() {
    // logProb and entropy in (nu, mu, sigma, x); rsample in mu and sigma (the nu gradient of the
    // Gamma draw is implicit, checked for unbiasedness in verification)
    GradCheck.Result res = GradCheck.check(v -> StudentT.of(v[0], v[1], v[2]).logProb(v[3]).sum()
        .add(StudentT.of(v[0], v[1], v[2]).entropy().sum()),
        Nd4j.createFromArray(0.7, 4.0), Nd4j.createFromArray(0.5, -2.0), Nd4j.createFromArray(1.3, 0.4), Nd4j.createFromArray(1.1, 0.2));
    assertTrue(res.passes(1e-6), res.toString());
    GradCheck.Result rs = GradCheck.check(v -> StudentT.of(Var.scalar(3.0), v[0], v[1]).rsample(Rng.of(2), 4).tanh().sum(),
        Nd4j.createFromArray(0.5, -2.0), Nd4j.createFromArray(1.3, 0.4));
    assertTrue(rs.passes(1e-6), rs.toString());
  }

  @Test
  void factoriesRejectInvalidArguments() {
    assertRejects(() -> StudentT.of(0.0, 0.0, 1.0), "df", "0.0");
    assertRejects(() -> StudentT.of(Double.NaN, 0.0, 1.0), "df", "NaN");
    assertRejects(() -> StudentT.of(3.0, Double.NaN, 1.0), "loc", "NaN");
    assertRejects(() -> StudentT.of(3.0, 0.0, -1.0), "scale", "-1.0");
    assertRejects(() -> StudentT.of(Nd4j.ones(2), Nd4j.zeros(3), Nd4j.ones(1)), "loc", "[3]");
    assertRejects(() -> StudentT.of(Nd4j.ones(2), Nd4j.zeros(2), Nd4j.ones(3)), "scale", "[3]");
  }
}
