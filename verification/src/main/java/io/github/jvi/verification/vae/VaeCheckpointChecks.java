package io.github.jvi.verification.vae;

import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.data.Dataset;
import io.github.jvi.vae.eval.Evaluator;
import io.github.jvi.vae.model.VaeConfig;
import io.github.jvi.vae.train.Checkpoint;
import io.github.jvi.vae.train.TrainConfig;
import io.github.jvi.vae.train.Trainer;
import io.github.jvi.vae.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model saved after training and loaded again gives the same test ELBO, bit for bit (same
 * evaluation seed), for every prior and likelihood, and training resumed from a checkpoint ends
 * with the same weights as uninterrupted training. Reference: the in-memory model.
 */
class VaeCheckpointChecks {
  private static Dataset data(int n, long seed, boolean binary) {
    INDArray u = Rng.of(seed).uniform(DataType.FLOAT, n, 16);
    INDArray x = binary ? u.lt(0.3).castTo(DataType.FLOAT) : u;
    return Dataset.of(x, new int[n], 4, 4);
  }

  @Test
  void reloadReproducesTheTestElboBitForBit() throws Exception {
    Path dir = Files.createTempDirectory("jvi-vae-checks");
    try {
      for (VaeConfig.PriorKind prior : VaeConfig.PriorKind.values()) {
        for (VaeConfig.LikelihoodKind lik : VaeConfig.LikelihoodKind.values()) {
          VaeConfig c = VaeConfig.defaults().withImage(4, 4).withLatentDim(2).withHidden(8).withPrior(prior, 3)
              .withLikelihood(lik, 0.3);
          boolean binary = lik == VaeConfig.LikelihoodKind.BERNOULLI;
          Path file = dir.resolve(prior.id() + "-" + lik.id() + ".zip");
          Trainer t = Trainer.start(c, new TrainConfig(1, 32, 1e-2, 3, 1.0, Integer.MAX_VALUE));
          t.train(data(200, 1, binary), file, TrainingListener.NONE);
          Dataset test = data(100, 2, binary);
          Evaluator.Result before = Evaluator.elbo(t.model(), test, 50, Rng.of(4));
          Evaluator.Result after = Evaluator.elbo(Checkpoint.load(file).model(), test, 50, Rng.of(4));
          Assertions.assertEquals(before, after, c.toString());
          Assertions.assertEquals(Evaluator.iwelbo(t.model(), test, 5, Rng.of(5)),
              Evaluator.iwelbo(Checkpoint.load(file).model(), test, 5, Rng.of(5)), 0.0);
        }
      }
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  @Test
  void resumedTrainingMatchesUninterruptedTraining() throws Exception {
    Path file = Files.createTempFile("jvi-vae-resume", ".zip");
    try {
      VaeConfig c = VaeConfig.defaults().withImage(4, 4).withLatentDim(2).withHidden(8).withPrior(VaeConfig.PriorKind.MOG, 2);
      TrainConfig t = new TrainConfig(3, 32, 1e-2, 6, 1.0, Integer.MAX_VALUE);
      Dataset d = data(150, 7, true);
      Trainer straight = Trainer.start(c, t);
      straight.train(d, null, TrainingListener.NONE);
      Trainer.start(c, t.withEpochs(2)).train(d, file, TrainingListener.NONE);
      Trainer resumed = Trainer.resume(Checkpoint.load(file), 3);
      resumed.train(d, null, TrainingListener.NONE);
      Assertions.assertEquals(straight.model().parameters().values(), resumed.model().parameters().values());
      Assertions.assertEquals(straight.history().get(2).elbo(), resumed.history().get(2).elbo(), 0.0);
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
