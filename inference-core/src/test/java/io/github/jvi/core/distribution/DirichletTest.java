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

class DirichletTest {
  @Test
  void twoComponentsIsBeta() {
    // Dirichlet(a, b) on (x, 1-x) has the Beta(a, b) density of x (the same law)
    Dirichlet d = Dirichlet.of(2.0, 3.5);
    Beta b = Beta.of(2.0, 3.5);
    assertEquals(b.logProb(Nd4j.scalar(0.3)).item(), d.logProb(Nd4j.createFromArray(0.3, 0.7)).item(), 1e-12);
    assertEquals(b.entropy().item(), d.entropy().item(), 1e-12);
    assertEquals(b.variance().item(), d.variance().value().getDouble(0), 1e-15);
  }

  @Test
  void densityIntegratesToOneOverTheSimplex() {
    // K = 3: integrate over x1 in (0,1), x2 in (0, 1-x1) by nested Simpson (x2 = (1 - x1) s);
    // all exponents >= 1, error ~h^2 at the corners; tolerance 1e-6
    Dirichlet d = Dirichlet.of(2.0, 3.0, 2.5);
    int n = 400;
    double mass = TestSupport.simpsonScalar(x1 -> (1 - x1) * TestSupport.simpson(s -> {
      INDArray x2 = s.mul(1 - x1);
      INDArray x = Nd4j.concat(1, Nd4j.valueArrayOf(x2.shape(), x1, org.nd4j.linalg.api.buffer.DataType.DOUBLE).reshape(-1, 1), x2.reshape(-1, 1),
          x2.rsub(1 - x1).reshape(-1, 1));
      return org.nd4j.linalg.ops.transforms.Transforms.exp(d.logProb(x).value(), true);
    }, 0, 1, n), 0, 1, n);
    assertEquals(1.0, mass, 1e-6);
  }

  @Test
  void sampleMomentsMatchAndShapes() {
    // batch [2] of K = 3; 50k draws; variance SE <= sqrt(var/4/n) for variables in [0, 1]; 5 SE
    INDArray alpha = Nd4j.createFromArray(new double[][] {{0.5, 1.0, 2.0}, {3.0, 4.0, 5.0}});
    Dirichlet d = Dirichlet.of(alpha);
    assertArrayEquals(new long[] {2}, d.batchShape());
    assertArrayEquals(new long[] {3}, d.eventShape());
    int n = 50_000;
    INDArray x = d.sample(Rng.of(2), n);
    assertArrayEquals(new long[] {n, 2, 3}, x.shape());
    INDArray mean = x.mean(0);
    INDArray var = x.var(false, 0);
    INDArray em = d.mean().value();
    INDArray ev = d.variance().value();
    for (int b = 0; b < 2; b++) {
      for (int k = 0; k < 3; k++) {
        double v = ev.getDouble(b, k);
        assertEquals(em.getDouble(b, k), mean.getDouble(b, k), 5 * Math.sqrt(v / n));
        assertEquals(v, var.getDouble(b, k), 5 * Math.sqrt(v / 4 / n));
      }
    }
    assertEquals(1.0, x.sum(2).minNumber().doubleValue(), 1e-12);
  }

  @Test
  void gradientsPass() {
    GradCheck.Result r = GradCheck.check(v -> Dirichlet.of(v[0]).logProb(v[1]).sum().add(Dirichlet.of(v[0]).entropy().sum()),
        Nd4j.createFromArray(new double[][] {{0.5, 1.0, 2.0}, {3.0, 4.0, 5.0}}),
        Nd4j.createFromArray(0.2, 0.3, 0.5));
    assertTrue(r.passes(1e-6), r.toString());
  }

  @Test
  void rsampleGradientIsUnbiased() {
    // d/d alpha_1 E[x_1] = (alpha_0 - alpha_1) / alpha_0^2 = 5/36 for alpha = (1, 2, 3); 5 SE
    int n = 20_000;
    Var a = Var.param(Nd4j.createFromArray(1.0, 2.0, 3.0).reshape(1, 3).repeat(0, n));
    Var x = Dirichlet.of(a).rsample(Rng.of(12));
    INDArray g = Gradients.of(x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
        org.nd4j.linalg.indexing.NDArrayIndex.point(0)).sum()).get(a).getColumn(0);
    assertEquals(5.0 / 36, g.meanNumber().doubleValue(), 5 * g.stdNumber().doubleValue() / Math.sqrt(n));
  }

  @Test
  void exponentialFamilyIdentities() {
    Dirichlet d = Dirichlet.of(2.0, 3.5, 1.2);
    TestSupport.assertGradLogNormalizerIsMeanOfT(d, 1e-10);
    TestSupport.assertFisherIsHessian(d, 1e-4, 1e-6);
  }

  @Test
  void factoriesRejectInvalidArguments() {
    assertRejects(() -> Dirichlet.of(1.0, -2.0, 3.0), "concentration", "-2.0");
    assertRejects(() -> Dirichlet.of(1.0, Double.NaN), "concentration", "NaN");
    assertRejects(() -> Dirichlet.of(2.0), "concentration", "K >= 2");
    assertRejects(() -> Dirichlet.of(Nd4j.scalar(2.0)), "concentration", "rank");
  }
}
