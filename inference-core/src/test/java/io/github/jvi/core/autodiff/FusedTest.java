package io.github.jvi.core.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FusedTest {
  /** f(a, b) = a^2 b with a side input c added to the value only. */
  private static double kernel(double[] x, double[] g) {
    g[0] = 2 * x[0] * x[1];
    g[1] = x[0] * x[0];
    return x[0] * x[0] * x[1] + x[2];
  }

  @Test
  void mapBroadcastsAndSumsGradientsBackToEachInputShape() {
    Var a = Var.param(Nd4j.createFromArray(new double[][] {{1.0}, {2.0}})); // [2, 1]
    Var b = Var.param(Nd4j.createFromArray(3.0, 4.0, 5.0)); // [3]
    INDArray side = Nd4j.scalar(10.0);
    Var out = Fused.map(FusedTest::kernel, new Var[] {a, b}, side);
    assertArrayEquals(new long[] {2, 3}, out.shape());
    assertEquals(4 * 5 + 10, out.value().getDouble(1, 2), 0.0);
    Gradients g = Gradients.of(out.sum());
    // d/da_i = sum_j 2 a_i b_j = 2 a_i * 12;  d/db_j = sum_i a_i^2 = 5
    assertEquals(24.0, g.get(a).getDouble(0, 0), 1e-12);
    assertEquals(48.0, g.get(a).getDouble(1, 0), 1e-12);
    assertEquals(5.0, g.get(b).getDouble(2), 1e-12);
    GradCheck.Result r = GradCheck.check(v -> Fused.map(FusedTest::kernel, v, side).sum(),
        a.value(), b.value());
    assertTrue(r.passes(1e-7), r.toString());
  }

  @Test
  void rowsReduceTheLastDimension() {
    Fused.RowKernel dot = (rows, g) -> {
      double s = 0;
      for (int k = 0; k < rows[0].length; k++) {
        s += rows[0][k] * rows[1][k];
        g[0][k] = rows[1][k];
        g[1][k] = rows[0][k];
      }
      return s;
    };
    Var x = Var.param(Nd4j.createFromArray(new double[][] {{1, 2, 3}, {4, 5, 6}}));
    Var y = Var.param(Nd4j.createFromArray(1.0, 0.0, -1.0));
    Var out = Fused.rows(dot, new Var[] {x, y});
    assertArrayEquals(new long[] {2}, out.shape());
    assertEquals(-2.0, out.value().getDouble(0), 0.0);
    assertEquals(-2.0, out.value().getDouble(1), 0.0);
    GradCheck.Result r = GradCheck.check(v -> Fused.rows(dot, v).sum(), x.value(), y.value());
    assertTrue(r.passes(1e-7), r.toString());
  }

  @Test
  void constantsRecordNoGraphAndBadShapesAreRejected() {
    Var c = Fused.map(FusedTest::kernel, new Var[] {Var.scalar(2.0), Var.scalar(3.0)}, Nd4j.scalar(1.0));
    assertEquals(13.0, c.item(), 0.0);
    assertFalse(c.requiresGrad());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fused.map(FusedTest::kernel,
        new Var[] {Var.constant(Nd4j.zeros(2)), Var.constant(Nd4j.zeros(3))}, Nd4j.scalar(0.0)));
    assertTrue(e.getMessage().contains("broadcast"), e.getMessage());
  }
}
