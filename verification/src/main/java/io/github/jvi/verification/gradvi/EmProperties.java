package io.github.jvi.verification.gradvi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.em.GaussianMixtureEm;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * EM for Gaussian mixtures as coordinate ascent on F(theta, q) (Neal &amp; Hinton 1998), on
 * generated data sets (K true components with means drawn in a box of side 8, covariances
 * A A^T + 0.3 I, N points), fitted with K components from a random start. Reference: the
 * algebra of F (after an E-step, F = log p(x | theta) exactly, so the check is to rounding).
 */
class EmProperties {
  private static INDArray data(int k, int d, int n, long seed) {
    Rng rng = Rng.of(seed);
    INDArray w = Nd4j.valueArrayOf(new long[] {k}, 1.0 / k, DataType.DOUBLE);
    INDArray mu = rng.uniform(DataType.DOUBLE, k, d).muli(8).subi(4);
    INDArray cov = Nd4j.create(DataType.DOUBLE, k, d, d);
    for (int j = 0; j < k; j++) {
      INDArray a = rng.normal(DataType.DOUBLE, d, d).muli(0.7);
      cov.get(org.nd4j.linalg.indexing.NDArrayIndex.point(j))
          .assign(a.mmul(a.transpose()).addi(Nd4j.eye(d).castTo(DataType.DOUBLE).muli(0.3)));
    }
    return GaussianMixtureEm.sample(new GaussianMixtureEm.Parameters(w, mu, cov), n, rng);
  }

  @Property(tries = 15, seed = "71")
  void emNeverLowersTheLikelihoodAndFEqualsItAfterEveryEStep(@ForAll @IntRange(min = 1, max = 3) int k,
      @ForAll @IntRange(min = 1, max = 3) int d, @ForAll @IntRange(min = 60, max = 400) int n,
      @ForAll @IntRange(min = 0, max = 10_000) int seed) {
    INDArray x = data(k, d, n, seed);
    GaussianMixtureEm.Result r = GaussianMixtureEm.of(k, 40, 0, 0).fit(x, Rng.of(seed + 1));
    double[] ll = r.logLikelihood();
    double tol = 1e-12 * Math.abs(ll[ll.length - 1]);
    for (int t = 0; t < ll.length; t++) {
      assertEquals(ll[t], r.freeEnergyAfterE()[t], 1e-9, "F after E-step " + t);
      if (t > 0) {
        assertTrue(ll[t] >= ll[t - 1] - tol, "log p fell at " + t + ": " + ll[t - 1] + " -> " + ll[t]);
        // coordinate ascent: the M-step raises F, the E-step raises it again to log p
        assertTrue(r.freeEnergyAfterM()[t - 1] >= ll[t - 1] - tol, "M-step lowered F at " + t);
        assertTrue(ll[t] >= r.freeEnergyAfterM()[t - 1] - tol, "E-step lowered F at " + t);
      }
    }
  }
}
