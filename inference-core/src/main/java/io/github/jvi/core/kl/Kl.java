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
 * <p>{@link #divergence} looks up a closed form registered for a pair of types (as PyTorch's
 * {@code register_kl}), by PyTorch's most-specific-match rule: among the registered pairs (P, Q)
 * with p an instance of P and q an instance of Q (classes or interfaces), the one whose P and Q are
 * both subtypes of every other match's. A rule registered for a class thus serves its subclasses
 * (e.g. {@code Independent} for {@code ReparameterizedIndependent}) unless a more specific one is
 * registered. No match throws an exception naming both types; two matches neither of which is more
 * specific than the other throw one naming both rules (register the pair itself to settle it).
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

  /** Whether a closed form applies to this pair of types (registered for them or for supertypes). */
  public static boolean hasClosedForm(Class<?> p, Class<?> q) {
    try {
      return rule(p, q) != null;
    } catch (IllegalArgumentException ambiguous) {
      return false;
    }
  }

  /**
   * The most specific registered pair matching (p, q), or null if none matches.
   *
   * @throws IllegalArgumentException if two matches are incomparable
   */
  private static Pair rule(Class<?> p, Class<?> q) {
    Pair exact = new Pair(p, q);
    if (RULES.containsKey(exact)) {
      return exact;
    }
    java.util.List<Pair> matches = new java.util.ArrayList<>();
    for (Pair r : RULES.keySet()) {
      if (r.p().isAssignableFrom(p) && r.q().isAssignableFrom(q)) {
        matches.add(r);
      }
    }
    Pair best = null;
    for (Pair m : matches) {
      boolean mostSpecific = true;
      for (Pair o : matches) {
        if (!(o.p().isAssignableFrom(m.p()) && o.q().isAssignableFrom(m.q()))) {
          mostSpecific = false;
          break;
        }
      }
      if (mostSpecific) {
        best = m;
        break;
      }
    }
    if (best == null && !matches.isEmpty()) {
      matches.sort(java.util.Comparator.comparing((Pair m) -> m.p().getName()).thenComparing(m -> m.q().getName()));
      throw new IllegalArgumentException("ambiguous closed-form KL for KL(" + p.getSimpleName() + " || "
          + q.getSimpleName() + "): rules for " + matches.stream().map(m -> "(" + m.p().getSimpleName() + ", "
          + m.q().getSimpleName() + ")").toList() + " match and none is more specific; register ("
          + p.getSimpleName() + ", " + q.getSimpleName() + ")");
    }
    return best;
  }

  /**
   * KL(p || q) in closed form, shape the broadcast of the batch shapes.
   *
   * @throws IllegalArgumentException if no closed form is registered for the pair of types or
   *     their supertypes, or two incomparable rules match
   */
  public static Var divergence(Distribution p, Distribution q) {
    Pair match = rule(p.getClass(), q.getClass());
    BiFunction<Distribution, Distribution, Var> rule = match == null ? null : RULES.get(match);
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
