package io.github.jvi.vae.objective;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.objective.Iwelbo;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.model.Posterior;
import io.github.jvi.vae.model.Rows;
import io.github.jvi.vae.model.Vae;
import io.github.jvi.vae.nn.Params;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The importance-weighted autoencoder objective (Burda, Grosse &amp; Salakhutdinov 2016, eq. 8)
 * with k samples per example:
 *
 * <pre>
 * L_k(x_i) = log (1/k) sum_j w_ij,   w_ij = p(x_i | z_ij) p(z_ij) / q(z_ij | x_i),   z_ij ~ q(z | x_i)
 * loss     = -(1/n) sum_i L_k(x_i)
 * </pre>
 * L_1 is the ELBO (with the Monte Carlo KL), L_k &lt;= L_{k+1} &lt;= log p(x) in expectation
 * (their Theorem 1). The gradient is sum_j w~_ij grad log w_ij with the normalised weights
 * w~_ij = w_ij / sum_j' w_ij' (their eq. 14).
 *
 * <p>Batching: the k draws for a batch of n examples are one batch of k n rows, the posterior
 * repeated k times ({@link Posterior#repeat}, the order copy 1 of every example, copy 2, ...),
 * encoded once, decoded together; the log-weights are reshaped to [k, n] and reduced with the
 * stable log-sum-exp of {@link Iwelbo#fromLogWeights}. There is no loop over k.
 *
 * <p>Estimators: {@link GradientEstimator#STANDARD} differentiates log q(z|x) through both the
 * draw and q's parameters; {@link GradientEstimator#STL} detaches q's parameters inside log q
 * (Roeder, Wu &amp; Duvenaud 2017, who apply it to the IWAE in their experiments). For k &gt; 1
 * the STL gradient of the IWAE bound is biased: the dropped score terms are weighted by the
 * normalised importance weights, whose expectation is no longer zero (Tucker, Lawson, Gu &amp;
 * Maddison 2019, "Doubly reparameterized gradient estimators"); for k = 1 it is the unbiased STL
 * ELBO gradient.
 *
 * <p>For latents whose log q or log p are not densities of the draw (the relaxed categorical
 * latent, where both are the categorical log-probabilities evaluated at the relaxed sample), the
 * weights are those of the relaxed objective; with exact one-hot draws (evaluation) they are exact.
 */
public final class Iwae implements Objective {
  private final int k;
  private final GradientEstimator estimator;

  private Iwae(int k, GradientEstimator estimator) {
    this.k = k;
    this.estimator = estimator;
  }

  /** The IWAE bound with k &gt;= 1 samples and the standard gradient. */
  public static Iwae of(int k) {
    return of(k, GradientEstimator.STANDARD);
  }

  /** The IWAE bound with k &gt;= 1 samples and the given gradient estimator. */
  public static Iwae of(int k, GradientEstimator estimator) {
    Check.atLeast("k", k, 1);
    if (estimator == null) {
      throw new IllegalArgumentException("estimator must be given, found null");
    }
    return new Iwae(k, estimator);
  }

  /** The number of importance samples k. */
  public int k() {
    return k;
  }

  /** The gradient estimator. */
  public GradientEstimator estimator() {
    return estimator;
  }

  @Override
  public String name() {
    return "iwae" + k + (estimator == GradientEstimator.STL ? "-stl" : "");
  }

  @Override
  public Estimate estimate(Vae vae, Params p, INDArray x, Rng rng) {
    INDArray xt = x.castTo(p.dataType());
    Var bound = Iwelbo.fromLogWeights(logWeights(vae, p, xt, k, rng, estimator));
    return new Estimate(bound.mean().neg(), bound.value(), null, null);
  }

  /**
   * The log importance weights log p(x_i | z_ij) + log p(z_ij) - log q(z_ij | x_i) of k draws per
   * example of x [n, D], as a [k, n] graph value (one batch of k n rows; see the class comment).
   * With {@link GradientEstimator#STL}, log q is taken with q's parameters detached.
   */
  public static Var logWeights(Vae vae, Params p, INDArray x, int k, Rng rng, GradientEstimator estimator) {
    Check.atLeast("k", k, 1);
    INDArray xt = x.castTo(p.dataType());
    long n = xt.size(0);
    Posterior q = vae.encode(p, xt).repeat(k);
    Var z = q.rsample(rng);
    INDArray xk = Rows.tile(xt, k);
    Var logPx = vae.likelihood().logProb(p, vae.decode(p, z), xk);
    Var logQ = (estimator == GradientEstimator.STL ? q.detach() : q).logProb(z);
    return logPx.add(vae.prior().logProb(p, z)).sub(logQ).reshape(k, n);
  }
}
