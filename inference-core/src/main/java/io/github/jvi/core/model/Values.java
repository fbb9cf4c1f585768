package io.github.jvi.core.model;

import io.github.jvi.core.autodiff.Var;
import java.util.Collections;
import java.util.Map;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The constrained values of a model's latents for one draw, as {@link Var}s differentiable in the
 * unconstrained reals they came from: what a {@link Factor} reads.
 */
public final class Values {
  private final Map<String, Var> values;
  private final String reader; // the factor this view is restricted to, or null
  private final java.util.List<String> allowed;

  Values(Map<String, Var> values) {
    this(values, null, null);
  }

  private Values(Map<String, Var> values, String reader, java.util.List<String> allowed) {
    this.values = values;
    this.reader = reader;
    this.allowed = allowed;
  }

  /** This view restricted to the latents a factor declared: reading another one is an error. */
  Values restrictedTo(String factor, java.util.List<String> latents) {
    return new Values(values, factor, latents);
  }

  /** The value of latent {@code name} (rank 0 for a scalar, [n] for a vector, [k, k] for a matrix). */
  public Var get(String name) {
    Var v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no latent named '" + name + "'; the model has " + values.keySet());
    }
    if (allowed != null && !allowed.contains(name)) {
      throw new IllegalStateException("factor '" + reader + "' reads latent '" + name
          + "' but declared only " + allowed + " (declare every latent a factor reads: Rao-Blackwellization relies on it)");
    }
    return v;
  }

  /** Element {@code i} (0-based) of the vector latent {@code name}, rank 0. */
  public Var get(String name, int i) {
    Var v = get(name);
    if (v.rank() != 1 || i < 0 || i >= v.shape()[0]) {
      throw new IllegalArgumentException("index " + i + " out of range for latent '" + name + "' of shape "
          + java.util.Arrays.toString(v.shape()));
    }
    return v.get(NDArrayIndex.interval(i, i + 1)).sum();
  }

  /** Whether the model has a latent {@code name}. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** Every value, by name. */
  public Map<String, Var> asMap() {
    return Collections.unmodifiableMap(values);
  }
}
