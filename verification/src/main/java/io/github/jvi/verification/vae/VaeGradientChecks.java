package io.github.jvi.verification.vae;

import io.github.jvi.core.autodiff.GradCheck;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.model.Vae;
import io.github.jvi.vae.model.VaeConfig;
import io.github.jvi.vae.nn.Params;
import io.github.jvi.vae.objective.Elbo;
import io.github.jvi.vae.objective.Objective;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The loss gradient of every VAE variant (prior x likelihood x network, and the beta-ELBO) agrees
 * with float64 central differences of the same loss at every parameter. Reference: the
 * finite-difference quotient with h = 1e-6 (error O(h^2) + O(eps/h), about 1e-8 here); tolerance
 * 1e-6 relative. The noise of the reparameterised draw is fixed (same seed at every evaluation),
 * so the loss is a deterministic smooth function of the parameters (ReLU kinks are hit with
 * probability zero).
 */
class VaeGradientChecks {
  private static final DataType D = DataType.DOUBLE;

  static VaeConfig tiny(VaeConfig.Net net, VaeConfig.PriorKind prior, VaeConfig.LikelihoodKind lik) {
    VaeConfig c = VaeConfig.defaults().withImage(4, 4).withLatentDim(2).withPrior(prior, 2).withLikelihood(lik, 0.3);
    return net == VaeConfig.Net.MLP ? c.withHidden(3) : c.withHidden(2, 2).withNet(net);
  }

  private static void passes(VaeConfig c, Objective objective, long seed) {
    Vae vae = Vae.create(c, D, Rng.of(seed));
    INDArray u = Rng.of(seed + 1).uniform(D, 3, c.pixels());
    INDArray x = c.likelihood() == VaeConfig.LikelihoodKind.BERNOULLI ? u.gt(0.5).castTo(D) : u;
    INDArray[] init = vae.parameters().values().toArray(new INDArray[0]);
    GradCheck.Result r = GradCheck.check(v -> objective.estimate(vae, Params.of(v), x, Rng.of(seed + 2)).loss(), init);
    Assertions.assertTrue(r.passes(1e-6), c + " " + objective.name() + ": " + r);
  }

  @Test
  void everyPriorAndLikelihoodWithTheMlp() {
    long seed = 10;
    for (VaeConfig.PriorKind prior : VaeConfig.PriorKind.values()) {
      for (VaeConfig.LikelihoodKind lik : VaeConfig.LikelihoodKind.values()) {
        passes(tiny(VaeConfig.Net.MLP, prior, lik), Elbo.of(), seed++);
      }
    }
  }

  @Test
  void betaElbo() {
    passes(tiny(VaeConfig.Net.MLP, VaeConfig.PriorKind.GAUSSIAN, VaeConfig.LikelihoodKind.BERNOULLI), Elbo.beta(4), 30);
    passes(tiny(VaeConfig.Net.MLP, VaeConfig.PriorKind.MOG, VaeConfig.LikelihoodKind.CB), Elbo.beta(0.5), 31);
  }

  @Test
  void convolutionalNetworks() {
    passes(tiny(VaeConfig.Net.CNN, VaeConfig.PriorKind.GAUSSIAN, VaeConfig.LikelihoodKind.BERNOULLI), Elbo.of(), 40);
    passes(tiny(VaeConfig.Net.CNN, VaeConfig.PriorKind.MOG, VaeConfig.LikelihoodKind.GAUSSIAN_FIXED), Elbo.of(), 41);
  }
}
