package io.github.jvi.core.bijector;

import io.github.jvi.core.autodiff.Var;

/**
 * The finite support {0, 1, ..., k - 1} of a discrete latent, which no bijector maps onto reals:
 * it has no unconstrained coordinates, and {@link #forward} and {@link #inverse} are errors.
 * Models with such latents are fitted by black-box VI with a guide that draws them (a Bernoulli or
 * Categorical site), not by ADVI. Values are the category indices as doubles.
 */
public final class Discrete implements Bijector {
  private final int k;

  private Discrete(int k) {
    this.k = k;
  }

  /** {0, ..., k - 1}, k &gt;= 2. */
  public static Discrete of(int k) {
    return new Discrete(Checks.size("k", k, 2));
  }

  /** k, the number of values. */
  public int cardinality() {
    return k;
  }

  @Override
  public int unconstrainedSize() {
    return 0;
  }

  @Override
  public long[] shape() {
    return new long[0];
  }

  @Override
  public Transformed forward(Var u) {
    throw new UnsupportedOperationException("a discrete latent in {0, ..., " + (k - 1)
        + "} has no map from unconstrained reals: fit the model with black-box VI and a guide");
  }

  @Override
  public double[] inverse(double[] x) {
    throw new UnsupportedOperationException("a discrete latent has no unconstrained coordinates");
  }

  @Override
  public boolean inSupport(double[] x) {
    return x.length == 1 && x[0] >= 0 && x[0] < k && x[0] == Math.rint(x[0]);
  }

  @Override
  public String toString() {
    return "Discrete(" + k + ")";
  }
}
