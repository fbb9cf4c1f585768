package io.github.jvi.core.kl;

/** Closed-form KL rules for the discrete families. */
final class DiscreteKl {
  private DiscreteKl() {}

  static void registerAll() {
    // filled in with the discrete distributions
  }
}
