package io.github.jvi.core.kl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.distribution.Gamma;
import io.github.jvi.core.special.MultivariateGamma;
import io.github.jvi.core.special.Special;
import org.junit.jupiter.api.Test;

class WishartKlTest {
  @Test
  void oneDimensionalWishartIsAGamma() {
    // W(w, nu) in one dimension is Gamma(shape nu/2, rate 1/(2w)): the KL must be the Gamma KL
    double[][] pairs = {{0.7, 3.5, 2.0, 1.2}, {5.0, 1.0, 0.1, 9.0}, {1.0, 2.0, 1.0, 2.5}};
    for (double[] c : pairs) {
      double w = c[0];
      double nu = c[1];
      double w0 = c[2];
      double nu0 = c[3];
      double expected = Kl.divergence(Gamma.of(nu / 2, 1 / (2 * w)), Gamma.of(nu0 / 2, 1 / (2 * w0))).item();
      double found = WishartKl.divergence(new double[][] {{w}}, nu, new double[][] {{w0}}, nu0);
      assertEquals(expected, found, 1e-12 * Math.max(1, Math.abs(expected)), java.util.Arrays.toString(c));
    }
  }

  @Test
  void zeroAgainstItselfAndPositiveOtherwise() {
    double[][] w = {{2, 0.5}, {0.5, 1}};
    assertEquals(0, WishartKl.divergence(w, 4.5, w, 4.5), 1e-14);
    assertTrue(WishartKl.divergence(w, 4.5, new double[][] {{1, 0}, {0, 1}}, 3) > 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WishartKl.divergence(w, 0.5, w, 3));
    assertTrue(e.getMessage().contains("nu") && e.getMessage().contains("0.5"), e.getMessage());
  }

  @Test
  void multivariateGammaInLowDimensions() {
    // Gamma_1 = Gamma; Gamma_2(x) = sqrt(pi) Gamma(x) Gamma(x - 1/2)
    for (double x : new double[] {0.9, 2.5, 40}) {
      assertEquals(Special.lgamma(x), MultivariateGamma.lgamma(x, 1), 1e-15 * Math.max(1, Math.abs(Special.lgamma(x))));
      double two = 0.5 * Math.log(Math.PI) + Special.lgamma(x) + Special.lgamma(x - 0.5);
      assertEquals(two, MultivariateGamma.lgamma(x, 2), 1e-14 * Math.max(1, Math.abs(two)));
      assertEquals(Special.digamma(x) + Special.digamma(x - 0.5), MultivariateGamma.digamma(x, 2), 1e-14);
    }
  }
}
