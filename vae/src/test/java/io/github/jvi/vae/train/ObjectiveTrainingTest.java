package io.github.jvi.vae.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.data.Dataset;
import io.github.jvi.vae.eval.Evaluator;
import io.github.jvi.vae.model.CategoricalPosterior;
import io.github.jvi.vae.model.LatentConfig;
import io.github.jvi.vae.model.VaeConfig;
import io.github.jvi.vae.objective.GradientEstimator;
import io.github.jvi.vae.objective.ObjectiveKind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training with the IWAE and STL objectives and the structured latents, on the 4 x 4 bars. */
class ObjectiveTrainingTest {
  @TempDir
  Path dir;

  private static VaeConfig config(LatentConfig.Kind kind) {
    return TrainerTest.tinyConfig().withLatent(LatentConfig.defaults().withKind(kind).withCategories(4).withTopDim(2)
        .withAnnealing(1e-3, 0.5, 10));
  }

  @Test
  void everyLatentAndObjectiveRaisesTheBound() {
    Dataset data = TrainerTest.bars(256, 1);
    Object[][] runs = {
        {LatentConfig.Kind.GAUSSIAN, ObjectiveKind.IWAE, 5, GradientEstimator.STANDARD, 4},
        {LatentConfig.Kind.GAUSSIAN, ObjectiveKind.ELBO, 1, GradientEstimator.STL, 4},
        {LatentConfig.Kind.CATEGORICAL, ObjectiveKind.ELBO, 1, GradientEstimator.STANDARD, 10},
        {LatentConfig.Kind.GM, ObjectiveKind.ELBO, 1, GradientEstimator.STANDARD, 4},
        {LatentConfig.Kind.HIERARCHICAL, ObjectiveKind.IWAE, 3, GradientEstimator.STL, 4},
    };
    for (Object[] r : runs) {
      int epochs = (int) r[4];
      TrainConfig t = TrainerTest.tinyTraining(epochs)
          .withObjective((ObjectiveKind) r[1], (int) r[2], (GradientEstimator) r[3]);
      Trainer trainer = Trainer.start(config((LatentConfig.Kind) r[0]), t);
      List<EpochStats> s = trainer.train(data, null, TrainingListener.NONE);
      String what = r[0] + " " + trainer.config().makeObjective().name() + ": " + s;
      // four prototypes with 5% noise: a few epochs lift the training bound by several nats (the
      // categorical latent starts slower: its KL stays near 0 for about 5 epochs at tau near 1)
      assertTrue(s.get(epochs - 1).elbo() > s.get(0).elbo() + 1, what);
      double test = Evaluator.elbo(trainer.model(), TrainerTest.bars(200, 2), 100, Rng.of(3)).elbo();
      assertTrue(Double.isFinite(test) && test < 0, what + " test ELBO " + test);
    }
  }

  @Test
  void theTrainerAnnealsTheTemperatureByGlobalStep() {
    // 256 images in batches of 32: 8 steps per epoch; after 3 epochs the last step was t = 23,
    // so tau = max(0.5, exp(-1e-3 * 20)) with the interval of 10 steps
    Trainer trainer = Trainer.start(config(LatentConfig.Kind.CATEGORICAL), TrainerTest.tinyTraining(3));
    trainer.train(TrainerTest.bars(256, 4), null, TrainingListener.NONE);
    CategoricalPosterior q = (CategoricalPosterior) trainer.model()
        .encode(trainer.model().parameters().leaves(), TrainerTest.bars(2, 5).images());
    assertEquals(Math.exp(-0.02), q.temperature(), 1e-15);
  }

  @Test
  void checkpointsKeepTheObjectiveAndTheLatent() {
    Path file = dir.resolve("iwae.zip");
    TrainConfig t = TrainerTest.tinyTraining(1).withObjective(ObjectiveKind.IWAE, 4, GradientEstimator.STL);
    Dataset data = TrainerTest.bars(128, 6);
    Trainer.start(config(LatentConfig.Kind.HIERARCHICAL), t).train(data, file, TrainingListener.NONE);
    Checkpoint c = Checkpoint.load(file);
    assertEquals(t, c.trainConfig());
    assertEquals(config(LatentConfig.Kind.HIERARCHICAL), c.modelConfig());
    Trainer resumed = Trainer.resume(c, 2);
    assertEquals("iwae4-stl", resumed.config().makeObjective().name());
    // resuming reproduces a straight two-epoch run bit for bit (same objective, same streams)
    resumed.train(data, null, TrainingListener.NONE);
    Trainer straight = Trainer.start(config(LatentConfig.Kind.HIERARCHICAL), t.withEpochs(2));
    straight.train(data, null, TrainingListener.NONE);
    for (int i = 0; i < straight.model().parameters().size(); i++) {
      assertTrue(straight.model().parameters().value(i).equalsWithEps(resumed.model().parameters().value(i), 0),
          straight.model().parameters().name(i));
    }
  }

  @Test
  void invalidObjectiveSettingsAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainerTest.tinyTraining(1).withObjective(ObjectiveKind.ELBO, 5, GradientEstimator.STANDARD));
    assertTrue(e.getMessage().contains("5"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new TrainConfig(1, 32, 1e-3, 0, 2.0, 100, ObjectiveKind.IWAE, 5, GradientEstimator.STANDARD));
    assertThrows(IllegalArgumentException.class, () -> ObjectiveKind.of("vimco"));
  }
}
