package io.github.jvi.core.distribution;

import io.github.jvi.core.autodiff.Var;

/**
 * A distribution of the form p(x | eta) = h(x) exp(eta . t(x) - A(eta)).
 *
 * <p>The natural parameter is a vector eta of k components per batch element, shape
 * {@code batchShape ++ [k]}. Identities that hold for every family (checked in verification):
 * grad A(eta) = E[t(x)] and the Fisher information F(eta) = Hessian of A(eta) = Cov[t(x)], the
 * covariance of the score.
 *
 * <p>The generic same-family KL, KL(p || q) = A(eta_q) - A(eta_p) - (eta_q - eta_p) . E_p[t], is
 * exact in exact arithmetic but loses relative accuracy as q -&gt; p: its terms are of the size of
 * A while the KL is of the size of |eta_q - eta_p|^2, so about 1e-16 |A| / KL of it is rounding
 * (for example 20% for Poisson rates 1e4 and 1e4 + 1e-3). jvi's registered KLs therefore do not
 * use it: each family has its own form without cancellation ({@code core.kl}). Use it for a new
 * family only where the parameters are not close, or verify it against an exact reference.
 */
public interface ExponentialFamily extends Distribution {
  /** eta, shape {@code batchShape ++ [k]}. */
  Var naturalParameters();

  /** t(x), shape {@code sampleShape ++ batchShape ++ [k]}. */
  Var sufficientStatistics(Var x);

  /** log h(x), shape {@code sampleShape ++ batchShape}. */
  Var logBaseMeasure(Var x);

  /** A(eta) as a differentiable function of a natural parameter of shape {@code batchShape ++ [k]}. */
  Var logNormalizer(Var eta);

  /** A(eta) at this distribution's natural parameters. */
  default Var logNormalizer() {
    return logNormalizer(naturalParameters());
  }

  /** grad A(eta) = E[t(x)] in closed form, shape {@code batchShape ++ [k]}. */
  Var expectedSufficientStatistics();

  /** F(eta) = Hessian of A = Cov[t(x)] in closed form, shape {@code batchShape ++ [k, k]}. */
  Var fisherInformation();
}
