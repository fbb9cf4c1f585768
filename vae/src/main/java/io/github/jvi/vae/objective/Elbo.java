package io.github.jvi.vae.objective;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.model.Posterior;
import io.github.jvi.vae.model.Vae;
import io.github.jvi.vae.nn.Params;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The evidence lower bound with one reparameterised sample per example (Kingma &amp; Welling 2014,
 * estimator B), and its beta-weighted form (Higgins et al. 2017):
 *
 * <pre>
 * ELBO_i   = log p(x_i | z_i) - KL(q(z|x_i) || p(z)),   z_i = mu_i + sigma_i eps_i
 * loss     = -(1/n) sum_i [ log p(x_i | z_i) - beta KL_i ]
 * </pre>
 * KL_i is the prior's {@link io.github.jvi.vae.model.Prior#klTerm}: the closed form when the
 * prior has one for the posterior (standard Gaussian, uniform categorical), else the single-sample
 * estimate log q(z_i|x_i) - log p(z_i) at the same z_i (mixture prior), or partly analytic terms
 * (hierarchical and Gaussian-mixture latents).
 *
 * <p>With the {@link GradientEstimator#STL} estimator (Roeder, Wu &amp; Duvenaud 2017,
 * Algorithm 2) the KL term is {@link io.github.jvi.vae.model.Prior#klTermPathwise}: log q(z_i|x_i)
 * with q's parameters detached, minus log p(z_i); z_i keeps its reparameterisation path. The
 * gradient is unbiased for the same ELBO and, when q(z|x) is the exact posterior, zero for the
 * encoder at every draw.
 */
public final class Elbo implements Objective {
  private final double beta;
  private final GradientEstimator estimator;

  private Elbo(double beta, GradientEstimator estimator) {
    this.beta = beta;
    this.estimator = estimator;
  }

  /** The ELBO (beta = 1). */
  public static Elbo of() {
    return new Elbo(1.0, GradientEstimator.STANDARD);
  }

  /** The ELBO with the given gradient estimator. */
  public static Elbo of(GradientEstimator estimator) {
    return beta(1.0, estimator);
  }

  /** The beta-ELBO; beta &gt;= 0 and finite. */
  public static Elbo beta(double beta) {
    return beta(beta, GradientEstimator.STANDARD);
  }

  /** The beta-ELBO with the given gradient estimator; beta &gt;= 0 and finite. */
  public static Elbo beta(double beta, GradientEstimator estimator) {
    Check.nonNegative("beta", beta);
    if (estimator == null) {
      throw new IllegalArgumentException("estimator must be given, found null");
    }
    return new Elbo(beta, estimator);
  }

  /** The gradient estimator. */
  public GradientEstimator estimator() {
    return estimator;
  }

  /** The KL weight. */
  public double betaValue() {
    return beta;
  }

  @Override
  public String name() {
    String base = beta == 1.0 ? "elbo" : "beta-elbo(" + beta + ")";
    return estimator == GradientEstimator.STL ? base + "-stl" : base;
  }

  @Override
  public Estimate estimate(Vae vae, Params p, INDArray x, Rng rng) {
    INDArray xt = x.castTo(p.dataType());
    Posterior q = vae.encode(p, xt);
    Var z = q.rsample(rng);
    Var rec = vae.likelihood().logProb(p, vae.decode(p, z), xt);
    Var kl = estimator == GradientEstimator.STL ? vae.prior().klTermPathwise(p, q, z) : vae.prior().klTerm(p, q, z);
    Var loss = (beta == 1.0 ? rec.sub(kl) : rec.sub(kl.mul(beta))).mean().neg();
    INDArray bound = rec.value().sub(kl.value());
    return new Estimate(loss, bound, rec.value(), kl.value());
  }
}
