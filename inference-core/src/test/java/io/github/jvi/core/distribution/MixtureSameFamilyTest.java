package io.github.jvi.core.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.GradCheck;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class MixtureSameFamilyTest {
  /** 1/3 N(-3, 1) + 2/3 N(3, 1), the target of the KL-fitting figure. */
  private static MixtureSameFamily target() {
    return MixtureSameFamily.of(Categorical.ofProbs(1.0 / 3, 2.0 / 3),
        Normal.of(Nd4j.createFromArray(-3.0, 3.0), Nd4j.createFromArray(1.0, 1.0)));
  }

  @Test
  void densityIntegratesToOneAndMatchesTheFormula() {
    MixtureSameFamily m = target();
    // trapezoid on [-15, 15] with step 1e-3 (tails beyond are below 1e-30; error far below 1e-10)
    double h = 1e-3;
    INDArray x = Nd4j.linspace(DataType.DOUBLE, -15, h, 30_001);
    INDArray f = Transforms.exp(m.logProb(x).value(), false);
    double integral = (f.sumNumber().doubleValue() - 0.5 * (f.getDouble(0) + f.getDouble(f.length() - 1))) * h;
    assertEquals(1.0, integral, 1e-10);
    // reference: the mixture density written out at x = 0.5
    double phi1 = Math.exp(-0.5 * 3.5 * 3.5) / Math.sqrt(2 * Math.PI);
    double phi2 = Math.exp(-0.5 * 2.5 * 2.5) / Math.sqrt(2 * Math.PI);
    assertEquals(Math.log(phi1 / 3 + 2 * phi2 / 3), m.logProb(Nd4j.scalar(0.5)).item(), 1e-14);
  }

  @Test
  void meanIsOneAndVarianceIsNine() {
    // law of total variance: E[x] = -1 + 2 = 1; Var = 1 + (1/3 * 16 + 2/3 * 4) = 1 + 8 = 9
    MixtureSameFamily m = target();
    assertEquals(1.0, m.mean().item(), 1e-14);
    assertEquals(9.0, m.variance().item(), 1e-13);
    // sample moments, n = 200000, fixed seed: SE of the mean 3 / sqrt(n) = 0.0067; SE of the sample
    // variance sqrt((mu4 - sigma^4) / n) with central mu4 = (355 + 2 * 43) / 3 = 147 (N(m, 1) has
    // E[(x-1)^4] = m'^4 + 6 m'^2 + 3 with m' = -4, 2), i.e. sqrt(66 / n) = 0.018; 5 SE each
    int n = 200_000;
    INDArray s = m.sample(Rng.of(17), n);
    assertArrayEquals(new long[] {n}, s.shape());
    double mean = s.meanNumber().doubleValue();
    double var = s.var(true, 0).getDouble(0);
    assertEquals(1.0, mean, 5 * 3 / Math.sqrt(n));
    assertEquals(9.0, var, 5 * Math.sqrt(66.0 / n));
    // the fraction of draws above 0 is about P(component 2) = 2/3 (both components put < 0.14%
    // of their mass on the wrong side): binomial SE sqrt(2/9 / n)
    double above = s.gt(0.0).castTo(DataType.DOUBLE).meanNumber().doubleValue();
    assertEquals(2.0 / 3, above, 5 * Math.sqrt(2.0 / 9 / n) + 0.0014);
  }

  @Test
  void batchedMixtureOfDiagonalGaussiansHasRightShapesAndMoments() {
    // batch B = [2], K = 3 components, event E = [2] (Independent Normals): shapes and moments
    INDArray locs = Nd4j.createFromArray(new double[][][] {
        {{0, 1}, {2, -1}, {-3, 0}}, {{1, 1}, {0, 0}, {5, 5}}});
    INDArray scales = Nd4j.ones(DataType.DOUBLE, 2, 3, 2).muli(0.5);
    MixtureSameFamily m = MixtureSameFamily.of(
        Categorical.ofProbs(Nd4j.createFromArray(new double[][] {{0.2, 0.3, 0.5}, {0.1, 0.1, 0.8}})),
        Independent.of(Normal.of(locs, scales), 1));
    assertArrayEquals(new long[] {2}, m.batchShape());
    assertArrayEquals(new long[] {2}, m.eventShape());
    assertArrayEquals(new long[] {7, 2, 2}, m.sample(Rng.of(1), 7).shape());
    assertArrayEquals(new long[] {7, 2}, m.logProb(m.sample(Rng.of(2), 7)).shape());
    // mean of batch 0, coordinate 0: 0.2 * 0 + 0.3 * 2 + 0.5 * (-3) = -0.9 (by hand)
    assertEquals(-0.9, m.mean().value().getDouble(0, 0), 1e-14);
    // variance of batch 1, coordinate 1: 0.25 + 0.1*(1-4.1)^2 + 0.1*(0-4.1)^2 + 0.8*(5-4.1)^2
    double mu = 0.1 + 0 + 4.0;
    double expected = 0.25 + 0.1 * (1 - mu) * (1 - mu) + 0.1 * mu * mu + 0.8 * (5 - mu) * (5 - mu);
    assertEquals(expected, m.variance().value().getDouble(1, 1), 1e-13);
  }

  @Test
  void logProbIsDifferentiableInWeightsAndComponents() {
    INDArray x = Nd4j.createFromArray(-2.0, 0.3, 4.0);
    GradCheck.Result r = GradCheck.check(v -> MixtureSameFamily.of(Categorical.ofLogits(v[0]),
        Normal.of(v[1], v[2])).logProb(Var.constant(x)).sum(),
        Nd4j.createFromArray(0.2, -0.5), Nd4j.createFromArray(-3.0, 3.0), Nd4j.createFromArray(1.0, 1.5));
    assertTrue(r.passes(1e-7), r.toString());
  }

  @Test
  void entropyIsNotClosedFormButEstimable() {
    MixtureSameFamily m = target();
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, m::entropy);
    assertTrue(e.getMessage().contains("entropyMonteCarlo"), e.getMessage());
    // reference: -integral p log p by the trapezoid rule; MC with 100000 draws has SE
    // sd(log p) / sqrt(n) < 1 / sqrt(n) ~ 0.003 here (sd(log p) measured below 1); 5 SE
    double h = 1e-3;
    INDArray x = Nd4j.linspace(DataType.DOUBLE, -15, h, 30_001);
    INDArray lp = m.logProb(x).value();
    INDArray integrand = Transforms.exp(lp, true).muli(lp).negi();
    double exact = integrand.sumNumber().doubleValue() * h;
    assertEquals(exact, m.entropyMonteCarlo(100_000, Rng.of(6)).item(), 5 / Math.sqrt(100_000));
  }

  @Test
  void shapeValidation() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MixtureSameFamily.of(
        Categorical.ofProbs(0.5, 0.5), Normal.of(Nd4j.zeros(3), Nd4j.ones(3))));
    assertTrue(e.getMessage().contains("component") && e.getMessage().contains("[3]"), e.getMessage());
  }
}
