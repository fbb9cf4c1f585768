package io.github.jvi.core.kl;

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
  }
}
