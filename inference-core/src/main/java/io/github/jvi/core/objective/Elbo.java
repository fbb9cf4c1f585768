package io.github.jvi.core.objective;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.Distribution;
import io.github.jvi.core.distribution.Reparameterized;
import io.github.jvi.core.kl.Kl;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;

/**
 * The evidence lower bound L(q) = E_q[log p(x, z) - log q(z)] &lt;= log p(x), with equality iff q is
 * the posterior (Jordan et al. 1999; Blei, Kucukelbir &amp; McAuliffe 2017, eq. 13).
 *
 * <p>Two estimators, both averaging S draws z_s ~ q (reparameterised when q allows it, so the
 * estimate is differentiable in q's parameters; otherwise the value only):
 * <ul>
 *   <li>{@link #estimate(LogJoint, Distribution, int, Rng)}: (1/S) sum_s [log p(x, z_s) - log q(z_s)];</li>
 *   <li>{@link #estimate(LogJoint, Distribution, Distribution, int, Rng)} with the prior split off:
 *       (1/S) sum_s log p(x | z_s) - KL(q || p(z)), the KL in closed form (lower variance; Kingma
 *       &amp; Welling 2014, eq. 7).</li>
 * </ul>
 */
public final class Elbo {
  private Elbo() {}

  /** Draws z ~ q with shape [S] ++ q's shapes, reparameterised when possible. */
  static Var draw(Distribution q, int samples, Rng rng) {
    Check.atLeast("samples", samples, 1);
    return q instanceof Reparameterized r ? r.rsample(rng, samples) : Var.constant(q.sample(rng, samples));
  }

  /** (1/S) sum_s [log p(x, z_s) - log q(z_s)], shape q's batch shape. */
  public static Var estimate(LogJoint logJoint, Distribution q, int samples, Rng rng) {
    Var z = draw(q, samples, rng);
    return logJoint.apply(z).sub(q.logProb(z)).mean(0);
  }

  /**
   * (1/S) sum_s log p(x | z_s) - KL(q || prior), the KL in closed form.
   *
   * @param logLikelihood log p(x | z) per draw
   * @throws IllegalArgumentException if no closed-form KL is registered for (q, prior)
   */
  public static Var estimate(LogJoint logLikelihood, Distribution q, Distribution prior, int samples, Rng rng) {
    Var kl = Kl.divergence(q, prior);
    Var z = draw(q, samples, rng);
    return logLikelihood.apply(z).mean(0).sub(kl);
  }
}
