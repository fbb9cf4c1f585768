package io.github.jvi.vae.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.data.Dataset;
import io.github.jvi.vae.model.Vae;
import io.github.jvi.vae.model.VaeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class EvaluatorTest {
  @TempDir
  Path dir;

  private static Dataset randomBinary(int n, long seed) {
    INDArray x = Rng.of(seed).uniform(DataType.FLOAT, n, 16).lt(0.3).castTo(DataType.FLOAT);
    return Dataset.of(x, new int[n], 4, 4);
  }

  @Test
  void iwelboGrowsWithKAndBoundsTheElbo() {
    Vae vae = Vae.create(VaeConfig.defaults().withImage(4, 4).withLatentDim(2).withHidden(8), DataType.DOUBLE, Rng.of(1));
    Dataset data = randomBinary(400, 2);
    double elbo = Evaluator.elbo(vae, data, 100, Rng.of(3)).elbo();
    double k1 = Evaluator.iwelbo(vae, data, 1, Rng.of(4));
    double k10 = Evaluator.iwelbo(vae, data, 10, Rng.of(5));
    double k100 = Evaluator.iwelbo(vae, data, 100, Rng.of(6));
    // IWELBO_1 and the ELBO have the same expectation; their 400-example means differ by Monte Carlo
    // error only (the per-example sd of log w is below 3 nats here: 4 standard errors < 0.6)
    assertEquals(elbo, k1, 0.6);
    // the gaps between K = 1, 10, 100 for an untrained encoder are several nats, far above that error
    assertTrue(k1 < k10 && k10 < k100, k1 + " " + k10 + " " + k100);
  }

  @Test
  void chunkedImportanceSamplesEqualOneBatch() {
    Vae vae = Vae.create(VaeConfig.defaults().withImage(4, 4).withLatentDim(2).withHidden(8), DataType.DOUBLE, Rng.of(7));
    INDArray x = randomBinary(Evaluator.MAX_ROWS / 1000 * 3 + 5, 8).images();
    // k = 1000: chunks of 16 examples; the per-example values must not depend on the chunk layout
    INDArray all = Evaluator.iwelboPerExample(vae, x, 1000, Rng.of(9));
    assertEquals(x.size(0), all.length());
    assertTrue(Double.isFinite(all.sumNumber().doubleValue()));
    INDArray first = Evaluator.iwelboPerExample(vae, x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 16),
        org.nd4j.linalg.indexing.NDArrayIndex.all()), 1000, Rng.of(9));
    assertTrue(first.equalsWithEps(all.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 16)), 0));
  }

  @Test
  void pcaProjectionIsAnIsometryOnAPlanarSet() {
    // points on a plane in R^4 spanned by two orthonormal vectors: projecting onto the top two
    // principal components keeps every pairwise distance (reference: the distances in R^4)
    Rng rng = Rng.of(10);
    int n = 50;
    INDArray coef = rng.normal(DataType.DOUBLE, n, 2).mulRowVector(Nd4j.createFromArray(3.0, 1.0));
    INDArray basis = Nd4j.createFromArray(new double[][] {{0.5, 0.5, 0.5, 0.5}, {0.5, -0.5, 0.5, -0.5}});
    INDArray z = coef.mmul(basis).addRowVector(Nd4j.createFromArray(1.0, 2.0, 3.0, 4.0));
    double[][] p = Plots.project2d(z);
    for (int i = 0; i < n; i += 7) {
      for (int j = i + 1; j < n; j += 5) {
        double d4 = z.getRow(i).distance2(z.getRow(j));
        double d2 = Math.hypot(p[i][0] - p[j][0], p[i][1] - p[j][1]);
        assertEquals(d4, d2, 1e-9);
      }
    }
    double v1 = 0;
    double v2 = 0;
    for (double[] row : p) {
      v1 += row[0] * row[0];
      v2 += row[1] * row[1];
    }
    assertTrue(v1 > v2, "the first component carries the most variance");
  }

  @Test
  void imagesAndPosteriorPlotsAreWritten() throws Exception {
    Vae vae = Vae.create(VaeConfig.defaults().withImage(4, 4).withLatentDim(3).withHidden(8), DataType.FLOAT, Rng.of(11));
    INDArray s = Plots.generate(vae, 10, false, Rng.of(12));
    assertEquals(10, s.size(0));
    assertEquals(s.length(), s.eq(0).castTo(DataType.INT).sumNumber().longValue() + s.eq(1).castTo(DataType.INT).sumNumber().longValue(), "Bernoulli samples are binary");
    INDArray m = Plots.generate(vae, 10, true, Rng.of(12));
    assertTrue(m.minNumber().doubleValue() > 0 && m.maxNumber().doubleValue() < 1, "means are probabilities");
    Path grid = Plots.sampleGrid(vae, 9, true, Rng.of(13), dir.resolve("g.png"));
    Dataset data = Dataset.of(Rng.of(14).uniform(DataType.FLOAT, 30, 16), new int[30], 4, 4);
    Path post = Plots.posteriorPlot(vae, data, "posterior", dir.resolve("p.png"));
    assertTrue(Files.size(grid) > 100 && Files.size(post) > 1000);
  }
}
