package io.github.jvi.core.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.gpu.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * hasMean / hasVariance / hasEntropy say beforehand what throws, and the Monte Carlo forms work for
 * every distribution. Deterministic (fixed seeds); each Monte Carlo check is at 5 standard errors,
 * so about 6e-7 chance of a false failure per comparison if the seed were drawn anew (two here).
 */
class SupportedQuantitiesTest {
  @Test
  void unsupportedQuantitiesAreKnownBeforehand() {
    MixtureSameFamily mix = MixtureSameFamily.of(Categorical.ofProbs(0.3, 0.7),
        Normal.of(Nd4j.createFromArray(-1.0, 2.0), Nd4j.createFromArray(0.5, 1.0)));
    assertTrue(mix.hasMean() && mix.hasVariance());
    assertFalse(mix.hasEntropy());
    assertThrows(UnsupportedOperationException.class, mix::entropy);
    RelaxedOneHotCategorical r = RelaxedOneHotCategorical.of(0.5, Nd4j.createFromArray(0.0, 1.0, -1.0));
    assertFalse(r.hasMean() || r.hasVariance() || r.hasEntropy());
    assertThrows(UnsupportedOperationException.class, r::mean);
    Normal n = Normal.of(0, 1);
    assertTrue(n.hasMean() && n.hasVariance() && n.hasEntropy());
    assertFalse(Independent.of(mix, 0).hasEntropy(), "Independent asks its base");
  }

  @Test
  void monteCarloFormsEstimateWhatHasNoClosedForm() {
    // the mixture mean in closed form, 0.3 (-1) + 0.7 (2) = 1.1, sd sqrt(variance)
    MixtureSameFamily mix = MixtureSameFamily.of(Categorical.ofProbs(0.3, 0.7),
        Normal.of(Nd4j.createFromArray(-1.0, 2.0), Nd4j.createFromArray(0.5, 1.0)));
    int n = 20_000;
    double sd = Math.sqrt(mix.variance().item());
    assertEquals(1.1, mix.meanMonteCarlo(n, Rng.of(3)).item(), 5 * sd / Math.sqrt(n));
    // the Normal's entropy 0.5 log(2 pi e); -log p(x) has sd 1/sqrt(2) for a standard normal
    assertEquals(0.5 * Math.log(2 * Math.PI * Math.E), Normal.of(0, 1).entropyMonteCarlo(n, Rng.of(4)).item(),
        5 * Math.sqrt(0.5) / Math.sqrt(n));
  }
}
