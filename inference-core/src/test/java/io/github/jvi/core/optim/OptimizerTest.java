package io.github.jvi.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.jvi.core.autodiff.Gradients;
import io.github.jvi.core.autodiff.Var;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class OptimizerTest {
  /** Minimises f(x) = sum (x - c)^2 from x = 0; the minimiser is c. */
  private static INDArray minimise(Optimizer opt, int steps) {
    INDArray x = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 3);
    INDArray c = Nd4j.createFromArray(1.0, -2.0, 0.5);
    for (int t = 0; t < steps; t++) {
      Var p = Var.param(x);
      Var loss = p.sub(Var.constant(c)).square().sum();
      opt.step(List.of(p), Gradients.of(loss));
    }
    return x;
  }

  @Test
  void eachOptimiserFindsTheMinimumOfAQuadratic() {
    INDArray c = Nd4j.createFromArray(1.0, -2.0, 0.5);
    assertEquals(0, minimise(Sgd.of(0.1), 200).distance2(c), 1e-8);
    assertEquals(0, minimise(Sgd.of(0.05, 0.9), 400).distance2(c), 1e-6);
    assertEquals(0, minimise(AdaGrad.of(0.5), 2000).distance2(c), 1e-4);
    assertEquals(0, minimise(Adam.of(0.05), 2000).distance2(c), 1e-4);
  }

  @Test
  void adamFirstStepMovesEachCoordinateByLr() {
    // with bias correction, Adam's first step is about lr * sign(g) (paper, sec. 2.1); exactly,
    // lr_1 m / (sqrt(v) + eps) with m = (1-b1) g, v = (1-b2) g^2, lr_1 = lr sqrt(1-b2) / (1-b1)
    INDArray x = Nd4j.createFromArray(0.0, 0.0);
    Adam.of(0.01).step(List.of(x), List.of(Nd4j.createFromArray(3.0, -0.2)));
    double lr1 = 0.01 * Math.sqrt(1 - 0.999) / (1 - 0.9);
    for (int i = 0; i < 2; i++) {
      double g = i == 0 ? 3.0 : -0.2;
      double expected = -lr1 * (0.1 * g) / (Math.sqrt(0.001 * g * g) + 1e-8);
      assertEquals(expected, x.getDouble(i), 1e-15);
      assertEquals(-0.01 * Math.signum(g), x.getDouble(i), 1e-6);
    }
  }

  @Test
  void stateRoundTripsForCheckpoints() {
    Adam a = Adam.of(0.01);
    INDArray x = Nd4j.createFromArray(1.0, 2.0);
    a.step(List.of(x), List.of(Nd4j.createFromArray(0.5, -1.0)));
    Adam b = Adam.of(0.01);
    b.restore(a.steps(), a.state());
    INDArray xa = x.dup();
    INDArray xb = x.dup();
    a.step(List.of(xa), List.of(Nd4j.createFromArray(0.1, 0.2)));
    b.step(List.of(xb), List.of(Nd4j.createFromArray(0.1, 0.2)));
    assertEquals(xa, xb);
  }

  @Test
  void invalidSettingsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> Adam.of(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> Adam.of(0.1, 1.0, 0.9, 1e-8));
    assertThrows(IllegalArgumentException.class, () -> AdaGrad.of(-1));
    assertThrows(IllegalArgumentException.class, () -> Sgd.of(0.1, 1.5));
  }

  @Test
  void fusedFloatPathAgreesWithTheNativeOp() {
    // contiguous float32 arrays take the fused Java pass; the same values as columns of a matrix
    // (strided views) take libnd4j's adam_updater: both compute the paper's formula
    org.nd4j.linalg.api.ndarray.INDArray g1 = Nd4j.createFromArray(0.3f, -2f, 1e-3f, 5f);
    org.nd4j.linalg.api.ndarray.INDArray g2 = Nd4j.createFromArray(-0.1f, 0.7f, 2f, -4f);
    org.nd4j.linalg.api.ndarray.INDArray flat = Nd4j.createFromArray(1f, 2f, 3f, 4f);
    org.nd4j.linalg.api.ndarray.INDArray matrix = Nd4j.createFromArray(new float[][] {{1f, 0f}, {2f, 0f}, {3f, 0f}, {4f, 0f}});
    org.nd4j.linalg.api.ndarray.INDArray column = matrix.getColumn(0);
    Adam a = Adam.of(0.1);
    Adam b = Adam.of(0.1);
    for (org.nd4j.linalg.api.ndarray.INDArray g : List.of(g1, g2, g1)) {
      a.step(List.of(flat), List.of(g));
      b.step(List.of(column), List.of(g.dup()));
    }
    for (int i = 0; i < 4; i++) {
      assertEquals(flat.getDouble(i), matrix.getDouble(i, 0), 1e-6);
    }
    assertEquals(0.0, matrix.getDouble(2, 1), 0.0);
  }
}
