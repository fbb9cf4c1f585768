package io.github.jvi.vae.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.data.Dataset;
import io.github.jvi.vae.eval.Evaluator;
import io.github.jvi.vae.model.Vae;
import io.github.jvi.vae.model.VaeConfig;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TrainerTest {
  @TempDir
  Path dir;

  /** 4 x 4 binary images: one of four bar prototypes with 5% of pixels flipped; label = prototype. */
  static Dataset bars(int n, long seed) {
    Rng rng = Rng.of(seed);
    float[] x = new float[n * 16];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      int k = rng.nextInt(4);
      y[i] = k;
      for (int r = 0; r < 4; r++) {
        for (int c = 0; c < 4; c++) {
          boolean on = k < 2 ? r == k * 2 || r == k * 2 + 1 : c == (k - 2) * 2 || c == (k - 2) * 2 + 1;
          if (rng.nextDouble() < 0.05) {
            on = !on;
          }
          x[i * 16 + r * 4 + c] = on ? 1f : 0f;
        }
      }
    }
    return Dataset.of(Nd4j.createFromArray(x).reshape(n, 16), y, 4, 4);
  }

  static VaeConfig tinyConfig() {
    return VaeConfig.defaults().withImage(4, 4).withLatentDim(2).withHidden(16);
  }

  static TrainConfig tinyTraining(int epochs) {
    return new TrainConfig(epochs, 32, 1e-2, 5, 1.0, Integer.MAX_VALUE);
  }

  @Test
  void trainingRaisesTheElboAndWritesACheckpointPerEpoch() {
    Path file = dir.resolve("m.zip");
    Trainer t = Trainer.start(tinyConfig(), tinyTraining(4));
    List<EpochStats> s = t.train(bars(512, 1), file, TrainingListener.NONE);
    assertEquals(4, s.size());
    // a 2-D latent explains the four prototypes: the ELBO must rise well above its first-epoch value
    assertTrue(s.get(3).elbo() > s.get(0).elbo() + 1, s.toString());
    assertEquals(s.get(3).elbo(), s.get(3).reconstruction() - s.get(3).kl(), 1e-6 * Math.abs(s.get(3).elbo()));
    Checkpoint c = Checkpoint.load(file);
    assertEquals(4, c.epoch());
    assertEquals(s, c.history());
    assertEquals(tinyConfig(), c.modelConfig());
    assertEquals(tinyTraining(4), c.trainConfig());
  }

  @Test
  void resumingGivesTheSameWeightsBitForBit() {
    Dataset data = bars(256, 2);
    Trainer straight = Trainer.start(tinyConfig(), tinyTraining(2));
    straight.train(data, null, TrainingListener.NONE);
    Path file = dir.resolve("half.zip");
    Trainer.start(tinyConfig(), tinyTraining(1)).train(data, file, TrainingListener.NONE);
    Trainer resumed = Trainer.resume(Checkpoint.load(file), 2);
    resumed.train(data, file, TrainingListener.NONE);
    for (int i = 0; i < straight.model().parameters().size(); i++) {
      assertEquals(straight.model().parameters().value(i), resumed.model().parameters().value(i),
          straight.model().parameters().name(i));
    }
    assertEquals(2, Checkpoint.load(file).epoch());
  }

  @Test
  void reloadedModelReproducesTheTestElboBitForBit() {
    Dataset data = bars(300, 3);
    Path file = dir.resolve("e.zip");
    Trainer t = Trainer.start(tinyConfig().withPrior(VaeConfig.PriorKind.MOG, 3), tinyTraining(1));
    t.train(data, file, TrainingListener.NONE);
    Evaluator.Result a = Evaluator.elbo(t.model(), data, 100, Rng.of(9));
    Evaluator.Result b = Evaluator.elbo(Checkpoint.load(file).model(), data, 100, Rng.of(9));
    assertEquals(a, b);
  }

  @Test
  void nanGuardStopsAndKeepsTheLastGoodCheckpoint() {
    Path file = dir.resolve("g.zip");
    Dataset good = bars(128, 4);
    Trainer.start(tinyConfig(), tinyTraining(1)).train(good, file, TrainingListener.NONE);
    Map<String, INDArray> before = Checkpoint.load(file).parameters();
    INDArray bad = good.images().dup();
    bad.putScalar(70, 5, Float.NaN);
    Dataset poisoned = Dataset.of(bad, good.labels(), 4, 4);
    Trainer t = Trainer.resume(Checkpoint.load(file), 3);
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> t.train(poisoned, file, TrainingListener.NONE));
    assertTrue(e.getMessage().contains("epoch 2") && e.getMessage().contains("NaN") && e.getMessage().contains(" of 4")
        && e.getMessage().contains(file + " still holds the last good epoch (1)"), e.getMessage());
    Checkpoint kept = Checkpoint.load(file);
    assertEquals(1, kept.epoch());
    assertEquals(before, kept.parameters());
    Trainer fresh = Trainer.start(tinyConfig(), tinyTraining(1));
    Path none = dir.resolve("none.zip");
    e = assertThrows(TrainingDivergedException.class, () -> fresh.train(poisoned, none, TrainingListener.NONE));
    assertTrue(e.getMessage().contains("was not written") && !Files.exists(none), e.getMessage());
  }

  @Test
  void damagedModelFilesAreRejectedNamingTheFile() throws Exception {
    Path file = dir.resolve("d.zip");
    Trainer.start(tinyConfig(), tinyTraining(1)).train(bars(64, 5), file, TrainingListener.NONE);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    String m = assertThrows(UncheckedIOException.class, () -> Checkpoint.load(file)).getMessage();
    assertTrue(m.contains(file.toString()), m);
    Path text = Files.writeString(dir.resolve("t.zip"), "not a model");
    m = assertThrows(UncheckedIOException.class, () -> Checkpoint.load(text)).getMessage();
    assertTrue(m.contains(text.toString()) && m.contains("not a jvi VAE model file"), m);
    m = assertThrows(UncheckedIOException.class, () -> Checkpoint.load(dir.resolve("missing.zip"))).getMessage();
    assertTrue(m.contains("missing.zip") && m.contains("no such file"), m);
  }

  @Test
  void checkpointRestoresEveryVariantItsConfigurationAndType() {
    for (VaeConfig c : new VaeConfig[] {
        tinyConfig().withLikelihood(VaeConfig.LikelihoodKind.GAUSSIAN, 0.2),
        tinyConfig().withLikelihood(VaeConfig.LikelihoodKind.CB, 0.1).withPrior(VaeConfig.PriorKind.MOG, 2),
        tinyConfig().withHidden(2, 3).withNet(VaeConfig.Net.CNN)}) {
      Vae vae = Vae.create(c, DataType.FLOAT, Rng.of(6));
      Path file = dir.resolve(c.net() + c.likelihood().id() + ".zip");
      Checkpoint.of(vae, tinyTraining(1), 0, null, List.of()).save(file);
      Vae back = Checkpoint.load(file).model();
      assertEquals(c, back.config());
      for (int i = 0; i < vae.parameters().size(); i++) {
        assertEquals(vae.parameters().value(i), back.parameters().value(i));
      }
    }
  }
}
