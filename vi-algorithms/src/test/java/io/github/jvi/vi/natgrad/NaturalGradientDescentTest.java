package io.github.jvi.vi.natgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.gpu.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NaturalGradientDescentTest {
  private static final GammaNll NLL = GammaNll.of(GammaShapeScale.of(3, 2).sample(Rng.of(2024), 1000));

  @Test
  void mleZeroesTheGradient() {
    double[] mle = NLL.mle();
    double[] g = NLL.gradient(mle[0], mle[1]);
    assertEquals(0, g[0], 1e-12);
    assertEquals(0, g[1], 1e-12);
    // the data were drawn from Gamma(3, 2): the MLE is within a few standard errors (~0.13, 0.09)
    assertEquals(3, mle[0], 0.5);
    assertEquals(2, mle[1], 0.4);
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    double h = 1e-6;
    double a = 1.7;
    double b = 3.1;
    double[] g = NLL.gradient(a, b);
    assertEquals((NLL.value(a + h, b) - NLL.value(a - h, b)) / (2 * h), g[0], 1e-8);
    assertEquals((NLL.value(a, b + h) - NLL.value(a, b - h)) / (2 * h), g[1], 1e-8);
  }

  @Test
  void ngdReachesTheMleQuicklyAndGdSlowly() {
    double[] mle = NLL.mle();
    NaturalGradientDescent.Trajectory ngd = NaturalGradientDescent.of(NaturalGradientDescent.Method.NGD, 1)
        .run(NLL, 0.5, 10, 30);
    NaturalGradientDescent.Trajectory gd = NaturalGradientDescent.of(NaturalGradientDescent.Method.GD, 0.5)
        .run(NLL, 0.5, 10, 30);
    assertEquals(31, ngd.alpha().length);
    assertEquals(mle[0], ngd.finalAlpha(), 1e-9);
    assertEquals(mle[1], ngd.finalBeta(), 1e-9);
    assertTrue(gd.finalNll() - NLL.value(mle[0], mle[1]) > 1e-2, "GD after 30 steps: " + gd.finalNll());
    assertEquals(NLL.value(0.5, 10), gd.nll()[0], 0);
  }

  @Test
  void stepsThatLeaveTheDomainAreHalved() {
    // a huge GD step from alpha near 0 would make alpha negative; halving keeps it positive
    NaturalGradientDescent.Trajectory t = NaturalGradientDescent.of(NaturalGradientDescent.Method.GD, 100)
        .run(NLL, 0.05, 1, 5);
    assertTrue(t.halvings() > 0);
    for (int i = 0; i < t.alpha().length; i++) {
      assertTrue(t.alpha()[i] > 0 && t.beta()[i] > 0);
    }
  }

  @Test
  void rejectsNonPositiveOrNanData() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GammaNll.of(Nd4j.createFromArray(1.0, 0.0, 2.0)));
    assertTrue(e.getMessage().contains("> 0") && e.getMessage().contains("0.0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> GammaNll.of(Nd4j.createFromArray(1.0, Double.NaN)));
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> GammaNll.of(Nd4j.createFromArray(2.0, 2.0)));
    assertTrue(e.getMessage().contains("all equal"), e.getMessage());
    INDArray ok = Nd4j.createFromArray(1.0, 2.0);
    assertThrows(IllegalArgumentException.class, () -> NaturalGradientDescent.Method.parse("sgd"));
    assertThrows(IllegalArgumentException.class,
        () -> NaturalGradientDescent.of(NaturalGradientDescent.Method.GD, 0).run(GammaNll.of(ok), 1, 1, 1));
  }
}
