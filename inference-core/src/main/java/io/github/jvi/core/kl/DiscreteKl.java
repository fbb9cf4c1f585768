package io.github.jvi.core.kl;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.Bernoulli;
import io.github.jvi.core.distribution.Categorical;
import io.github.jvi.core.distribution.Independent;
import io.github.jvi.core.distribution.Poisson;
import java.util.Arrays;

/**
 * Closed-form KL rules for the discrete families, and the Independent-Independent rule.
 *
 * <pre>
 * KL(Poisson(a) || Poisson(b))   = a log(a / b) - a + b
 * KL(Cat(p) || Cat(q))           = sum_k p_k (log p_k - log q_k) = -H(p) - sum_k p_k log q_k
 * KL(Bern(p) || Bern(q))         = -H(p) - [p log q + (1 - p) log(1 - q)]
 * KL(Ind(p, n) || Ind(q, n))     = KL(p || q) summed over the n reinterpreted dimensions
 * </pre>
 *
 * <p>The categorical and Bernoulli rules are written as negative entropy minus cross-entropy so
 * that they use the families' own stable forms (0 log 0 = 0, logits through softplus), are +inf
 * when q gives zero probability to an outcome of positive probability under p, and are exactly 0
 * for identical parameters. The Independent rule dispatches the base pair through
 * {@link Kl#divergence}, so it exists for every base pair that has a closed form, and requires the
 * same number of reinterpreted dimensions and the same event shape.
 */
final class DiscreteKl {
  private DiscreteKl() {}

  static void registerAll() {
    Kl.register(Poisson.class, Poisson.class, (p, q) -> {
      Var a = p.rate();
      Var b = q.rate();
      return a.mul(a.log().sub(b.log())).sub(a).add(b);
    });
    Kl.register(Categorical.class, Categorical.class, (p, q) -> {
      checkSameK(p.numCategories(), q.numCategories());
      return p.entropy().neg().sub(q.logProbOneHot(p.probs()));
    });
    Kl.register(Bernoulli.class, Bernoulli.class,
        (p, q) -> p.entropy().neg().sub(q.logProb(p.probs())));
    Kl.register(Independent.class, Independent.class, DiscreteKl::independent);
    // ReparameterizedIndependent (a subclass) takes the Independent rule by the most-specific match
  }

  private static void checkSameK(long kp, long kq) {
    if (kp != kq) {
      throw new IllegalArgumentException("KL between categoricals needs the same number of classes, found "
          + kp + " and " + kq);
    }
  }

  private static Var independent(Independent p, Independent q) {
    if (p.reinterpretedBatchDims() != q.reinterpretedBatchDims()
        || !Arrays.equals(p.eventShape(), q.eventShape())) {
      throw new IllegalArgumentException("KL between Independent distributions needs the same reinterpreted "
          + "dimensions and event shape, found " + p.reinterpretedBatchDims() + " dims, event shape "
          + Arrays.toString(p.eventShape()) + " and " + q.reinterpretedBatchDims() + " dims, event shape "
          + Arrays.toString(q.eventShape()));
    }
    Var base = Kl.divergence(p.base(), q.base());
    int n = p.reinterpretedBatchDims();
    if (n == 0) {
      return base;
    }
    int rank = base.rank();
    int[] dims = new int[n];
    for (int i = 0; i < n; i++) {
      dims[i] = rank - n + i;
    }
    return base.sum(dims);
  }
}
