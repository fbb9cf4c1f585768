package io.github.jvi.vi.divergence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class KlFitTest {
  private static final GaussianMixture1d P = GaussianMixture1d.course();

  @Test
  void mixtureMomentsAndDensity() {
    // closed forms: mean 1/3 (-3) + 2/3 3 = 1, second moment 10, variance 9
    assertEquals(1, P.mean(), 1e-15);
    assertEquals(9, P.variance(), 1e-13);
    double x = 0.7;
    double ref = Math.log((1.0 / 3) * Math.exp(-0.5 * 3.7 * 3.7) / Math.sqrt(2 * Math.PI)
        + (2.0 / 3) * Math.exp(-0.5 * 2.3 * 2.3) / Math.sqrt(2 * Math.PI));
    assertEquals(ref, P.logDensity(x), 1e-14);
    assertEquals((P.logDensity(x + 1e-6) - P.logDensity(x - 1e-6)) / 2e-6, P.dLogDensity(x), 1e-8);
  }

  @Test
  void quadratureIsExactForPolynomialsAndAgreesWithAFinerRule() {
    GaussianQuadrature q = GaussianQuadrature.standard();
    assertEquals(1, q.expect(0.5, 2, v -> 1), 1e-15);
    assertEquals(0.5, q.expect(0.5, 2, v -> v), 1e-13);
    assertEquals(4 + 0.25, q.expect(0.5, 2, v -> v * v), 1e-12);
    // the wide q where Gauss-Hermite with 64 nodes was off by 1e-2: a 10x finer rule agrees
    double coarse = q.expect(0.9, 2.6, P::logDensity);
    double fine = GaussianQuadrature.of(0.005).expect(0.9, 2.6, P::logDensity);
    assertEquals(fine, coarse, 1e-12);
  }

  @Test
  void inclusiveFitIsMomentMatching() {
    GaussianFit f = InclusiveKl.of(P).fit();
    assertEquals(1, f.mu(), 1e-15);
    assertEquals(3, f.sigma(), 1e-14);
    assertEquals(0, f.gradientNorm(), 1e-14);
    InclusiveKl kl = InclusiveKl.of(P);
    assertTrue(kl.value(1.1, 3) > f.kl() && kl.value(1, 2.9) > f.kl());
    assertTrue(f.kl() > 0);
  }

  @Test
  void exclusiveFitFindsOneMinimumPerMode() {
    ExclusiveKl kl = ExclusiveKl.of(P);
    List<ExclusiveKl.LocalMinimum> minima = kl.fromStarts(new double[][] {{-4, 0.5}, {-1, 2}, {1, 2}, {5, 0.5}}, 0.5, 1e-9, 5000);
    assertEquals(2, minima.size());
    GaussianFit best = minima.get(0).fit();
    GaussianFit other = minima.get(1).fit();
    // near the modes, with KL near -log(2/3) and -log(1/3) (the modes hardly overlap)
    assertEquals(3, best.mu(), 0.05);
    assertEquals(-3, other.mu(), 0.05);
    assertEquals(1, best.sigma(), 0.05);
    assertEquals(Math.log(1.5), best.kl(), 0.01);
    assertEquals(Math.log(3), other.kl(), 0.01);
    assertTrue(best.gradientNorm() < 1e-9 && other.gradientNorm() < 1e-9);
    double[] g = kl.gradient(2, 1.5);
    assertEquals((kl.value(2 + 1e-6, 1.5) - kl.value(2 - 1e-6, 1.5)) / 2e-6, g[0], 1e-7);
    assertEquals((kl.value(2, 1.5 * Math.exp(1e-6)) - kl.value(2, 1.5 * Math.exp(-1e-6))) / 2e-6, g[1], 1e-7);
  }

  @Test
  void rejectsBadMixtures() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GaussianMixture1d.of(new double[] {0.5, 0.6}, new double[] {0, 1}, new double[] {1, 1}));
    assertTrue(e.getMessage().contains("sum to 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> GaussianMixture1d.of(new double[] {1}, new double[] {Double.NaN}, new double[] {1}));
    assertTrue(e.getMessage().contains("means[0]"), e.getMessage());
  }

  @Test
  void theScalarDensityIsCoresMixture() {
    // reference: core's MixtureSameFamily of Normals, evaluated as one array
    GaussianMixture1d p = GaussianMixture1d.of(new double[] {0.2, 0.5, 0.3}, new double[] {-4, 0.5, 3},
        new double[] {0.5, 2, 1});
    double[] xs = {-10, -4.2, -1, 0, 0.7, 2.9, 8, 40};
    double[] core = p.distribution().logProb(org.nd4j.linalg.factory.Nd4j.createFromArray(xs)).value().toDoubleVector();
    for (int i = 0; i < xs.length; i++) {
      assertEquals(core[i], p.logDensity(xs[i]), 1e-13 * Math.max(1, Math.abs(core[i])), "x = " + xs[i]);
    }
    assertEquals(0.2 * -4 + 0.5 * 0.5 + 0.3 * 3, p.mean(), 1e-15);
  }
}
