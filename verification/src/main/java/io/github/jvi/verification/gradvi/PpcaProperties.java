package io.github.jvi.verification.gradvi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.ppca.ProbabilisticPca;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Probabilistic PCA's closed-form maximum likelihood (Tipping &amp; Bishop 1999) on generated data
 * (x = W z + b + noise with random W, b, noise level). References: the column means computed
 * directly, and the likelihood of perturbed parameters, which at a maximum can never be higher
 * (beyond rounding, 1e-10 relative).
 */
class PpcaProperties {
  private static INDArray data(int d, int m, int n, double noise, long seed) {
    Rng rng = Rng.of(seed);
    INDArray w = rng.normal(DataType.DOUBLE, d, m).muli(2);
    INDArray b = rng.normal(DataType.DOUBLE, 1, d).muli(3);
    INDArray z = rng.normal(DataType.DOUBLE, n, m);
    return z.mmul(w.transpose()).addiRowVector(b).addi(rng.normal(DataType.DOUBLE, n, d).muli(noise));
  }

  @Property(tries = 15, seed = "81")
  void bIsTheSampleMeanAndPerturbationsNeverRaiseTheLikelihood(@ForAll @IntRange(min = 2, max = 6) int d,
      @ForAll @IntRange(min = 1, max = 5) int mRaw, @ForAll @IntRange(min = 20, max = 300) int n,
      @ForAll @DoubleRange(min = 0.05, max = 2) double noise, @ForAll @IntRange(min = 0, max = 100_000) int seed) {
    int m = 1 + (mRaw - 1) % (d - 1); // 1 <= m < d
    INDArray x = data(d, m, n, noise, seed);
    ProbabilisticPca.Fit f = ProbabilisticPca.fit(x, m);
    for (int j = 0; j < d; j++) {
      double mean = 0;
      for (int i = 0; i < n; i++) {
        mean += x.getDouble(i, j) / n;
      }
      assertEquals(mean, f.mean().getDouble(j), 1e-12 * (1 + Math.abs(mean)));
    }
    double best = f.logLikelihood();
    assertEquals(best, ProbabilisticPca.logLikelihood(x, f.mean(), f.w(), f.sigma2()), 1e-9 * Math.abs(best));
    Rng rng = Rng.of(seed + 1);
    for (double eps : new double[] {1e-3, 1e-2, 1e-1}) {
      for (int rep = 0; rep < 4; rep++) {
        INDArray b = f.mean().add(rng.normal(DataType.DOUBLE, d).muli(eps));
        INDArray w = f.w().add(rng.normal(DataType.DOUBLE, d, m).muli(eps));
        double s2 = f.sigma2() * Math.exp(eps * rng.nextGaussian());
        assertTrue(ProbabilisticPca.logLikelihood(x, b, w, s2) <= best + 1e-10 * Math.abs(best), "all perturbed, eps " + eps);
        assertTrue(ProbabilisticPca.logLikelihood(x, b, f.w(), f.sigma2()) <= best + 1e-10 * Math.abs(best), "b, eps " + eps);
        assertTrue(ProbabilisticPca.logLikelihood(x, f.mean(), w, f.sigma2()) <= best + 1e-10 * Math.abs(best), "W, eps " + eps);
        assertTrue(ProbabilisticPca.logLikelihood(x, f.mean(), f.w(), s2) <= best + 1e-10 * Math.abs(best), "sigma2, eps " + eps);
      }
    }
  }

  @Test
  void badInputGetsAClearError() {
    INDArray x = data(3, 1, 40, 0.3, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProbabilisticPca.fit(x, 3));
    assertTrue(e.getMessage().contains("m must be in [1, 2]"), e.getMessage());
    INDArray nan = x.dup();
    nan.putScalar(5, 1, Double.NaN);
    e = assertThrows(IllegalArgumentException.class, () -> ProbabilisticPca.fit(nan, 1));
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
  }
}
