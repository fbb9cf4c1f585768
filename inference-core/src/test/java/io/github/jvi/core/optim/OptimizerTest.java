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
  void adaGradFollowsItsRuleOnArraysAndOnJavaVectors() {
    // reference: the rule written out in the test, G += g^2, theta -= eta g / (sqrt(G) + eps),
    // over three steps; the INDArray form, the double[] form and a float32 parameter all follow it
    double[][] g = {{3.0, -0.2, 0.0}, {-1.0, 0.5, 2.0}, {0.25, 4.0, -3.0}};
    double eta = 0.1;
    double[] ref = {1.0, -2.0, 0.5};
    double[] sum = new double[3];
    AdaGrad onArrays = AdaGrad.of(eta);
    AdaGrad onVectors = AdaGrad.of(eta);
    AdaGrad onFloats = AdaGrad.of(eta);
    INDArray x = Nd4j.createFromArray(ref.clone());
    double[] v = ref.clone();
    INDArray xf = Nd4j.createFromArray(1.0f, -2.0f, 0.5f);
    for (double[] gt : g) {
      for (int k = 0; k < 3; k++) {
        sum[k] += gt[k] * gt[k];
        ref[k] -= eta * gt[k] / (Math.sqrt(sum[k]) + 1e-8);
      }
      onArrays.step(List.of(x), List.of(Nd4j.createFromArray(gt)));
      onVectors.step(v, gt);
      onFloats.step(List.of(xf), List.of(Nd4j.createFromArray(gt)));
    }
    for (int k = 0; k < 3; k++) {
      assertEquals(ref[k], x.getDouble(k), 1e-15);
      assertEquals(ref[k], v[k], 1e-15);
      assertEquals(ref[k], xf.getDouble(k), 1e-6); // float32 rounding of the parameter
    }
    assertEquals(3, onVectors.steps());
    assertEquals(org.nd4j.linalg.api.buffer.DataType.FLOAT, xf.dataType());
    // the state round-trips, and the array form continues the INDArray form's trajectory
    AdaGrad resumed = AdaGrad.of(eta);
    resumed.restore(onArrays.steps(), onArrays.state());
    double[] w = x.toDoubleVector();
    resumed.step(w, new double[] {1, 1, 1});
    onArrays.step(List.of(x), List.of(Nd4j.createFromArray(1.0, 1.0, 1.0)));
    for (int k = 0; k < 3; k++) {
      assertEquals(x.getDouble(k), w[k], 0.0);
    }
    assertThrows(IllegalArgumentException.class, () -> resumed.step(new double[2], new double[2]));
    assertThrows(IllegalArgumentException.class, () -> AdaGrad.of(1).step(new double[2], new double[3]));
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
