package io.github.jvi.vae.eval;

import io.github.jvi.core.special.Special;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.data.Dataset;
import io.github.jvi.vae.model.Vae;
import io.github.jvi.vae.nn.Params;
import io.github.jvi.vae.nn.Workspaces;
import java.util.Iterator;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import io.github.jvi.vae.objective.Elbo;
import io.github.jvi.vae.objective.Estimate;
import io.github.jvi.vae.objective.GradientEstimator;
import io.github.jvi.vae.objective.Iwae;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Test-set bounds on log p(x), averaged over examples (nats per example).
 *
 * <pre>
 * ELBO     = E_q[log p(x|z)] - KL(q(z|x) || p(z))              (one draw of z per example)
 * IWELBO_K = E[ log (1/K) sum_k p(x, z_k) / q(z_k|x) ],  z_k ~ q(z|x) iid   (Burda et al. 2016)
 * </pre>
 * ELBO &lt;= IWELBO_K &lt;= IWELBO_{K+1} &lt;= log p(x) in expectation, and IWELBO_K -&gt; log p(x) as
 * K grows. The K draws for a chunk of examples form one batch of K * n rows (chunks are sized to at
 * most {@value #MAX_ROWS} rows), not a loop over k; the log-weights are those of
 * {@link Iwae#logWeights}. Evaluation records no graph.
 */
@SuppressWarnings("try") // resources held only for their scope (workspaces, thread settings)
public final class Evaluator {
  /** Most rows (examples times importance samples) decoded at once. */
  public static final int MAX_ROWS = 16384;

  /** Mean bound and terms over a data set. */
  public record Result(double elbo, double reconstruction, double kl, int examples) {}

  private Evaluator() {}

  /**
   * The mean ELBO and its terms over {@code data}, in batches of {@code batchSize} (in the model's
   * evaluation mode: exact one-hot draws for categorical latents).
   */
  public static Result elbo(Vae vae, Dataset data, int batchSize, Rng rng) {
    return elboImpl(vae.forEvaluation(), data, batchSize, rng);
  }

  private static Result elboImpl(Vae vae, Dataset data, int batchSize, Rng rng) {
    Params p = vae.parameters().constants();
    Elbo objective = Elbo.of();
    double elbo = 0;
    double rec = 0;
    double kl = 0;
    Iterator<INDArray> it = data.batches(batchSize, null).iterator();
    while (it.hasNext()) {
      try (MemoryWorkspace ws = Workspaces.scope("jvi-vae-eval")) {
        Estimate e = objective.estimate(vae, p, it.next(), rng);
        elbo += e.bound().sumNumber().doubleValue();
        rec += e.reconstruction().sumNumber().doubleValue();
        kl += e.kl().sumNumber().doubleValue();
      }
    }
    int n = data.size();
    return new Result(elbo / n, rec / n, kl / n, n);
  }

  /** The mean IWELBO_K over {@code data}. */
  public static double iwelbo(Vae vae, Dataset data, int k, Rng rng) {
    return iwelboPerExample(vae, data.images(), k, rng).meanNumber().doubleValue();
  }

  /**
   * IWELBO_K of each row of {@code x} [n, D], as an [n] array, in the model's evaluation mode. Examples are taken in chunks of
   * about {@value #MAX_ROWS} / K; when K itself exceeds {@value #MAX_ROWS} (K = 5000 as in Burda et
   * al. fits, K = 10^5 does not), the K draws of one chunk are taken in passes of at most
   * {@value #MAX_ROWS} and their log-sum-exps combined, so memory stays bounded for any K.
   */
  public static INDArray iwelboPerExample(Vae vae, INDArray x, int k, Rng rng) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, found " + k);
    }
    return iwelboImpl(vae.forEvaluation(), x, k, rng);
  }

  private static INDArray iwelboImpl(Vae vae, INDArray x, int k, Rng rng) {
    Params p = vae.parameters().constants();
    int n = (int) x.size(0);
    int chunk = Math.max(1, MAX_ROWS / k);
    int perPass = Math.min(k, MAX_ROWS);
    INDArray out = Nd4j.create(p.dataType(), n);
    for (int start = 0; start < n; start += chunk) {
      int end = Math.min(n, start + chunk);
      try (MemoryWorkspace ws = Workspaces.scope("jvi-vae-iwelbo")) {
        INDArray xs = x.get(NDArrayIndex.interval(start, end), NDArrayIndex.all()).castTo(p.dataType());
        INDArray lse = null;
        for (int done = 0; done < k; done += perPass) {
          int kk = Math.min(perPass, k - done);
          INDArray part = Special.logSumExp(Iwae.logWeights(vae, p, xs, kk, rng, GradientEstimator.STANDARD).value(), 0);
          lse = lse == null ? part : Special.logSumExp(Nd4j.vstack(lse.reshape(1, -1), part.reshape(1, -1)), 0);
        }
        out.get(NDArrayIndex.interval(start, end)).assign(lse.subi(Math.log(k)));
      }
    }
    return out;
  }
}
