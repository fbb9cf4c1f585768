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

  /** Relative agreement with a reference to {@code rel}. */
  private static void close(double ref, double got, double rel, String what) {
    assertTrue(Math.abs(got - ref) <= rel * Math.abs(ref), what + ": expected " + ref + ", got " + got);
  }

  /**
   * The cancellation-free differences against mpmath at 60 digits (values printed by
   * mp.nstr(..., 17) of the defining formulas, e.g. loggamma(a + d) - loggamma(a) - d digamma(a)),
   * at arguments where the naive double forms lose most of their digits.
   */
  @Test
  void differencesMatchMpmathTo1e14Relative() {
    double r = 1e-14;
    close(-4.9999999666666671e-17, Special.log1pmx(1e-8), r, "log1pmx(1e-8)");
    close(-0.19314718055994531, Special.log1pmx(-0.5), r, "log1pmx(-0.5)");
    close(-1.6137056388801094, Special.log1pmx(3.0), r, "log1pmx(3)");
    close(-12.815511557935518, Special.log1pmx(-0.999999), r, "log1pmx(-0.999999)");
    close(4.999999998333334e-19, Special.bd0Ratio(1e-9), r, "bd0Ratio(1e-9)");
    close(0.94394829814011905, Special.bd0Ratio(-0.99), r, "bd0Ratio(-0.99)");
    close(0.010726233731432501, Special.bd0Ratio(0.15), r, "bd0Ratio(0.15)");
    close(150.52310726894061, Special.bd0Ratio(50.0), r, "bd0Ratio(50)");
    assertEquals(1.0, Special.bd0Ratio(-1.0), 0.0);
    close(4.9999996687039596e-11, Special.bd0(10000.0, 10000.001), r, "bd0(1e4, 1e4 + 1e-3)");
    close(37.586965957081187, Special.bd0(5.0, 1e-3), r, "bd0(5, 1e-3)");
    close(0.49989797445432426, Special.bd0(3e7, 3e7 + 5477.0), r, "bd0(3e7, 3e7 + 5477)");
    close(0.13815510062964194, Special.lgammaDiff(1e6, 1e-2), r, "lgammaDiff(1e6, 1e-2)");
    close(-1.0005755219317315e-7, Special.lgammaDiff(0.001, 1e-10), r, "lgammaDiff(1e-3, 1e-10)");
    close(-1.3217558399823194, Special.lgammaDiff(3.5, -2.0), r, "lgammaDiff(3.5, -2)");
    close(23025.850979890455, Special.lgammaDiff(1e10, 1e3), r, "lgammaDiff(1e10, 1e3)");
    close(5.0250816482509682e-11, Special.lgammaDiff2(100.0, 1e-4), r, "lgammaDiff2(100, 1e-4)");
    close(2.4674010722243458e-16, Special.lgammaDiff2(0.5, 1e-8), r, "lgammaDiff2(0.5, 1e-8)");
    close(4.4999999775000003e-8, Special.lgammaDiff2(1e8, 3.0), r, "lgammaDiff2(1e8, 3)");
    close(131.270375829574, Special.lgammaDiff2(2.0, 50.0), r, "lgammaDiff2(2, 50)");
    close(11.160666416772652, Special.lgammaDiff2(12.0, -11.5), r, "lgammaDiff2(12, -11.5)");
    close(0.0066652470327076824, Special.stirlerr(12.5), r, "stirlerr(12.5)");
    close(0.23606490074821559, Special.stirlerr(0.3), r, "stirlerr(0.3)");
    close(8.3333333333333306e-9, Special.stirlerr(1e7), r, "stirlerr(1e7)");
    close(1.0000004950001617e-8, Special.digammaDiff(1e6, 1e-2), r, "digammaDiff(1e6, 1e-2)");
    close(0.00010000015425332057, Special.digammaDiff(0.001, 1e-10), r, "digammaDiff(1e-3, 1e-10)");
    close(-1.0666666666666667, Special.digammaDiff(3.5, -2.0), r, "digammaDiff(3.5, -2)");
    close(1.0050166662828547e-10, Special.digammaDiff(100.0, 1e-8), r, "digammaDiff(100, 1e-8)");
    close(-4.4061717059972355, Special.digammaDiff(12.0, -11.5), r, "digammaDiff(12, -11.5)");
    // a b - c d for nearly equal products: exact here (1 + 2^-30)(1 - 2^-30) - 1 = -2^-60
    double e = Math.scalb(1.0, -30);
    assertEquals(-Math.scalb(1.0, -60), Special.diffOfProducts(1 + e, 1 - e, 1.0, 1.0), 0.0);
  }

  @Test
  void logSumExpOfAnAllMinusInfinitySliceIsMinusInfinity() {
    double ninf = Double.NEGATIVE_INFINITY;
    assertEquals(ninf, Special.logSumExp(ninf, ninf), 0.0);
    org.nd4j.linalg.api.ndarray.INDArray x = org.nd4j.linalg.factory.Nd4j.create(new double[][] {{ninf, ninf}, {0, 0}});
    org.nd4j.linalg.api.ndarray.INDArray lse = Special.logSumExp(x, 1);
    assertEquals(ninf, lse.getDouble(0), 0.0);
    assertEquals(Math.log(2), lse.getDouble(1), 1e-15);
  }
}
