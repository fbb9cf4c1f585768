package io.github.jvi.core.kl;

import io.github.jvi.core.autodiff.Fused;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.Beta;
import io.github.jvi.core.distribution.ContinuousBernoulli;
import io.github.jvi.core.distribution.Dirichlet;
import io.github.jvi.core.distribution.Exponential;
import io.github.jvi.core.distribution.Gamma;
import io.github.jvi.core.distribution.MultivariateNormal;
import io.github.jvi.core.distribution.Normal;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Closed-form KL rules for the continuous families, in the forms of {@link NearKl} that keep their
 * relative accuracy as q -&gt; p (the textbook forms below lose it: their large terms cancel).
 *
 * <pre>
 * Normal               log(s2/s1) + (s1^2 + (m1-m2)^2) / (2 s2^2) - 1/2
 * MultivariateNormal   (tr(S2^-1 S1) + (m2-m1)' S2^-1 (m2-m1) - d + log det S2 - log det S1) / 2
 * Gamma                (a1 - a2) psi(a1) - log Gamma(a1) + log Gamma(a2) + a2 log(b1/b2) + a1 (b2 - b1)/b1
 * Exponential          log(l1/l2) + l2/l1 - 1
 * Beta, Dirichlet      log B(a2) - log B(a1) + sum_i (a1_i - a2_i) (psi(a1_i) - psi(sum a1))
 * ContinuousBernoulli  A(l2) - A(l1) - (l2 - l1) E_p[x],  A(l) = log((e^l - 1)/l)
 * </pre>
 * These are what the generic exponential-family form A(eta_q) - A(eta_p) - (eta_q - eta_p) .
 * E_p[t] gives; none of the registered rules evaluates that form any more.
 */
final class ContinuousKl {
  private ContinuousKl() {}

  static void registerAll() {
    Kl.register(Normal.class, Normal.class, (p, q) ->
        Fused.map(NearKl::normal, new Var[] {p.loc(), p.scale(), q.loc(), q.scale()}));
    Kl.register(MultivariateNormal.class, MultivariateNormal.class, ContinuousKl::mvn);
    Kl.register(Gamma.class, Gamma.class, (p, q) ->
        Fused.map(NearKl::gamma, new Var[] {p.concentration(), p.rate(), q.concentration(), q.rate()}));
    Kl.register(Exponential.class, Exponential.class, (p, q) ->
        Fused.map(NearKl::exponential, new Var[] {p.rate(), q.rate()}));
    Kl.register(Beta.class, Beta.class, (p, q) ->
        Fused.map(NearKl::beta, new Var[] {p.alpha(), p.beta(), q.alpha(), q.beta()}));
    Kl.register(Dirichlet.class, Dirichlet.class, (p, q) -> Fused.rows(
        (r, g) -> NearKl.dirichlet(r[0], r[1], g[0], g[1]), new Var[] {p.concentration(), q.concentration()}));
    Kl.register(ContinuousBernoulli.class, ContinuousBernoulli.class, (p, q) -> {
      Var[] logits = {p.logits(), q.logits()};
      if (!p.fromLogits() && !q.fromLogits()) {
        return Fused.map(NearKl::cbProbs, logits, p.probs().value(), q.probs().value());
      }
      return Fused.map(NearKl::cbLogits, logits);
    });
  }

  /**
   * KL(N(m1, L1 L1') || N(m2, L2 L2')) = (|E|_F^2 - 2 sum_i log1pmx(E_ii) + |L2^-1 (m1 - m2)|^2) / 2
   * with E = L2^-1 (L1 - L2), so that L2^-1 L1 = I + E: tr(S2^-1 S1) - d = |E|_F^2 + 2 tr E and
   * log det(S2^-1 S1) = 2 sum log1p(E_ii). Each term is &gt;= 0 and E is formed from the difference
   * of the factors, so the value keeps its relative accuracy as L1 -&gt; L2. When both were given
   * covariances ({@code of(loc, cov)}), the factors' rounding (about 1e-16 |S| backward) would
   * bound the accuracy to 1e-16 / (relative difference of the covariances), so the first two
   * terms' value is taken instead from G = L2^-1 (S1 - S2) L2^-T as tr G - log det(I + G)
   * ({@link NearKl#traceMinusLogDet}), with the gradient of the factor form. Batches of covariances
   * (C ++ [d, d]) are taken member by member in the textbook form, without that guarantee.
   */
  private static Var mvn(MultivariateNormal p, MultivariateNormal q) {
    if (p.dimension() != q.dimension()) {
      throw new IllegalArgumentException("KL(MultivariateNormal || MultivariateNormal) needs equal dimensions, found "
          + p.dimension() + " and " + q.dimension());
    }
    if (p.batchedCovariance() || q.batchedCovariance()) {
      // batches of covariances: member by member, in the textbook form
      // (tr(S2^-1 S1) + |L2^-1 (m1 - m2)|^2 - d) / 2 + log det L2 - log det L1
      Var trace = q.traceInverseCovarianceTimes(p);
      Var quad = q.mahalanobis(p.loc());
      return trace.add(quad).sub(p.dimension()).mul(0.5).add(q.halfLogDet()).sub(p.halfLogDet());
    }
    Var e = q.solveScaleTril(p.scaleTril().sub(q.scaleTril()));
    Var eye = Var.constant(Nd4j.eye(p.dimension()).castTo(e.dataType()));
    Var diag = e.mul(eye).sum(1);
    Var quad = q.mahalanobis(p.loc());
    Var spread = e.square().sum().sub(NearKl.log1pmxOf(diag).sum().mul(2.0));
    double[][] g = q.whitenedCovarianceDifference(p);
    if (g != null) {
      // both from covariances: the value from their difference (the factors' rounding would
      // dominate it), the gradient through the factors (the same function of the covariances)
      INDArray accurate = Nd4j.scalar(NearKl.traceMinusLogDet(g)).castTo(spread.dataType());
      spread = Var.op(accurate, gOut -> new INDArray[] {gOut}, spread);
    }
    return spread.add(quad).mul(0.5);
  }
}
