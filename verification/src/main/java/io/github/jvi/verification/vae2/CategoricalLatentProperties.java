package io.github.jvi.verification.vae2;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.model.CategoricalPosterior;
import io.github.jvi.vae.model.LatentConfig;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Assertions;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The VAE's categorical latent at generated logits: N = 3 variables of K = 4 classes laid out
 * variable-major in [n, N K]. For every variable separately, the argmax of the relaxed draws (at
 * the generated temperature) and the class of the hard draws follow Categorical(softmax(logits of
 * that variable)) within 5 binomial standard errors of 20000 draws (the seeds are fixed, so a run is
 * deterministic). Failure budget (fresh seeds, {@code jvi verify --random}): the standard error
 * is that of the true probability p, and the exact binomial probability of a 5-SE excursion is
 * 5.6e-7 for p = 0.25, 1.0e-6 for p = 0.01 and 1.8e-5 for p = 5e-4 (the rarest classes the
 * generated logits give, about 1% of the time); 6 tries x 3 variables x 4 classes x 2 samplers =
 * 144 comparisons, so below 1.5e-4 per run for typical logits and 2.6e-3 in the worst case;
 * relaxed draws lie
 * on each variable's simplex and approach its vertices as the temperature falls (the mean distance
 * to the nearest vertex shrinks from tau to tau / 10). The core distribution's own properties
 * (the same Gumbel-max and low-temperature facts for one variable) are tested in inference-core's
 * RelaxedOneHotCategoricalTest; here the layout and the VAE's use of it are under test.
 */
class CategoricalLatentProperties {
  private static final DataType D = DataType.DOUBLE;
  private static final int N = 3;
  private static final int K = 4;
  private static final int DRAWS = 20000;

  @Property(tries = 6, seed = "1083")
  void drawsFollowEachVariablesCategorical(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
      @ForAll @DoubleRange(min = 0.1, max = 2.0) double tau) {
    INDArray logits = Rng.of(seed).normal(D, 1, N * K).muli(1.5);
    INDArray rows = Nd4j.tile(logits, DRAWS, 1);
    CategoricalPosterior relaxed = CategoricalPosterior.of(Var.constant(rows), N, K, tau, false, false);
    CategoricalPosterior hard = CategoricalPosterior.of(Var.constant(rows), N, K, tau, false, true);
    INDArray y = relaxed.rsample(Rng.of(seed + 1)).value().reshape(DRAWS, N, K);
    INDArray z = hard.rsample(Rng.of(seed + 2)).value().reshape(DRAWS, N, K);
    Assertions.assertTrue(y.sum(2).sub(1.0).amaxNumber().doubleValue() < 1e-12, "each variable on its simplex");
    Assertions.assertEquals((double) DRAWS * N, z.sumNumber().doubleValue(), 0.0, "one-hot");
    INDArray argmax = y.argMax(2); // [DRAWS, N]
    for (int v = 0; v < N; v++) {
      INDArray pi = Transforms.softmax(logits.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
          org.nd4j.linalg.indexing.NDArrayIndex.interval(v * K, (v + 1) * K)).reshape(1, K), true).reshape(K);
      for (int k = 0; k < K; k++) {
        double p = pi.getDouble(k);
        double tol = 5 * Math.sqrt(p * (1 - p) / DRAWS) + 1e-12;
        double fRelaxed = argmax.getColumn(v).eq(k).castTo(D).meanNumber().doubleValue();
        double fHard = z.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(v),
            org.nd4j.linalg.indexing.NDArrayIndex.point(k)).meanNumber().doubleValue();
        Assertions.assertEquals(p, fRelaxed, tol, "relaxed, variable " + v + ", class " + k);
        Assertions.assertEquals(p, fHard, tol, "hard, variable " + v + ", class " + k);
      }
    }
    CategoricalPosterior cold = CategoricalPosterior.of(Var.constant(rows), N, K, tau / 10, false, false);
    double gap = 1 - y.max(2).meanNumber().doubleValue();
    double coldGap = 1 - cold.rsample(Rng.of(seed + 3)).value().reshape(DRAWS, N, K).max(2).meanNumber().doubleValue();
    Assertions.assertTrue(coldGap < gap, "gap " + coldGap + " at tau/10 vs " + gap + " at tau " + tau);
  }

  @Property(tries = 20, seed = "1084")
  void temperatureScheduleIsMonotoneWithItsFloor(@ForAll @Scale(8) @DoubleRange(min = 1e-6, max = 1e-2) double rate,
      @ForAll @DoubleRange(min = 0.05, max = 1.0) double floor, @ForAll @LongRange(min = 0, max = 100_000) long t) {
    LatentConfig c = LatentConfig.defaults().withAnnealing(rate, floor, 100);
    double tau = c.temperature(t);
    // tau = max(floor, exp(-rate * 100 floor(t / 100))): within [floor, 1], non-increasing in t
    Assertions.assertTrue(tau >= floor && tau <= 1.0);
    Assertions.assertTrue(c.temperature(t + 137) <= tau);
    Assertions.assertEquals(Math.max(floor, Math.exp(-rate * (t / 100 * 100))), tau, 1e-15);
  }
}
