package io.github.jvi.core.kl;

import io.github.jvi.core.autodiff.ScoreFunction;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.Distribution;
import io.github.jvi.core.distribution.Reparameterized;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * KL(p || q) = E_p[log p(x) - log q(x)].
 *
 * <p>{@link #divergence} looks up a closed form registered for the exact pair of classes (as
 * PyTorch's {@code register_kl}); an unregistered pair throws an exception naming both types.
 * {@link #monteCarlo} estimates any pair from draws of p, with standard error sd / sqrt(n); its
 * gradient is unbiased in both distributions' parameters (pathwise when p is reparameterised, the
 * score-function estimator otherwise).
 */
public final class Kl {
  private record Pair(Class<?> p, Class<?> q) {}

  private static final Map<Pair, BiFunction<Distribution, Distribution, Var>> RULES = new ConcurrentHashMap<>();

  static {
    ContinuousKl.registerAll();
    DiscreteKl.registerAll();
  }

  private Kl() {}

  /** Registers a closed form for KL(P || Q); replaces an earlier one for the same pair. */
  @SuppressWarnings("unchecked")
  public static <P extends Distribution, Q extends Distribution> void register(Class<P> p, Class<Q> q,
      BiFunction<? super P, ? super Q, Var> rule) {
    RULES.put(new Pair(p, q), (a, b) -> ((BiFunction<P, Q, Var>) rule).apply((P) a, (Q) b));
  }

  /** Whether a closed form is registered for this pair of types. */
  public static boolean hasClosedForm(Class<?> p, Class<?> q) {
    return RULES.containsKey(new Pair(p, q));
  }

  /**
   * KL(p || q) in closed form, shape the broadcast of the batch shapes.
   *
   * @throws IllegalArgumentException if no closed form is registered for the pair of types
   */
  public static Var divergence(Distribution p, Distribution q) {
    BiFunction<Distribution, Distribution, Var> rule = RULES.get(new Pair(p.getClass(), q.getClass()));
    if (rule == null) {
      throw new IllegalArgumentException("no closed-form KL registered for KL(" + p.getClass().getSimpleName()
          + " || " + q.getClass().getSimpleName() + "); use Kl.monteCarlo(p, q, samples, rng)");
    }
    return rule.apply(p, q);
  }

  /**
   * (1/n) sum_i [log p(x_i) - log q(x_i)], x_i ~ p: unbiased, shape the batch shape.
   *
   * <p>Its gradient is an unbiased estimate of the gradient of KL(p || q) in both distributions'
   * parameters: pathwise through x_i when p is {@link Reparameterized}; otherwise the
   * score-function (REINFORCE) estimator (Williams 1992; Ranganath, Gerrish &amp; Blei 2014) of
   * {@link ScoreFunction}, with x_i drawn without gradient and f_i = log p(x_i) - log q(x_i):
   * <pre>
   * surrogate_i = detach(log p(x_i)) - log q(x_i) + (log p(x_i) - detach(log p(x_i))) * detach(f_i)
   * grad = (1/n) sum_i [f_i grad_p log p(x_i) - grad_q log q(x_i)]
   * </pre>
   * (the term grad_p log p(x_i), of mean zero under p, is dropped). See {@link #logRatios}.
   *
   * @param samples n &gt;= 1
   */
  public static Var monteCarlo(Distribution p, Distribution q, int samples, Rng rng) {
    return logRatios(p, q, samples, rng).mean(0);
  }

  /**
   * log p(x_i) - log q(x_i) for n draws x_i ~ p (reparameterised when p allows it), shape
   * {@code [n] ++ batchShape}: the terms whose mean is {@link #monteCarlo} (same draws for the same
   * {@code rng}) and whose standard deviation / sqrt(n) is its standard error. When p is not
   * reparameterised each term is the score-function surrogate of {@link #monteCarlo} (same value;
   * its gradient is the per-draw score-function estimate).
   *
   * @param samples n &gt;= 1
   */
  public static Var logRatios(Distribution p, Distribution q, int samples, Rng rng) {
    Check.atLeast("samples", samples, 1);
    if (p instanceof Reparameterized r) {
      Var x = r.rsample(rng, samples);
      return p.logProb(x).sub(q.logProb(x));
    }
    Var x = Var.constant(p.sample(rng, samples));
    Var logP = p.logProb(x);
    return ScoreFunction.surrogate(logP, logP.detach().sub(q.logProb(x)));
  }
}
