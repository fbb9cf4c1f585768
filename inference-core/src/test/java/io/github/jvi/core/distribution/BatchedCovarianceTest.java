package io.github.jvi.core.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.Gradients;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.kl.Kl;
import io.github.jvi.core.special.Special;
import io.github.jvi.gpu.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * MultivariateNormal with a batch of covariances: every quantity equals the one of the member
 * built alone (the reference), and a mixture of full-covariance Gaussians is a MixtureSameFamily.
 * Deterministic (fixed seeds); the one Monte Carlo check is at 5 standard errors over 6 means
 * (failure chance about 4e-6 if the seed were drawn anew).
 */
class BatchedCovarianceTest {
  private static final double[][] MEANS = {{0, 1}, {-2, 0.5}, {3, -1}};
  private static final double[][][] COVS = {{{1, 0.3}, {0.3, 2}}, {{0.5, -0.2}, {-0.2, 0.4}}, {{3, 1}, {1, 1}}};

  private static MultivariateNormal batch() {
    return MultivariateNormal.of(Nd4j.createFromArray(MEANS), Nd4j.createFromArray(COVS));
  }

  private static MultivariateNormal member(int k) {
    return MultivariateNormal.of(Nd4j.createFromArray(MEANS[k]), Nd4j.createFromArray(COVS[k]));
  }

  @Test
  void everyQuantityIsThatOfTheMemberAlone() {
    MultivariateNormal b = batch();
    assertArrayEquals(new long[] {3}, b.batchShape());
    assertTrue(b.batchedCovariance());
    INDArray x = Nd4j.createFromArray(new double[][] {{0.5, 0.5}, {-1, 2}, {2, -2}, {0, 0}}); // [4, 2]
    // points [4, 1, 2] against the batch [3]: log densities [4, 3]
    INDArray lp = b.logProb(Var.constant(x.reshape(4, 1, 2))).value();
    assertArrayEquals(new long[] {4, 3}, lp.shape());
    double[] entropy = b.entropy().value().toDoubleVector();
    double[] half = b.halfLogDet().value().toDoubleVector();
    for (int k = 0; k < 3; k++) {
      MultivariateNormal m = member(k);
      double[] expected = m.logProb(Var.constant(x)).value().toDoubleVector();
      for (int n = 0; n < 4; n++) {
        assertEquals(expected[n], lp.getDouble(n, k), 1e-13, "logProb point " + n + " member " + k);
      }
      assertEquals(m.entropy().item(), entropy[k], 1e-14);
      assertEquals(m.halfLogDet().item(), half[k], 1e-14);
      INDArray cov = b.covariance().value().get(NDArrayIndex.point(k), NDArrayIndex.all(), NDArrayIndex.all());
      assertTrue(cov.equalsWithEps(Nd4j.createFromArray(COVS[k]), 1e-14), "covariance " + k);
      assertArrayEquals(m.variance().value().toDoubleVector(),
          b.variance().value().getRow(k).toDoubleVector(), 1e-14);
    }
  }

  @Test
  void klBetweenBatchesIsMemberwise() {
    MultivariateNormal p = batch();
    MultivariateNormal q = MultivariateNormal.of(Nd4j.zeros(DataType.DOUBLE, 2), Nd4j.eye(2).castTo(DataType.DOUBLE));
    double[] kl = Kl.divergence(p, q).value().toDoubleVector();
    double[] back = Kl.divergence(q, p).value().toDoubleVector();
    assertEquals(3, kl.length);
    for (int k = 0; k < 3; k++) {
      assertEquals(Kl.divergence(member(k), q).item(), kl[k], 1e-13, "KL(p_k || q)");
      assertEquals(Kl.divergence(q, member(k)).item(), back[k], 1e-13, "KL(q || p_k)");
    }
  }

  @Test
  void aMixtureOfFullCovarianceGaussians() {
    double[] w = {0.2, 0.5, 0.3};
    MixtureSameFamily mix = MixtureSameFamily.of(Categorical.ofProbs(w), batch());
    INDArray x = Nd4j.createFromArray(new double[][] {{0.5, 0.5}, {-1, 2}, {2, -2}});
    double[] lp = mix.logProb(Var.constant(x)).value().toDoubleVector();
    for (int n = 0; n < 3; n++) {
      double[] terms = new double[3];
      for (int k = 0; k < 3; k++) {
        terms[k] = Math.log(w[k]) + member(k).logProb(Var.constant(x.getRow(n))).item();
      }
      assertEquals(Special.logSumExp(terms), lp[n], 1e-13, "point " + n);
    }
    // draws: mean of the mixture within 5 standard errors
    int draws = 40_000;
    INDArray s = mix.sample(Rng.of(11), draws);
    assertArrayEquals(new long[] {draws, 2}, s.shape());
    double[] mean = mix.mean().value().toDoubleVector();
    double[] var = mix.variance().value().toDoubleVector();
    for (int i = 0; i < 2; i++) {
      assertEquals(mean[i], s.getColumn(i).meanNumber().doubleValue(), 5 * Math.sqrt(var[i] / draws), "mean " + i);
    }
  }

  @Test
  void gradientsReachEveryMembersCovariance() {
    Var cov = Var.param(Nd4j.createFromArray(COVS));
    MultivariateNormal b = MultivariateNormal.of(Var.constant(Nd4j.createFromArray(MEANS)), cov);
    Var lp = b.logProb(Var.constant(Nd4j.createFromArray(new double[] {0.5, 0.5}))).sum();
    INDArray g = Gradients.of(lp).get(cov);
    for (int k = 0; k < 3; k++) {
      Var ck = Var.param(Nd4j.createFromArray(COVS[k]));
      Var lk = MultivariateNormal.of(Var.constant(Nd4j.createFromArray(MEANS[k])), ck)
          .logProb(Var.constant(Nd4j.createFromArray(new double[] {0.5, 0.5})));
      INDArray gk = Gradients.of(lk).get(ck);
      assertTrue(g.get(NDArrayIndex.point(k), NDArrayIndex.all(), NDArrayIndex.all()).equalsWithEps(gk, 1e-12),
          "gradient of member " + k);
    }
  }

  @Test
  void badMembersAreNamed() {
    double[][][] bad = {{{1, 0}, {0, 1}}, {{1, 2}, {2, 1}}};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MultivariateNormal.of(Nd4j.zeros(DataType.DOUBLE, 2, 2), Nd4j.createFromArray(bad)));
    assertTrue(e.getMessage().contains("cov[1]"), e.getMessage());
    double[][][] upper = {{{1, 0}, {0, 1}}, {{1, 0.5}, {0, 1}}};
    e = assertThrows(IllegalArgumentException.class,
        () -> MultivariateNormal.ofScaleTril(Nd4j.zeros(DataType.DOUBLE, 2), Nd4j.createFromArray(upper)));
    assertTrue(e.getMessage().contains("member 1") && e.getMessage().contains("lower triangular"), e.getMessage());
  }
}
