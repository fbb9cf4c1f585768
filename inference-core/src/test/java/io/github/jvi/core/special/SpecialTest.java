package io.github.jvi.core.special;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpecialTest {
  private static final double EULER = 0.57721566490153286061;

  @Test
  void digammaMatchesExactValues() {
    // psi(1) = -gamma, psi(n) = H_(n-1) - gamma, psi(1/2) = -gamma - 2 log 2 (Abramowitz & Stegun 6.3)
    assertEquals(-EULER, Special.digamma(1.0), 1e-15);
    assertEquals(-EULER - 2 * Math.log(2), Special.digamma(0.5), 1e-15);
    double h = 0;
    for (int n = 2; n <= 200; n++) {
      h += 1.0 / (n - 1);
      assertEquals(h - EULER, Special.digamma(n), 4e-15 * Math.max(1, h), "n=" + n);
    }
    // reflection: psi(1 - x) - psi(x) = pi cot(pi x)
    assertEquals(Math.PI / Math.tan(Math.PI * 0.3), Special.digamma(0.7) - Special.digamma(0.3), 1e-13);
    assertEquals(Special.digamma(1.3) - Math.PI / Math.tan(-0.3 * Math.PI), Special.digamma(-0.3), 1e-13);
    assertTrue(Double.isNaN(Special.digamma(-2.0)));
  }

  @Test
  void digammaDerivativeIsTrigammaAcrossTheSwitchPoint() {
    // central differences of psi agree with psi' (Hipparchus) to the O(h^2 + eps/h) error,
    // including across x = 10 where the recurrence hands over to the asymptotic series
    for (double x : new double[] {0.3, 3.0, 9.9999995, 10.0, 48.9999995, 49.0, 200.0}) {
      double h = 1e-6;
      double fd = (Special.digamma(x + h) - Special.digamma(x - h)) / (2 * h);
      assertEquals(Special.trigamma(x), fd, 1e-8 * Math.max(1, Special.trigamma(x)), "x=" + x);
    }
  }
}
