package io.github.jvi.core.kl;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.Beta;
import io.github.jvi.core.distribution.ContinuousBernoulli;
import io.github.jvi.core.distribution.Dirichlet;
import io.github.jvi.core.distribution.Exponential;
import io.github.jvi.core.distribution.ExponentialFamily;
import io.github.jvi.core.distribution.Gamma;
import io.github.jvi.core.distribution.MultivariateNormal;
import io.github.jvi.core.distribution.Normal;

/** Closed-form KL rules for the continuous families. */
final class ContinuousKl {
  private ContinuousKl() {}

  static void registerAll() {
    // KL(N(m1,s1^2) || N(m2,s2^2)) = log(s2/s1) + (s1^2 + (m1-m2)^2) / (2 s2^2) - 1/2
    Kl.register(Normal.class, Normal.class, (p, q) -> {
      var ratio = p.scale().div(q.scale());
      var diff = p.loc().sub(q.loc()).div(q.scale());
      return ratio.square().add(diff.square()).mul(0.5).sub(ratio.log()).sub(0.5);
    });
    Kl.register(MultivariateNormal.class, MultivariateNormal.class, ContinuousKl::mvn);
    // same-family exponential families: KL(p || q) = A(eta_q) - A(eta_p) - (eta_q - eta_p) . E_p[t(x)]
    Kl.register(Gamma.class, Gamma.class, ContinuousKl::exponentialFamily);
    Kl.register(Exponential.class, Exponential.class, ContinuousKl::exponentialFamily);
    Kl.register(Beta.class, Beta.class, ContinuousKl::exponentialFamily);
    Kl.register(Dirichlet.class, Dirichlet.class, ContinuousKl::exponentialFamily);
    // KL = log C_p - log C_q + E_p[x] (l_p - l_q) + log sigmoid(-l_p) - log sigmoid(-l_q)
    Kl.register(ContinuousBernoulli.class, ContinuousBernoulli.class, (p, q) ->
        p.logNormalizer().sub(q.logNormalizer()).add(p.mean().mul(p.logits().sub(q.logits())))
            .add(p.logits().neg().logSigmoid()).sub(q.logits().neg().logSigmoid()));
  }

  /**
   * KL(N(m1, S1) || N(m2, S2)) = (tr(S2^-1 S1) + (m2-m1)' S2^-1 (m2-m1) - d + log det S2 - log det S1) / 2,
   * with tr(S2^-1 S1) = |L2^-1 L1|_F^2 and the quadratic form by a triangular solve.
   */
  private static Var mvn(MultivariateNormal p, MultivariateNormal q) {
    if (p.dimension() != q.dimension()) {
      throw new IllegalArgumentException("KL(MultivariateNormal || MultivariateNormal) needs equal dimensions, found "
          + p.dimension() + " and " + q.dimension());
    }
    Var trace = q.traceInverseCovarianceTimes(p);
    Var quad = q.mahalanobis(p.loc());
    return trace.add(quad).sub(p.dimension()).mul(0.5).add(q.halfLogDet()).sub(p.halfLogDet());
  }

  /**
   * KL between two members of one exponential family (same t and h):
   * KL(p || q) = E_p[(eta_p - eta_q) . t(x) - A(eta_p) + A(eta_q)]
   * = A(eta_q) - A(eta_p) - (eta_q - eta_p) . grad A(eta_p), with grad A(eta_p) = E_p[t] in closed form.
   * For Gamma this is (a1 - a2) psi(a1) - log Gamma(a1) + log Gamma(a2) + a2 log(b1/b2) + a1 (b2 - b1)/b1;
   * for Beta and Dirichlet the usual digamma formulas.
   */
  private static Var exponentialFamily(ExponentialFamily p, ExponentialFamily q) {
    Var etaP = p.naturalParameters();
    Var etaQ = q.naturalParameters();
    Var inner = etaQ.sub(etaP).mul(p.expectedSufficientStatistics());
    return q.logNormalizer().sub(p.logNormalizer()).sub(inner.sum(inner.rank() - 1));
  }
}
