package io.github.jvi.vae.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.GradCheck;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.Normal;
import io.github.jvi.core.kl.Kl;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.nn.Parameters;
import io.github.jvi.vae.nn.Params;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class LatentTest {
  private static final DataType D = DataType.DOUBLE;

  private static Var weightedSum(Var v, long seed) {
    return v.mul(Var.constant(Rng.of(seed).normal(D, v.shape()))).sum();
  }

  @Test
  void gaussianKlAndLogProbMatchTheCoreNormal() {
    Rng rng = Rng.of(1);
    INDArray mu = rng.normal(D, 4, 3);
    INDArray ls = rng.normal(D, 4, 3).muli(0.5);
    GaussianPosterior q = GaussianPosterior.of(Var.constant(mu), Var.constant(ls));
    Normal qn = Normal.of(mu, Transforms.exp(ls, true));
    Normal pn = Normal.of(Nd4j.zeros(D, 4, 3), Nd4j.ones(D, 4, 3));
    // reference: the core library's closed-form KL(Normal || Normal), summed over dimensions
    assertTrue(q.klStandardNormal().value().equalsWithEps(Kl.divergence(qn, pn).value().sum(1), 1e-12));
    INDArray z = rng.normal(D, 4, 3);
    assertTrue(q.logProb(Var.constant(z)).value().equalsWithEps(qn.logProb(z).value().sum(1), 1e-12));
    assertTrue(StandardGaussianPrior.of(3, D).logProb(null, Var.constant(z)).value()
        .equalsWithEps(pn.logProb(z).value().sum(1), 1e-12));
  }

  @Test
  void gaussianOpsPassFiniteDifferences() {
    Rng rng = Rng.of(2);
    INDArray mu = rng.normal(D, 3, 2);
    INDArray ls = rng.normal(D, 3, 2).muli(0.3);
    INDArray z = rng.normal(D, 3, 2);
    GradCheck.Result r = GradCheck.check(v -> weightedSum(GaussianPosterior.of(v[0], v[1]).klStandardNormal(), 3), mu, ls);
    assertTrue(r.passes(1e-6), "kl " + r);
    r = GradCheck.check(v -> weightedSum(GaussianPosterior.of(v[0], v[1]).logProb(v[2]), 4), mu, ls, z);
    assertTrue(r.passes(1e-6), "logProb " + r);
    r = GradCheck.check(v -> weightedSum(GaussianPosterior.of(v[0], v[1]).rsample(Rng.of(5)), 6), mu, ls);
    assertTrue(r.passes(1e-6), "rsample " + r);
    r = GradCheck.check(v -> weightedSum(GaussianPosterior.of(v[0], v[1]).repeat(3).rsample(Rng.of(5)), 6), mu, ls);
    assertTrue(r.passes(1e-6), "repeat " + r);
  }

  @Test
  void detachedPosteriorHasTheSameValuesAndNoGradient() {
    Var mu = Var.param(Nd4j.createFromArray(new double[][] {{0.5, -1}}));
    Var ls = Var.param(Nd4j.createFromArray(new double[][] {{0.1, -0.2}}));
    GaussianPosterior q = GaussianPosterior.of(mu, ls);
    Var z = Var.constant(Nd4j.createFromArray(new double[][] {{0.3, 0.3}}));
    assertEquals(q.logProb(z).item(), q.detach().logProb(z).item(), 0);
    assertTrue(!q.detach().logProb(z).requiresGrad());
  }

  @Test
  void repeatedPosteriorStacksCopiesInOrder() {
    INDArray mu = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
    Posterior r = GaussianPosterior.of(Var.constant(mu), Var.constant(Nd4j.zeros(D, 2, 2))).repeat(3);
    assertEquals(6, r.batchSize());
    assertEquals(3.0, r.mean().value().getDouble(3, 0));
    assertEquals(1.0, r.mean().value().getDouble(4, 0));
  }

  @Test
  void mixturePriorMatchesDirectSumAndSamplesHaveItsMean() {
    Parameters store = Parameters.of(D);
    MixturePrior prior = MixturePrior.of(store, 2, 3, Rng.of(8));
    store.value(0).assign(Nd4j.createFromArray(0.2, -0.5, 1.0));
    store.value(2).assign(Rng.of(9).normal(D, 3, 2).muli(0.4));
    Params p = store.constants();
    INDArray z = Rng.of(10).normal(D, 5, 2);
    INDArray got = prior.logProb(p, Var.constant(z)).value();
    double[] w = {0.2, -0.5, 1.0};
    double lse = Math.log(Math.exp(w[0]) + Math.exp(w[1]) + Math.exp(w[2]));
    for (int i = 0; i < 5; i++) {
      // reference: sum_k pi_k prod_j N(z_j; m_kj, s_kj^2) in plain double arithmetic
      double dens = 0;
      for (int k = 0; k < 3; k++) {
        double c = Math.exp(w[k] - lse);
        for (int j = 0; j < 2; j++) {
          double s = Math.exp(store.value(2).getDouble(k, j));
          double t = (z.getDouble(i, j) - store.value(1).getDouble(k, j)) / s;
          c *= Math.exp(-0.5 * t * t) / (s * Math.sqrt(2 * Math.PI));
        }
        dens += c;
      }
      assertEquals(Math.log(dens), got.getDouble(i), 1e-12);
    }
    GradCheck.Result r = GradCheck.check(v -> weightedSum(prior.logProb(Params.of(v[0], v[1], v[2]), v[3]), 11),
        store.value(0), store.value(1), store.value(2), z);
    assertTrue(r.passes(1e-6), r.toString());
    // E[z] = sum_k pi_k m_k; 40000 draws, each coordinate's sd < 3: 4 standard errors < 0.06
    INDArray draws = prior.sample(p, Rng.of(12), 40000);
    for (int j = 0; j < 2; j++) {
      double m = 0;
      for (int k = 0; k < 3; k++) {
        m += Math.exp(w[k] - lse) * store.value(1).getDouble(k, j);
      }
      assertEquals(m, draws.getColumn(j).meanNumber().doubleValue(), 0.06);
    }
  }
}
