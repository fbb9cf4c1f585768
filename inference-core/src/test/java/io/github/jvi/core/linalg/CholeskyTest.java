package io.github.jvi.core.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CholeskyTest {
  // A = L L^T with L = [[2, 0, 0], [1, 3, 0], [-1, 2, 1]] (integers: exact in floating point)
  private static final double[][] L = {{2, 0, 0}, {1, 3, 0}, {-1, 2, 1}};
  private static final double[][] A = {{4, 2, -2}, {2, 10, 5}, {-2, 5, 6}};

  @Test
  void factorInverseAndLogDeterminantOfAKnownMatrix() {
    double[][] l = Cholesky.factor(A, "A");
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(L[i], l[i], 0.0, "row " + i);
    }
    assertEquals(2 * Math.log(2 * 3 * 1), Cholesky.logDet(l), 1e-15); // det A = (2 * 3 * 1)^2
    double[][] inv = Cholesky.inverse(l);
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double s = 0;
        for (int k = 0; k < 3; k++) {
          s += A[i][k] * inv[k][j];
        }
        assertEquals(i == j ? 1 : 0, s, 1e-14, "(A A^-1)(" + i + "," + j + ")");
        assertEquals(inv[i][j], inv[j][i], 0.0, "exactly symmetric");
      }
    }
    double[][] li = Cholesky.lowerInverse(l);
    assertEquals(0.5, li[0][0], 0.0);
    assertEquals(-1.0 / 6, li[1][0], 1e-16);
  }

  @Test
  void badMatricesAreNamedWithTheValueFound() {
    assertNull(Cholesky.factorOrNull(new double[][] {{1, 2}, {2, 1}}));
    assertNull(Cholesky.factorOrNull(new double[][] {{Double.NaN}}));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Cholesky.factor(new double[][] {{1, 2}, {2, 1}}, "W0"));
    assertTrue(e.getMessage().contains("W0") && e.getMessage().contains("-3.0") && e.getMessage().contains("row 1"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Cholesky.factor(new double[][] {{1, 0.5}, {0.4, 1}}, "S"));
    assertTrue(e.getMessage().contains("S must be symmetric") && e.getMessage().contains("0.4"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Cholesky.factor(new double[][] {{1, 0}, {0}}, "S"));
    assertTrue(e.getMessage().contains("square"), e.getMessage());
  }
}
