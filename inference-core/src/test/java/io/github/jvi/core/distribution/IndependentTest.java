package io.github.jvi.core.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.GradCheck;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class IndependentTest {
  @Test
  void diagonalGaussianSumsTheLastDimension() {
    INDArray loc = Nd4j.createFromArray(new double[][] {{0.0, 1.0, -1.0}, {2.0, 0.5, 0.0}});
    INDArray scale = Nd4j.createFromArray(new double[][] {{1.0, 0.5, 2.0}, {0.3, 1.0, 1.5}});
    Normal base = Normal.of(loc, scale);
    ReparameterizedIndependent d = Independent.of(base, 1);
    assertArrayEquals(new long[] {2}, d.batchShape());
    assertArrayEquals(new long[] {3}, d.eventShape());
    INDArray x = Nd4j.createFromArray(new double[][] {{0.1, 0.2, 0.3}, {1.0, 1.0, 1.0}});
    // reference: the base log-densities summed by hand over the event dimension
    INDArray expected = base.logProb(x).value().sum(1);
    assertTrue(expected.equalsWithEps(d.logProb(x).value(), 1e-14));
    assertTrue(base.entropy().value().sum(1).equalsWithEps(d.entropy().value(), 1e-14));
    assertArrayEquals(new long[] {5, 2, 3}, d.rsample(Rng.of(1), 5).shape());
    // reinterpreting both dimensions gives a scalar distribution
    Independent all = Independent.of(base, 2);
    assertEquals(base.logProb(x).value().sumNumber().doubleValue(), all.logProb(x).item(), 1e-13);
    assertEquals(0, all.batchShape().length);
  }

  @Test
  void reparameterisationFollowsTheBase() {
    Distribution normalAsDistribution = Normal.of(Nd4j.zeros(3), Nd4j.ones(3));
    assertTrue(Independent.of(normalAsDistribution, 1) instanceof Reparameterized);
    Independent bern = Independent.of(Bernoulli.ofProbs(Nd4j.createFromArray(0.2, 0.7)), 1);
    assertFalse(bern instanceof Reparameterized);
  }

  @Test
  void bernoulliProductSumsToOneAndHasRightMoments() {
    Independent d = Independent.of(Bernoulli.ofProbs(Nd4j.createFromArray(0.2, 0.7)), 1);
    INDArray all = Nd4j.createFromArray(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
    double total = org.nd4j.linalg.ops.transforms.Transforms.exp(d.logProb(all).value(), false).sumNumber().doubleValue();
    assertEquals(1.0, total, 1e-15);
    // sample means within 5 standard errors, fixed seed
    int n = 50_000;
    INDArray m = d.sample(Rng.of(3), n).mean(0);
    assertEquals(0.2, m.getDouble(0), 5 * Math.sqrt(0.16 / n));
    assertEquals(0.7, m.getDouble(1), 5 * Math.sqrt(0.21 / n));
    assertTrue(d.variance().value().equalsWithEps(Nd4j.createFromArray(0.16, 0.21), 1e-15));
  }

  @Test
  void gradientFlowsThroughTheSum() {
    INDArray x = Nd4j.createFromArray(new double[][] {{0.1, 0.2, 0.3}, {1.0, -1.0, 1.0}});
    GradCheck.Result r = GradCheck.check(v -> Independent.of(Normal.of(v[0], v[1]), 1).logProb(Var.constant(x)).sum(),
        Nd4j.createFromArray(0.0, 1.0, -1.0), Nd4j.createFromArray(1.0, 0.5, 2.0));
    assertTrue(r.passes(1e-7), r.toString());
  }

  @Test
  void invalidDimensionCount() {
    Normal base = Normal.of(Nd4j.zeros(3), Nd4j.ones(3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Independent.of(base, 2));
    assertTrue(e.getMessage().contains("reinterpretedBatchDims") && e.getMessage().contains("2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Independent.of(base, -1));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
  }
}
