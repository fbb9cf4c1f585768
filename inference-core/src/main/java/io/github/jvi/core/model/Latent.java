package io.github.jvi.core.model;

/**
 * A latent variable: its name, its support, and where its unconstrained reals sit in the model's
 * unconstrained vector u (elements [offset, offset + size)).
 */
public record Latent(String name, Support support, int offset) {
  /** The number of unconstrained reals. */
  public int size() {
    return support.bijector().unconstrainedSize();
  }

  /** The shape of a constrained value. */
  public long[] shape() {
    return support.shape();
  }
}
