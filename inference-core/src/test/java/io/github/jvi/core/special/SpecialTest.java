package io.github.jvi.core.special;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpecialTest {
  private static final double EULER = 0.57721566490153286061;

  @Test
  void digammaAtClosedFormPoints() {
    // psi(1) = -gamma, psi(1/2) = -gamma - 2 ln 2, psi(n+1) = H_n - gamma (Abramowitz & Stegun 6.3)
    assertEquals(-EULER, Special.digamma(1.0), 1e-15);
    assertEquals(-EULER - 2 * Math.log(2), Special.digamma(0.5), 1e-15);
    assertEquals(1 + 0.5 + 1.0 / 3 - EULER, Special.digamma(4.0), 2e-15);
    double h = 0;
    for (int k = 1; k <= 99; k++) {
      h += 1.0 / k;
    }
    assertEquals(h - EULER, Special.digamma(100.0), 1e-14);
    // reflection: psi(-1/2) = psi(1/2) + 2
    assertEquals(-EULER - 2 * Math.log(2) + 2, Special.digamma(-0.5), 1e-14);
  }

  @Test
  void trigammaAtClosedFormPoints() {
    // psi'(1) = pi^2/6, psi'(1/2) = pi^2/2, psi'(2) = pi^2/6 - 1
    assertEquals(Math.PI * Math.PI / 6, Special.trigamma(1.0), 1e-15);
    assertEquals(Math.PI * Math.PI / 2, Special.trigamma(0.5), 1e-14);
    assertEquals(Math.PI * Math.PI / 6 - 1, Special.trigamma(2.0), 1e-15);
  }

  @Test
  void digammaIsSmoothAcrossTheSeriesSwitch() {
    // central differences of psi agree with psi' to O(h^2 + eps/h) ~ 1e-9 on both sides of x = 10
    for (double x : new double[] {0.3, 1.0, 2.0, 9.999999, 10.0, 10.5, 49.0, 200.0}) {
      double h = 1e-5;
      double fd = (Special.digamma(x + h) - Special.digamma(x - h)) / (2 * h);
      assertEquals(Special.trigamma(x), fd, 1e-8 * Math.max(1, Special.trigamma(x)), "x=" + x);
    }
  }

  @Test
  void stableForms() {
    assertEquals(100.0, Special.softplus(100.0), 0.0);
    assertEquals(Math.exp(-100), Special.softplus(-100.0), 1e-60);
    assertEquals(Math.log(-Math.expm1(-1e-10)), Special.log1mexp(1e-10), 1e-12);
    assertEquals(-Math.exp(-50), Special.log1mexp(50.0), 1e-30);
    assertEquals(-1000 + Math.log(2), Special.logSumExp(-1000, -1000), 1e-12);
    assertTrue(Double.isNaN(Special.digamma(-2.0)));
  }
}
