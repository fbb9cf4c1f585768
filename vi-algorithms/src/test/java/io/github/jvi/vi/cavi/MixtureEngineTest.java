package io.github.jvi.vi.cavi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.gpu.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MixtureEngineTest {
  @Test
  void groupedLogarithmsEqualTheSumOfLogarithms() {
    // reference: sum_n log s_n term by term in Java
    for (int k : new int[] {1, 2, 5, 1000, 100000}) {
      int g = MixtureEngine.productGroup(k);
      assertTrue(g >= 1 && (k == 1 || g * Math.log(k) <= 700), "group " + g + " for K = " + k);
      for (int len : new int[] {1, 63, 64, 65, 1000}) {
        INDArray s = Nd4j.rand(DataType.DOUBLE, 1, len).muli(k - 1).addi(1); // in [1, K]
        double expected = 0;
        for (double v : s.toDoubleVector()) {
          expected += Math.log(v);
        }
        assertEquals(expected, MixtureEngine.sumLog(s, g), 1e-12 * Math.max(1, Math.abs(expected)), "K=" + k + " len=" + len);
      }
    }
  }

  @Test
  void kmeansPlusPlusSeedsEveryTightCluster() {
    // four clusters of width 0.01 at distance >= 10: k-means++ misses one only with probability
    // about 1e-5 per draw (squared-distance weights), and the seed is fixed
    double[][] centres = {{0, 0}, {10, 0}, {0, 10}, {10, 10}};
    INDArray x = Nd4j.create(DataType.DOUBLE, 2, 400);
    INDArray noise = Rng.of(1).normal(DataType.DOUBLE, 2, 400).muli(0.01);
    for (int i = 0; i < 400; i++) {
      x.putScalar(0, i, centres[i % 4][0]);
      x.putScalar(1, i, centres[i % 4][1]);
    }
    x.addi(noise);
    INDArray r = Seeding.kmeansPlusPlus(x, 4, Rng.of(5));
    double[] counts = r.sum(1).toDoubleVector();
    for (double c : counts) {
      assertEquals(100, c, 1e-12);
    }
    // one-hot columns
    assertEquals(400, r.sumNumber().doubleValue(), 1e-9);
    assertEquals(400, r.mul(r).sumNumber().doubleValue(), 1e-9);
  }

  @Test
  void randomResponsibilitiesAreDistributions() {
    INDArray r = Seeding.random(1000, 3, Rng.of(2));
    assertEquals(0, r.sum(0).subi(1).amaxNumber().doubleValue(), 1e-12);
    assertTrue(r.minNumber().doubleValue() >= 0);
    // flat Dirichlet: E[r_k] = 1/3 with standard error sqrt(1/18/1000) = 0.0075; 5 sigma
    for (double m : r.mean(1).toDoubleVector()) {
      assertEquals(1.0 / 3, m, 0.04);
    }
  }
}
