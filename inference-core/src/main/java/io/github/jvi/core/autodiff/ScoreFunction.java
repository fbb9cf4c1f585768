package io.github.jvi.core.autodiff;

/**
 * The score-function (REINFORCE, likelihood-ratio) surrogate: a value whose reverse-mode gradient
 * is an unbiased estimate of the gradient of an expectation over draws that carry no gradient
 * (Williams 1992, "Simple statistical gradient-following algorithms for connectionist
 * reinforcement learning", Machine Learning 8; Ranganath, Gerrish &amp; Blei 2014, "Black box
 * variational inference", AISTATS, eq. 3).
 *
 * <p>For x ~ s_lambda drawn without gradient and a per-draw value f(x; theta, lambda),
 * <pre>
 * d/d(theta, lambda) E_{x ~ s_lambda}[f(x)] = E[grad f(x)] + E[f(x) grad_lambda log s_lambda(x)]
 * surrogate(x) = f(x) + (log s(x) - detach(log s(x))) * detach(f(x))
 * </pre>
 * The surrogate's value is f(x) (the second term is exactly zero) and its gradient is
 * grad f(x) + f(x) grad log s(x), whose expectation is the left-hand side. {@code detach} is
 * {@link Var#detach()}: the value with no gradient flowing back.
 *
 * <p>Callers may drop from f a term whose gradient has mean zero, such as -log s_lambda(x)
 * (E[grad_lambda log s_lambda] = 0): pass f with that term detached. The estimator stays
 * unbiased and usually has lower variance.
 */
public final class ScoreFunction {
  private ScoreFunction() {}

  /**
   * f + (logDensity - detach(logDensity)) * detach(f), element-wise (one entry per draw).
   *
   * @param logDensity log s(x) of the draws under the distribution they came from, differentiable
   *     in its parameters
   * @param f the per-draw value; shapes broadcast
   */
  public static Var surrogate(Var logDensity, Var f) {
    if (!logDensity.requiresGrad()) {
      return f;
    }
    return f.add(logDensity.sub(logDensity.detach()).mul(f.detach()));
  }
}
