package io.github.jvi.core.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.distribution.Gamma;
import io.github.jvi.core.distribution.Normal;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class DoublesTest {
  @Test
  void batchesOfScalarFamiliesInAndOut() {
    Normal n = Normal.of(Doubles.vector(0, 1, 2), Doubles.vector(1, 1, 3));
    assertArrayEquals(new double[] {0, 1, 2}, Doubles.toVector(n.mean()), 0.0);
    assertArrayEquals(new double[] {1, 1, 9}, Doubles.toVector(n.variance()), 0.0);
    // the explicit Gamma factories: shape-rate and shape-scale give the same distribution
    double[] rate = Doubles.toVector(Gamma.ofShapeRate(Doubles.vector(2, 3), Doubles.vector(4, 0.5)).mean());
    double[] scale = Doubles.toVector(Gamma.ofShapeScale(Doubles.vector(2, 3), Doubles.vector(0.25, 2)).mean());
    assertArrayEquals(new double[] {0.5, 6}, rate, 1e-15);
    assertArrayEquals(rate, scale, 1e-15);
    INDArray m = Doubles.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}});
    assertEquals(DataType.DOUBLE, m.dataType());
    assertArrayEquals(new long[] {2, 3}, m.shape());
    assertArrayEquals(new double[] {4, 5, 6}, Doubles.toMatrix(m)[1], 0.0);
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, Doubles.toVector(m), 0.0);
  }

  @Test
  void inputsAreCopiedAndCheckedWithTheValueFound() {
    double[] v = {1, 2};
    INDArray a = Doubles.vector(v);
    v[0] = 9;
    assertEquals(1, a.getDouble(0), 0.0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Doubles.matrix(new double[][] {{1, 2}, {3}}));
    assertTrue(e.getMessage().contains("row 1") && e.getMessage().contains("found 1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Doubles.vector());
    e = assertThrows(IllegalArgumentException.class, () -> Doubles.toMatrix(a));
    assertTrue(e.getMessage().contains("[2]"), e.getMessage());
  }
}
