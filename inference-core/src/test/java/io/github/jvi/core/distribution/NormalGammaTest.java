package io.github.jvi.core.distribution;

import static io.github.jvi.core.distribution.TestSupport.assertRejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.GradCheck;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

class NormalGammaTest {
  private static final NormalGamma NG = NormalGamma.of(0.5, 2.0, 3.0, 1.5);

  @Test
  void logProbIsGammaTimesConditionalNormal() {
    // reference: the chain rule p(tau) p(x | tau) with the Gamma and Normal classes
    double x = 1.3;
    double tau = 0.8;
    double expected = Gamma.of(3.0, 1.5).logProb(Nd4j.scalar(tau)).item()
        + Normal.of(0.5, 1 / Math.sqrt(2.0 * tau)).logProb(Nd4j.scalar(x)).item();
    assertEquals(expected, NG.logProb(Nd4j.createFromArray(x, tau)).item(), 1e-13);
  }

  @Test
  void densityIntegratesToOne() {
    // tensor-product Simpson over x in [-19.5, 20.5] and tau = t^2, t in [0, sqrt 30] (the
    // substitution makes the tau^(a - 1/2) factor at 0 smooth: t^(2a) dt); the mass outside is
    // below 1e-7 (the x marginal is Student-t with 6 degrees of freedom and scale 1/2, tail
    // beyond 40 scales ~1e-8; P(tau > 30) = e^-45 (1 + 45 + 45^2/2) ~ 3e-17); tolerance 1e-6
    int nx = 800;
    int nt = 600;
    double x0 = -19.5;
    double hx = 40.0 / nx;
    double ht = Math.sqrt(30.0) / nt;
    INDArray grid = Nd4j.create(DataType.DOUBLE, (long) (nx + 1) * (nt + 1), 2);
    INDArray w = Nd4j.create(DataType.DOUBLE, (long) (nx + 1) * (nt + 1));
    for (int i = 0; i <= nx; i++) {
      for (int j = 0; j <= nt; j++) {
        int k = i * (nt + 1) + j;
        grid.putScalar(k, 0, x0 + i * hx);
        double t = Math.max(j * ht, 1e-100);
        grid.putScalar(k, 1, t * t);
        w.putScalar(k, simpson(i, nx) * simpson(j, nt) * 2 * t);
      }
    }
    double mass = Transforms.exp(NG.logProb(grid).value(), true).mul(w).sumNumber().doubleValue() * hx * ht / 9;
    assertEquals(1.0, mass, 1e-6);
  }

  private static double simpson(int i, int n) {
    return i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2;
  }

  @Test
  void momentsExpectationsAndEntropyMatchSamples() {
    // 200k draws; every tolerance is 5 standard errors estimated from the same draws
    int n = 200_000;
    INDArray s = NG.sample(Rng.of(41), n);
    assertArrayEquals(new long[] {n, 2}, s.shape());
    INDArray x = s.get(NDArrayIndex.all(), NDArrayIndex.point(0));
    INDArray tau = s.get(NDArrayIndex.all(), NDArrayIndex.point(1));
    assertClose(NG.expectedX().item(), x);
    assertClose(NG.expectedTau().item(), tau);
    assertClose(NG.expectedLogTau().item(), Transforms.log(tau, true));
    assertClose(NG.expectedTauX().item(), tau.mul(x));
    assertClose(NG.expectedTauXSquared().item(), tau.mul(x).muli(x));
    INDArray var = NG.variance().value();
    assertClose(var.getDouble(0), x.sub(0.5).muli(x.sub(0.5)));
    assertClose(var.getDouble(1), tau.sub(2.0).muli(tau.sub(2.0)));
    assertClose(NG.entropy().item(), NG.logProb(s).value().neg());
  }

  private static void assertClose(double expected, INDArray draws) {
    double se = draws.stdNumber().doubleValue() / Math.sqrt(draws.length());
    assertEquals(expected, draws.meanNumber().doubleValue(), 5 * se);
  }

  @Test
  void varianceOfXIsInfiniteForShapeAtMostOne() {
    NormalGamma heavy = NormalGamma.of(Nd4j.createFromArray(0.0, 0.0), Nd4j.createFromArray(1.0, 1.0),
        Nd4j.createFromArray(0.8, 2.0), Nd4j.createFromArray(1.0, 1.0));
    INDArray v = heavy.variance().value();
    assertEquals(Double.POSITIVE_INFINITY, v.getDouble(0, 0));
    assertEquals(1.0, v.getDouble(1, 0), 1e-15); // b / (lambda (a - 1))
    assertEquals(0.8, v.getDouble(0, 1), 1e-15); // a / b^2
  }

  @Test
  void gradientsPass() {
    GradCheck.Result r = GradCheck.check(v -> NormalGamma.of(v[0], v[1], v[2], v[3]).logProb(v[4]).sum()
        .add(NormalGamma.of(v[0], v[1], v[2], v[3]).entropy().sum()),
        Nd4j.createFromArray(0.5, -1.0), Nd4j.createFromArray(2.0, 0.7), Nd4j.createFromArray(3.0, 1.2),
        Nd4j.createFromArray(1.5, 0.4), Nd4j.createFromArray(new double[][] {{1.3, 0.8}, {-0.2, 2.1}}));
    assertTrue(r.passes(1e-6), r.toString());
    // rsample in mu, lambda and b (fixed noise; the shape a enters through the implicit gradient)
    r = GradCheck.check(v -> NormalGamma.of(v[0], v[1], Var.scalar(3.0), v[2]).rsample(Rng.of(2), 4).square().sum(),
        Nd4j.createFromArray(0.5), Nd4j.createFromArray(2.0), Nd4j.createFromArray(1.5));
    assertTrue(r.passes(1e-6), r.toString());
  }

  @Test
  void factoriesRejectInvalidArguments() {
    assertRejects(() -> NormalGamma.of(Double.NaN, 1, 1, 1), "mu", "NaN");
    assertRejects(() -> NormalGamma.of(0, 0, 1, 1), "lambda", "0.0");
    assertRejects(() -> NormalGamma.of(0, 1, -1, 1), "a", "-1.0");
    assertRejects(() -> NormalGamma.of(0, 1, 1, Double.POSITIVE_INFINITY), "b", "Infinity");
  }
}
