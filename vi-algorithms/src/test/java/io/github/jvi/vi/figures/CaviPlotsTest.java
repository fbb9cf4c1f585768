package io.github.jvi.vi.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CaviPlotsTest {
  private static double[] linspace(double a, double b, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = a + (b - a) * i / (n - 1);
    }
    return v;
  }

  @Test
  void contourOfAParaboloidIsOneClosedCircle() {
    // reference: the level set x^2 + y^2 = 1 is the unit circle
    double[] xs = linspace(-2, 2, 81);
    double[][] z = new double[81][81];
    for (int i = 0; i < 81; i++) {
      for (int j = 0; j < 81; j++) {
        z[i][j] = xs[i] * xs[i] + xs[j] * xs[j];
      }
    }
    List<double[][]> lines = CaviPlots.contour(xs, xs, z, 1.0);
    assertEquals(1, lines.size());
    double[][] c = lines.get(0);
    int n = c[0].length;
    assertEquals(c[0][0], c[0][n - 1], 1e-12);
    assertEquals(c[1][0], c[1][n - 1], 1e-12);
    for (int i = 0; i < n; i++) {
      // linear interpolation of x^2 on a 0.05 grid: radius error below h^2 / 4 = 6e-4
      assertEquals(1.0, Math.hypot(c[0][i], c[1][i]), 1e-3);
    }
  }

  @Test
  void massLevelsOfAGaussianMatchTheChiSquareRadius() {
    // reference: for a standard 2-D Gaussian the highest-density region of mass p is the disc of
    // radius r with exp(-r^2/2) = 1 - p, so the level of the unnormalised density exp(-r^2/2) is 1 - p
    double[] xs = linspace(-7, 7, 701);
    double[][] z = new double[701][701];
    for (int i = 0; i < 701; i++) {
      for (int j = 0; j < 701; j++) {
        z[i][j] = Math.exp(-0.5 * (xs[i] * xs[i] + xs[j] * xs[j]));
      }
    }
    double[] levels = CaviPlots.massLevels(z, new double[] {0.393, 0.865, 0.989});
    assertEquals(1 - 0.393, levels[0], 2e-3);
    assertEquals(1 - 0.865, levels[1], 2e-3);
    assertEquals(1 - 0.989, levels[2], 2e-3);
  }
}
