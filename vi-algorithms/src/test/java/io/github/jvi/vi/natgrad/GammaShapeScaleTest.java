package io.github.jvi.vi.natgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.special.Special;
import io.github.jvi.gpu.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GammaShapeScaleTest {
  @Test
  void naturalCoordinatesAndTheJacobian() {
    GammaShapeScale g = GammaShapeScale.of(3, 2);
    double[] eta = g.naturalParameters();
    assertEquals(2, eta[0], 1e-15);
    assertEquals(-0.5, eta[1], 1e-15);
    // F(eta) from the core view in shape-scale terms: [[psi'(alpha), beta], [beta, alpha beta^2]]
    double[][] fn = g.fisherNatural();
    assertEquals(Special.trigamma(3), fn[0][0], 1e-14);
    assertEquals(2, fn[0][1], 1e-14);
    assertEquals(12, fn[1][1], 1e-13);
    // J = d eta / d(alpha, beta) against finite differences of eta(alpha, beta)
    double h = 1e-6;
    double[] up = GammaShapeScale.of(3, 2 + h).naturalParameters();
    double[] dn = GammaShapeScale.of(3, 2 - h).naturalParameters();
    assertEquals((up[1] - dn[1]) / (2 * h), g.jacobian()[1][1], 1e-9);
    assertEquals(1, g.jacobian()[0][0], 0);
    assertEquals(6, g.mean(), 1e-15);
    assertEquals(12, g.variance(), 1e-15);
  }

  @Test
  void fisherInverseIsTheInverse() {
    for (double[] p : new double[][] {{0.3, 0.1}, {3, 2}, {50, 7}, {1e3, 0.5}}) {
      GammaShapeScale g = GammaShapeScale.of(p[0], p[1]);
      double[][] f = g.fisher();
      double[][] fi = g.fisherInverse();
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
          double prod = fi[i][0] * f[0][j] + fi[i][1] * f[1][j];
          assertEquals(i == j ? 1 : 0, prod, 1e-9, "alpha=" + p[0] + " beta=" + p[1]);
        }
      }
    }
  }

  @Test
  void samplerMatchesMeanAndVariance() {
    // reference: E = alpha beta, Var = alpha beta^2; tolerance 5 standard errors of the mean and
    // of the variance (its SE from the fourth moment, 6 alpha beta^4 + 3 alpha^2 beta^4 for Gamma)
    for (double[] p : new double[][] {{3, 2}, {0.4, 1.5}}) {
      int n = 200_000;
      INDArray x = GammaShapeScale.of(p[0], p[1]).sample(Rng.of(12), n);
      double a = p[0];
      double b = p[1];
      assertEquals(a * b, x.meanNumber().doubleValue(), 5 * Math.sqrt(a * b * b / n));
      double m4 = (6 * a + 3 * a * a) * Math.pow(b, 4);
      double seVar = Math.sqrt((m4 - a * a * Math.pow(b, 4)) / n);
      assertEquals(a * b * b, x.varNumber().doubleValue(), 5 * seVar);
      assertTrue(x.minNumber().doubleValue() > 0);
    }
  }

  @Test
  void rejectsBadParameters() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GammaShapeScale.of(-1, 2));
    assertTrue(e.getMessage().contains("alpha") && e.getMessage().contains("-1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> GammaShapeScale.of(1, Double.NaN));
    assertTrue(e.getMessage().contains("beta") && e.getMessage().contains("NaN"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> GammaShapeScale.fromNatural(-2, -1));
  }
}
