package io.github.jvi.vae.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.GradCheck;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.eval.Evaluator;
import io.github.jvi.vae.model.LinearGaussianVae;
import io.github.jvi.vae.model.Vae;
import io.github.jvi.vae.model.VaeConfig;
import io.github.jvi.vae.nn.Params;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class IwaeTest {
  private static final DataType D = DataType.DOUBLE;

  /** p(x|z) = N(W z + b, 0.5^2 I) with orthogonal columns of W: the exact posterior is diagonal. */
  static LinearGaussianVae linearGaussian() {
    INDArray w = Nd4j.createFromArray(new double[][] {{0.8, 0}, {0.8, 0}, {0, 1.2}, {0, -1.2}});
    return LinearGaussianVae.of(w, Nd4j.createFromArray(0.1, -0.2, 0.3, 0.0), 0.5, D);
  }

  @Test
  void oneSampleIsTheMonteCarloElbo() {
    // with the MoG prior the ELBO uses the single-sample KL estimate: the same draw, the same value
    VaeConfig c = ElboTest.tiny(VaeConfig.Net.MLP, VaeConfig.PriorKind.MOG, VaeConfig.LikelihoodKind.BERNOULLI);
    Vae vae = Vae.create(c, D, Rng.of(1));
    INDArray x = ElboTest.data(c, 5, 2);
    Params p = vae.parameters().constants();
    Estimate iw = Iwae.of(1).estimate(vae, p, x, Rng.of(3));
    Estimate el = Elbo.of().estimate(vae, p, x, Rng.of(3));
    assertTrue(iw.bound().equalsWithEps(el.bound(), 1e-12), iw.bound() + " vs " + el.bound());
    assertEquals(el.loss().item(), iw.loss().item(), 1e-12);
  }

  @Test
  void boundIsTheLogMeanOfTheBatchedWeights() {
    VaeConfig c = ElboTest.tiny(VaeConfig.Net.MLP, VaeConfig.PriorKind.GAUSSIAN, VaeConfig.LikelihoodKind.BERNOULLI);
    Vae vae = Vae.create(c, D, Rng.of(4));
    INDArray x = ElboTest.data(c, 3, 5);
    Params p = vae.parameters().constants();
    int k = 6;
    INDArray lw = Iwae.logWeights(vae, p, x, k, Rng.of(6), GradientEstimator.STANDARD).value();
    assertEquals(k, lw.size(0));
    INDArray bound = Iwae.of(k).estimate(vae, p, x, Rng.of(6)).bound();
    for (int i = 0; i < 3; i++) {
      // reference: log((1/k) sum_j exp(lw_ji)) in plain double arithmetic
      double s = 0;
      for (int j = 0; j < k; j++) {
        s += Math.exp(lw.getDouble(j, i));
      }
      assertEquals(Math.log(s / k), bound.getDouble(i), 1e-12);
    }
    // row j of the [k, n] weights is draw j of every example: the same example's weights differ
    // across rows (independent draws), and each equals a one-example computation with the same noise
    assertTrue(lw.getDouble(0, 0) != lw.getDouble(1, 0));
  }

  @Test
  void exactPosteriorMakesEveryWeightTheEvidence() {
    LinearGaussianVae m = linearGaussian();
    m.setExactPosterior();
    INDArray x = Rng.of(7).normal(D, 5, 4);
    INDArray logPx = m.logEvidence(x);
    Params p = m.vae().parameters().constants();
    INDArray lw = Iwae.logWeights(m.vae(), p, x, 4, Rng.of(8), GradientEstimator.STANDARD).value();
    for (int j = 0; j < 4; j++) {
      // log p(x, z) - log q(z|x) = log p(x) for every z when q is the posterior (reference: the
      // closed-form Gaussian evidence N(x; b, W W^T + sigma^2 I) of the core MultivariateNormal)
      assertTrue(lw.getRow(j).equalsWithEps(logPx, 1e-10), lw.getRow(j) + " vs " + logPx);
    }
    // the same through the evaluator, with more draws per example than one pass holds, so that
    // the passes' log-sum-exps are combined
    int k = Evaluator.MAX_ROWS + 1000;
    INDArray iw = Evaluator.iwelboPerExample(m.vae(), x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1),
        org.nd4j.linalg.indexing.NDArrayIndex.all()), k, Rng.of(9));
    assertEquals(logPx.getDouble(0), iw.getDouble(0), 1e-9);
  }

  @Test
  void gradientsPassFiniteDifferences() {
    // the MoG prior: log p(z) has learnable parameters too (other variants: verification suite)
    VaeConfig c = ElboTest.tiny(VaeConfig.Net.MLP, VaeConfig.PriorKind.MOG, VaeConfig.LikelihoodKind.BERNOULLI)
        .withHidden(3);
    Vae vae = Vae.create(c, D, Rng.of(10));
    INDArray x = ElboTest.data(c, 3, 11);
    INDArray[] init = vae.parameters().values().toArray(new INDArray[0]);
    Iwae objective = Iwae.of(4);
    // a fresh Rng with the same seed inside f: the same draws at every evaluation
    GradCheck.Result r = GradCheck.check(v -> objective.estimate(vae, Params.of(v), x, Rng.of(12)).loss(), init);
    assertTrue(r.passes(1e-6), r.toString());
  }

  @Test
  void validatesItsArguments() {
    assertThrows(IllegalArgumentException.class, () -> Iwae.of(0));
    assertThrows(IllegalArgumentException.class, () -> Iwae.of(2, null));
    assertEquals("iwae5-stl", Iwae.of(5, GradientEstimator.STL).name());
    assertEquals(GradientEstimator.STL, GradientEstimator.of("stl"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GradientEstimator.of("reinforce"));
    assertTrue(e.getMessage().contains("reinforce"));
  }
}
