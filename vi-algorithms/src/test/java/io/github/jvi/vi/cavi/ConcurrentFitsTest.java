package io.github.jvi.vi.cavi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.gpu.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Four CAVI fits run at once on four threads (two sequential, one on threads of its own, one on a
 * pool the test owns and shares with the fits' callers) give bit for bit what each gives alone and
 * sequentially, and leave ND4J's and BLAS's thread settings as they found them. Deterministic:
 * fixed seeds, no tolerance (every comparison is exact equality).
 */
class ConcurrentFitsTest {
  private static final BayesianGmm MODEL =
      BayesianGmm.of(3, 0.5, new double[] {0, 0}, 0.3, new double[][] {{0.5, 0.1}, {0.1, 0.5}}, 3);

  /** Thread settings visible through ND4J: libnd4j's max and master threads, BLAS's threads. */
  private static int[] nd4jThreadSettings() {
    return new int[] {Nd4j.getEnvironment().maxThreads(), Nd4j.getEnvironment().maxMasterThreads(),
        Nd4j.factory().blas().getMaxThreads()};
  }

  private static void sameFit(BayesianGmmFit expected, BayesianGmmFit found, String what) {
    assertArrayEquals(expected.elboTrace(), found.elboTrace(), 0.0, what + ": ELBO trace");
    assertArrayEquals(expected.alphas(), found.alphas(), 0.0, what + ": alphas");
    for (int k = 0; k < expected.components(); k++) {
      assertArrayEquals(expected.means()[k], found.means()[k], 0.0, what + ": mean " + k);
      for (int i = 0; i < expected.scales()[k].length; i++) {
        assertArrayEquals(expected.scales()[k][i], found.scales()[k][i], 0.0, what + ": scale " + k);
      }
    }
    assertTrue(expected.responsibilities().equalsWithEps(found.responsibilities(), 0.0), what + ": responsibilities");
  }

  @Test
  void fourConcurrentFitsMatchTheirSequentialRunsAndLeaveNd4jAlone() throws Exception {
    int[] before = nd4jThreadSettings();
    // 40000 points: 5 blocks of 8192, so the parallel settings really share blocks among threads
    INDArray[] data = new INDArray[4];
    for (int i = 0; i < 4; i++) {
      data[i] = MODEL.simulate(40_000, Rng.of(20 + i)).x();
    }
    ExecutorService shared = Executors.newFixedThreadPool(2);
    try {
      CaviOptions base = CaviOptions.defaults().withMaxIter(6).withInit(Init.RANDOM);
      CaviOptions[] settings = {base, base.withThreading(Threading.threads(3)),
          base.withThreading(Threading.on(shared, 3)), base};
      BayesianGmmFit[] alone = new BayesianGmmFit[4];
      for (int i = 0; i < 4; i++) {
        alone[i] = MODEL.fit(data[i], base, Rng.of(30 + i));
      }
      ExecutorService callers = Executors.newFixedThreadPool(4);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<BayesianGmmFit>> running = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          final int f = i;
          running.add(callers.submit(() -> {
            start.await();
            return MODEL.fit(data[f], settings[f], Rng.of(30 + f));
          }));
        }
        start.countDown();
        for (int i = 0; i < 4; i++) {
          sameFit(alone[i], running.get(i).get(5, TimeUnit.MINUTES), "fit " + i + " (" + settings[i].threading() + ")");
        }
      } finally {
        callers.shutdownNow();
      }
    } finally {
      shared.shutdownNow();
    }
    int[] after = nd4jThreadSettings();
    assertArrayEquals(before, after, "ND4J thread settings (max, master, BLAS) before and after");
  }
}
