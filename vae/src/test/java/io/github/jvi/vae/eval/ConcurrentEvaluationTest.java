package io.github.jvi.vae.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.data.Dataset;
import io.github.jvi.vae.model.LatentConfig;
import io.github.jvi.vae.model.Vae;
import io.github.jvi.vae.model.VaeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One categorical-latent model evaluated from four threads at once (two ELBOs, two IWELBOs, the
 * model's step and evaluation views in use at the same time) gives bit for bit what each gives
 * alone: nothing in the model is switched during evaluation. ND4J's thread settings are unchanged.
 * Deterministic: fixed seeds, exact comparisons.
 */
class ConcurrentEvaluationTest {
  @Test
  void fourConcurrentEvaluationsOfOneModelMatchTheirSequentialRuns() throws Exception {
    int[] before = {Nd4j.getEnvironment().maxThreads(), Nd4j.getEnvironment().maxMasterThreads(),
        Nd4j.factory().blas().getMaxThreads()};
    VaeConfig c = VaeConfig.defaults().withImage(4, 4).withLatentDim(2).withHidden(8)
        .withLatent(LatentConfig.defaults().withKind(LatentConfig.Kind.CATEGORICAL).withCategories(3)
            .withAnnealing(1e-2, 0.5, 1));
    Vae vae = Vae.create(c, DataType.DOUBLE, Rng.of(1));
    INDArray x = Rng.of(2).uniform(DataType.DOUBLE, 200, 16).lt(0.3).castTo(DataType.DOUBLE);
    Dataset data = Dataset.of(x, new int[200], 4, 4);
    Vae late = vae.atTrainingStep(5000); // a relaxed view at another temperature, used meanwhile
    double[] alone = {Evaluator.elbo(vae, data, 50, Rng.of(3)).elbo(), Evaluator.iwelbo(vae, data, 8, Rng.of(4)),
        Evaluator.elbo(late, data, 50, Rng.of(5)).elbo(), Evaluator.iwelbo(late, data, 8, Rng.of(6))};
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Double>> running = new ArrayList<>();
      running.add(pool.submit(() -> {
        start.await();
        return Evaluator.elbo(vae, data, 50, Rng.of(3)).elbo();
      }));
      running.add(pool.submit(() -> {
        start.await();
        return Evaluator.iwelbo(vae, data, 8, Rng.of(4));
      }));
      running.add(pool.submit(() -> {
        start.await();
        return Evaluator.elbo(late, data, 50, Rng.of(5)).elbo();
      }));
      running.add(pool.submit(() -> {
        start.await();
        return Evaluator.iwelbo(late, data, 8, Rng.of(6));
      }));
      start.countDown();
      for (int i = 0; i < 4; i++) {
        assertEquals(alone[i], running.get(i).get(5, TimeUnit.MINUTES), 0.0, "evaluation " + i);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1.0, ((io.github.jvi.vae.model.CategoricalPosterior) vae.encode(vae.parameters().constants(),
        x.getRows(0, 1))).temperature(), 0.0, "the model itself is still at step 0");
    int[] after = {Nd4j.getEnvironment().maxThreads(), Nd4j.getEnvironment().maxMasterThreads(),
        Nd4j.factory().blas().getMaxThreads()};
    assertArrayEquals(before, after, "ND4J thread settings (max, master, BLAS)");
  }
}
