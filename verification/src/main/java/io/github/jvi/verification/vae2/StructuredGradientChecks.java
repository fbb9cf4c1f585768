package io.github.jvi.verification.vae2;

import io.github.jvi.core.autodiff.GradCheck;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.model.LatentConfig;
import io.github.jvi.vae.model.Vae;
import io.github.jvi.vae.model.VaeConfig;
import io.github.jvi.vae.nn.Params;
import io.github.jvi.vae.objective.Elbo;
import io.github.jvi.vae.objective.Iwae;
import io.github.jvi.vae.objective.Objective;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The loss gradient of every new objective and latent structure (the IWAE bound for every latent
 * and prior, the ELBO of the categorical, Gaussian-mixture and hierarchical latents, with the
 * MLP and, for the categorical latent, the CNN) agrees with float64 central differences of the
 * same loss at every parameter. Reference: the finite-difference quotient with h = 1e-6 (error
 * about 1e-8 here), tolerance 1e-6 relative; the draws are fixed by the seed, so the loss is a
 * smooth function of the parameters. The straight-through estimator is excluded by design: its
 * gradient is not the derivative of its (piecewise constant) value. The STL estimators are
 * checked in {@link StlProperties}.
 */
class StructuredGradientChecks {
  private static final DataType D = DataType.DOUBLE;

  private static void passes(VaeConfig c, Objective objective, long seed) {
    passes(Vae.create(c, D, Rng.of(seed)), objective, seed);
  }

  private static void passes(Vae vae, Objective objective, long seed) {
    VaeConfig c = vae.config();
    INDArray x = Rng.of(seed + 1).uniform(D, 3, c.pixels()).gt(0.5).castTo(D);
    INDArray[] init = vae.parameters().values().toArray(new INDArray[0]);
    GradCheck.Result r = GradCheck.check(v -> objective.estimate(vae, Params.of(v), x, Rng.of(seed + 2)).loss(), init);
    Assertions.assertTrue(r.passes(1e-6), c.latent().kind() + "/" + c.prior() + " " + objective.name() + ": " + r);
  }

  @Test
  void iwaeForEveryLatent() {
    long seed = 200;
    passes(StlProperties.tiny(LatentConfig.Kind.GAUSSIAN, VaeConfig.PriorKind.GAUSSIAN), Iwae.of(3), seed++);
    passes(StlProperties.tiny(LatentConfig.Kind.GAUSSIAN, VaeConfig.PriorKind.MOG), Iwae.of(3), seed++);
    passes(StlProperties.tiny(LatentConfig.Kind.CATEGORICAL, VaeConfig.PriorKind.GAUSSIAN), Iwae.of(3), seed++);
    passes(StlProperties.tiny(LatentConfig.Kind.GM, VaeConfig.PriorKind.GAUSSIAN), Iwae.of(3), seed++);
    passes(StlProperties.tiny(LatentConfig.Kind.HIERARCHICAL, VaeConfig.PriorKind.GAUSSIAN), Iwae.of(3), seed++);
  }

  @Test
  void elboOfTheStructuredLatents() {
    long seed = 300;
    for (LatentConfig.Kind k : new LatentConfig.Kind[] {LatentConfig.Kind.CATEGORICAL, LatentConfig.Kind.GM,
        LatentConfig.Kind.HIERARCHICAL}) {
      passes(StlProperties.tiny(k, VaeConfig.PriorKind.GAUSSIAN), Elbo.of(), seed++);
    }
    // annealed to the floor tau = 0.3: the relaxed draw is sharper, the derivative still exact
    VaeConfig cold = StlProperties.tiny(LatentConfig.Kind.CATEGORICAL, VaeConfig.PriorKind.GAUSSIAN);
    Vae vae = Vae.create(cold.withLatent(cold.latent().withAnnealing(1.0, 0.3, 1)), D, Rng.of(310)).atTrainingStep(100);
    passes(vae, Elbo.beta(2), 311);
  }

  @Test
  void categoricalLatentWithTheCnn() {
    VaeConfig c = VaeConfig.defaults().withImage(4, 4).withLatentDim(2).withHidden(2, 2).withNet(VaeConfig.Net.CNN)
        .withLatent(LatentConfig.defaults().withKind(LatentConfig.Kind.CATEGORICAL).withCategories(3));
    passes(c, Elbo.of(), 400);
  }
}
