package io.github.jvi.core.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.GradCheck;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.kl.Kl;
import io.github.jvi.gpu.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class NormalTest {
  @Test
  void logProbMatchesClosedForm() {
    // reference: the density formula evaluated by hand, N(1, 2^2) at x = 2
    double expected = -0.5 * 0.25 - Math.log(2) - 0.5 * Math.log(2 * Math.PI);
    assertEquals(expected, Normal.of(1, 2).logProb(Nd4j.scalar(2.0)).item(), 1e-14);
  }

  @Test
  void invalidScaleNamesParameterAndValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Normal.of(0, Double.NaN));
    assertTrue(e.getMessage().contains("scale") && e.getMessage().contains("NaN"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Normal.of(Nd4j.createFromArray(0.0, 1.0), Nd4j.createFromArray(1.0, -2.0)));
    assertTrue(e.getMessage().contains("scale") && e.getMessage().contains("-2.0"), e.getMessage());
  }

  @Test
  void klAgainstMonteCarlo() {
    Normal p = Normal.of(0.3, 1.2);
    Normal q = Normal.of(-0.5, 0.7);
    double exact = Kl.divergence(p, q).item();
    // 200k draws: the standard error is about 0.004 here; 5 sigma bound, fixed seed
    double mc = Kl.monteCarlo(p, q, 200_000, Rng.of(1)).item();
    assertEquals(exact, mc, 0.02);
  }

  @Test
  void exponentialFamilyGradientOfLogNormalizerIsMeanOfT() {
    Normal p = Normal.of(Nd4j.createFromArray(0.5, -1.0), Nd4j.createFromArray(1.5, 0.4));
    Var eta = Var.param(p.naturalParameters().value());
    var g = io.github.jvi.core.autodiff.Gradients.of(p.logNormalizer(eta).sum()).get(eta);
    assertTrue(g.equalsWithEps(p.expectedSufficientStatistics().value(), 1e-10), g.toString());
  }

  @Test
  void rsampleIsDifferentiable() {
    GradCheck.Result r = GradCheck.check(v -> {
      Normal n = Normal.of(v[0], v[1]);
      return n.rsample(Rng.of(3), 5).square().sum().add(n.entropy().sum());
    }, Nd4j.createFromArray(0.2, -0.1), Nd4j.createFromArray(1.1, 0.6));
    assertTrue(r.passes(1e-6), r.toString());
  }
}
