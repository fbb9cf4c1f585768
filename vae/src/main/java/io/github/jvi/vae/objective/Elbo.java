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
 * KL_i is the closed form when the prior has one for the posterior (standard Gaussian), else the
 * single-sample estimate log q(z_i|x_i) - log p(z_i) at the same z_i (mixture prior).
 */
public final class Elbo implements Objective {
  private final double beta;

  private Elbo(double beta) {
    this.beta = beta;
  }

  /** The ELBO (beta = 1). */
  public static Elbo of() {
    return new Elbo(1.0);
  }

  /** The beta-ELBO; beta &gt;= 0 and finite. */
  public static Elbo beta(double beta) {
    Check.nonNegative("beta", beta);
    return new Elbo(beta);
  }

  /** The KL weight. */
  public double betaValue() {
    return beta;
  }

  @Override
  public String name() {
    return beta == 1.0 ? "elbo" : "beta-elbo(" + beta + ")";
  }

  @Override
  public Estimate estimate(Vae vae, Params p, INDArray x, Rng rng) {
    INDArray xt = x.castTo(p.dataType());
    Posterior q = vae.encode(p, xt);
    Var z = q.rsample(rng);
    Var rec = vae.likelihood().logProb(p, vae.decode(p, z), xt);
    Var kl = vae.prior().closedFormKl(p, q);
    if (kl == null) {
      kl = q.logProb(z).sub(vae.prior().logProb(p, z));
    }
    Var loss = (beta == 1.0 ? rec.sub(kl) : rec.sub(kl.mul(beta))).mean().neg();
    INDArray bound = rec.value().sub(kl.value());
    return new Estimate(loss, bound, rec.value(), kl.value());
  }
}
