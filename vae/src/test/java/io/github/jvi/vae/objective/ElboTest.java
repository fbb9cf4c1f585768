package io.github.jvi.vae.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.GradCheck;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.model.Vae;
import io.github.jvi.vae.model.VaeConfig;
import io.github.jvi.vae.nn.Params;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class ElboTest {
  private static final DataType D = DataType.DOUBLE;

  /** A tiny 4 x 4 model: few enough parameters for a full finite-difference check. */
  static VaeConfig tiny(VaeConfig.Net net, VaeConfig.PriorKind prior, VaeConfig.LikelihoodKind lik) {
    VaeConfig c = VaeConfig.defaults().withImage(4, 4).withLatentDim(2).withPrior(prior, 2).withLikelihood(lik, 0.3);
    return net == VaeConfig.Net.MLP ? c.withHidden(3) : c.withHidden(2, 2).withNet(net);
  }

  static INDArray data(VaeConfig c, int n, long seed) {
    INDArray u = Rng.of(seed).uniform(D, n, c.pixels());
    return c.likelihood() == VaeConfig.LikelihoodKind.BERNOULLI ? u.gt(0.5).castTo(D) : u;
  }

  private static void check(VaeConfig c, Objective objective) {
    Vae vae = Vae.create(c, D, Rng.of(1));
    INDArray x = data(c, 3, 2);
    INDArray[] init = vae.parameters().values().toArray(new INDArray[0]);
    // a fresh Rng with the same seed inside f: the same eps at every evaluation
    GradCheck.Result r = GradCheck.check(v -> objective.estimate(vae, Params.of(v), x, Rng.of(3)).loss(), init);
    assertTrue(r.passes(1e-6), c + " " + objective.name() + ": " + r);
  }

  // every prior x likelihood x network combination is checked in the verification suite
  // (VaeGradientChecks); here one MLP and one CNN variant guard the module on its own
  @Test
  void mlpElboPassesFiniteDifferences() {
    check(tiny(VaeConfig.Net.MLP, VaeConfig.PriorKind.MOG, VaeConfig.LikelihoodKind.GAUSSIAN), Elbo.beta(2));
  }

  @Test
  void cnnElboPassesFiniteDifferences() {
    check(tiny(VaeConfig.Net.CNN, VaeConfig.PriorKind.GAUSSIAN, VaeConfig.LikelihoodKind.BERNOULLI), Elbo.of());
  }

  @Test
  void betaWeightsOnlyTheKlTermOfTheLoss() {
    VaeConfig c = tiny(VaeConfig.Net.MLP, VaeConfig.PriorKind.GAUSSIAN, VaeConfig.LikelihoodKind.BERNOULLI);
    Vae vae = Vae.create(c, D, Rng.of(4));
    INDArray x = data(c, 6, 5);
    Estimate e1 = Elbo.of().estimate(vae, vae.parameters().constants(), x, Rng.of(6));
    Estimate e3 = Elbo.beta(3).estimate(vae, vae.parameters().constants(), x, Rng.of(6));
    double rec = e1.reconstruction().meanNumber().doubleValue();
    double kl = e1.kl().meanNumber().doubleValue();
    assertEquals(-(rec - kl), e1.loss().item(), 1e-12);
    assertEquals(-(rec - 3 * kl), e3.loss().item(), 1e-12);
    assertTrue(e3.bound().equalsWithEps(e1.bound(), 0), "the reported bound is the ELBO for every beta");
    assertTrue(kl > 0, "KL(q || p) > 0 for a random encoder");
  }
}
