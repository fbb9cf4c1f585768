package io.github.jvi.core.objective;

import io.github.jvi.core.autodiff.ScoreFunction;
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
 * <p>Two estimators, both averaging S draws z_s ~ q:
 * <ul>
 *   <li>{@link #estimate(LogJoint, Distribution, int, Rng)}: (1/S) sum_s [log p(x, z_s) - log q(z_s)];</li>
 *   <li>{@link #estimate(LogJoint, Distribution, Distribution, int, Rng)} with the prior split off:
 *       (1/S) sum_s log p(x | z_s) - KL(q || p(z)), the KL in closed form (lower variance; Kingma
 *       &amp; Welling 2014, eq. 7).</li>
 * </ul>
 *
 * <p><b>Gradients.</b> The value is the estimate above in both cases; its gradient in q's
 * parameters lambda (and in any parameters theta of the log joint) is an unbiased estimate of the
 * ELBO's gradient:
 * <ul>
 *   <li>q {@link Reparameterized}: the pathwise gradient through z_s = g(lambda, eps_s) (Kingma &amp;
 *       Welling 2014; Rezende et al. 2014);</li>
 *   <li>otherwise (discrete q, mixtures, any family without {@code rsample}) the score-function
 *       (REINFORCE) estimator of Williams (1992) and Ranganath, Gerrish &amp; Blei (2014, eq. 3),
 *       built as the surrogate of {@link ScoreFunction}: with z_s drawn without gradient and
 *       f_s = log p(x, z_s) - log q(z_s),
 *       <pre>
 * surrogate_s = log p(x, z_s) - detach(log q(z_s)) + (log q(z_s) - detach(log q(z_s))) * detach(f_s)
 * grad = (1/S) sum_s [grad_theta log p(x, z_s) + f_s grad_lambda log q(z_s)]
 *       </pre>
 *       (the term -grad_lambda log q(z_s), of mean zero, is dropped). With the KL split off, f_s
 *       is log p(x | z_s) and the closed-form KL is differentiated directly. The estimator is
 *       unbiased but its variance grows with |f|; use many draws or control variates.</li>
 * </ul>
 * Before this, a non-reparameterised q gave the gradient of (1/S) sum_s [log p - log q] at
 * constant draws, -(1/S) sum_s grad log q(z_s): zero-mean noise, not the ELBO's gradient.
 */
public final class Elbo {
  private Elbo() {}

  /** Draws z ~ q with shape [S] ++ q's shapes, reparameterised when possible. */
  static Var draw(Distribution q, int samples, Rng rng) {
    Check.atLeast("samples", samples, 1);
    return q instanceof Reparameterized r ? r.rsample(rng, samples) : Var.constant(q.sample(rng, samples));
  }

  /**
   * (1/S) sum_s [log p(x, z_s) - log q(z_s)], shape q's batch shape; its gradient is the pathwise
   * one for a reparameterised q, the score-function surrogate's otherwise (see the class comment).
   */
  public static Var estimate(LogJoint logJoint, Distribution q, int samples, Rng rng) {
    Var z = draw(q, samples, rng);
    Var logQ = q.logProb(z);
    Var logP = logJoint.apply(z);
    if (q instanceof Reparameterized) {
      return logP.sub(logQ).mean(0);
    }
    return ScoreFunction.surrogate(logQ, logP.sub(logQ.detach())).mean(0);
  }

  /**
   * (1/S) sum_s log p(x | z_s) - KL(q || prior), the KL in closed form; for a q that is not
   * reparameterised the likelihood term's gradient is the score-function surrogate's,
   * (1/S) sum_s [grad log p(x | z_s) + log p(x | z_s) grad log q(z_s)].
   *
   * @param logLikelihood log p(x | z) per draw
   * @throws IllegalArgumentException if no closed-form KL is registered for (q, prior)
   */
  public static Var estimate(LogJoint logLikelihood, Distribution q, Distribution prior, int samples, Rng rng) {
    Var kl = Kl.divergence(q, prior);
    Var z = draw(q, samples, rng);
    Var logLik = logLikelihood.apply(z);
    if (!(q instanceof Reparameterized)) {
      logLik = ScoreFunction.surrogate(q.logProb(z), logLik);
    }
    return logLik.mean(0).sub(kl);
  }
}
