package io.github.jvi.core.kl;

import io.github.jvi.core.autodiff.Fused;
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
 * KL(Poisson(a) || Poisson(b))   = a log(a / b) - a + b = b bd0Ratio((a - b) / b)
 * KL(Cat(p) || Cat(q))           = sum_k p_k log(p_k / q_k) = sum_k q_k bd0Ratio(p_k / q_k - 1)
 * KL(Bern(p) || Bern(q))         = q bd0Ratio((p - q) / q) + (1 - q) bd0Ratio((q - p) / (1 - q))
 * KL(Ind(p, n) || Ind(q, n))     = KL(p || q) summed over the n reinterpreted dimensions
 * </pre>
 *
 * <p>The forms (see {@link NearKl}) are sums of terms &gt;= 0, so they keep their relative accuracy
 * as q -&gt; p, are exactly 0 for identical parameters, and +inf when q gives zero probability to
 * an outcome of positive probability under p (0 log 0 = 0). The ratios p/q - 1 are formed from the
 * parameters as given: from probabilities, p - q directly (Categorical: from the raw,
 * unnormalised probabilities, by a fused difference of products); from logits, by expm1 of the
 * logit differences. A pair with one distribution from probabilities and one from logits uses
 * the normalised probabilities (then the rounding of sigmoid or softmax, about 1e-16 relative,
 * limits the accuracy to about 1e-16 / |p - q|). The Independent rule dispatches the base pair
 * through {@link Kl#divergence}, so it exists for every base pair that has a closed form, and
 * requires the same number of reinterpreted dimensions and the same event shape.
 */
final class DiscreteKl {
  private DiscreteKl() {}

  static void registerAll() {
    Kl.register(Poisson.class, Poisson.class, (p, q) -> Fused.map(NearKl::poisson, new Var[] {p.rate(), q.rate()}));
    Kl.register(Categorical.class, Categorical.class, (p, q) -> {
      checkSameK(p.numCategories(), q.numCategories());
      Var[] probs = {p.probs(), q.probs()};
      if (p.fromLogits() && q.fromLogits()) {
        return Fused.rows(NearKl::categoricalLogits, probs, p.parameter().value(), q.parameter().value());
      }
      if (!p.fromLogits() && !q.fromLogits()) {
        return Fused.rows(NearKl::categoricalProbs, probs, p.parameter().value(), q.parameter().value());
      }
      return Fused.rows(NearKl::categoricalNormalised, probs);
    });
    Kl.register(Bernoulli.class, Bernoulli.class, (p, q) -> {
      Var[] probs = {p.probs(), q.probs()};
      if (p.fromLogits() && q.fromLogits()) {
        return Fused.map(NearKl::bernoulliLogits, probs, p.logits().value(), q.logits().value());
      }
      return Fused.map(NearKl::bernoulliProbs, probs);
    });
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
