package io.github.jvi.core.objective;

import io.github.jvi.core.autodiff.ScoreFunction;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.Distribution;
import io.github.jvi.core.distribution.Reparameterized;
import io.github.jvi.gpu.Rng;
import io.github.jvi.gpu.kernel.Kernels;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The importance-weighted lower bound (Burda, Grosse &amp; Salakhutdinov 2015, eq. 8):
 * L_K = E[log (1/K) sum_k w_k], w_k = p(x, z_k) / q(z_k), z_k ~ q independently.
 *
 * <p>L_1 is the ELBO, L_K &lt;= L_{K+1} &lt;= log p(x) (their Theorem 1), and L_K -&gt; log p(x) as
 * K grows when the weights are bounded. Computed in log space with a stable log-sum-exp over the
 * K draws.
 */
public final class Iwelbo {
  private Iwelbo() {}

  /**
   * log (1/K) sum_k exp(logW_k) over dimension 0 of {@code logWeights} ([K] ++ batch). For a
   * [K, n] array this is one node: the column soft-max of {@link Kernels#softmaxColumns} gives
   * the maximum m, the sum s of exp(logW - m) in [1, K] and the normalised weights, so the value
   * is m + log s - log K and its gradient the weights times g (one pass, no temporaries).
   */
  public static Var fromLogWeights(Var logWeights) {
    long k = logWeights.shape()[0];
    if (logWeights.rank() != 2) {
      return logWeights.logSumExp(0).sub(Math.log(k));
    }
    INDArray w = logWeights.value().dup('c'); // becomes the normalised weights
    long n = w.size(1);
    INDArray max = Nd4j.createUninitialized(w.dataType(), n);
    INDArray sum = Nd4j.createUninitialized(w.dataType(), n);
    Kernels.softmaxColumns(w, max, sum);
    INDArray out = Transforms.log(sum, false).addi(max).subi(Math.log(k));
    return Var.op(out, g -> new INDArray[] {w.mulRowVector(g.reshape(1, n))}, logWeights);
  }

  /**
   * One draw of L_K (K samples from q), shape q's batch shape. Its gradient is pathwise when q is
   * {@link Reparameterized}; otherwise it is the score-function surrogate of {@link ScoreFunction}
   * for the joint density of the K draws: with L = log (1/K) sum_k w_k,
   * <pre>
   * surrogate = L + (sum_k log q(z_k) - detach(sum_k log q(z_k))) * detach(L)
   * grad = grad L + L sum_k grad log q(z_k)
   * </pre>
   * which is unbiased (Williams 1992; Mnih &amp; Rezende 2016 derive lower-variance VIMCO
   * baselines for it, not implemented here). Unlike the ELBO's, no term of grad L has mean zero
   * here, so none is dropped.
   */
  public static Var estimate(LogJoint logJoint, Distribution q, int k, Rng rng) {
    Var z = Elbo.draw(q, k, rng);
    Var logQ = q.logProb(z);
    Var bound = fromLogWeights(logJoint.apply(z).sub(logQ));
    return q instanceof Reparameterized ? bound : ScoreFunction.surrogate(logQ.sum(0), bound);
  }
}
