package io.github.jvi.vae.objective;

import java.util.Locale;

/** The training objectives by name, for configurations and the command line. */
public enum ObjectiveKind {
  /** The (beta-)ELBO, {@link Elbo}. */
  ELBO,
  /** The importance-weighted bound, {@link Iwae}. */
  IWAE;

  /** The command-line name: elbo or iwae. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The kind for its command-line name.
   *
   * @throws IllegalArgumentException naming the value otherwise
   */
  public static ObjectiveKind of(String id) {
    for (ObjectiveKind k : values()) {
      if (k.id().equals(id)) {
        return k;
      }
    }
    throw new IllegalArgumentException("objective must be elbo or iwae, found '" + id + "'");
  }

  /**
   * The objective: the beta-ELBO (k must be 1) or the IWAE bound with k samples (beta must be 1),
   * with the given gradient estimator.
   *
   * @throws IllegalArgumentException for k &lt; 1, k &gt; 1 with the ELBO, or beta != 1 with the IWAE
   */
  public Objective create(int k, double beta, GradientEstimator estimator) {
    if (this == ELBO) {
      if (k != 1) {
        throw new IllegalArgumentException("k is the number of IWAE samples; the ELBO takes k = 1, found " + k);
      }
      return Elbo.beta(beta, estimator);
    }
    if (beta != 1.0) {
      throw new IllegalArgumentException("beta weights the ELBO's KL term; the IWAE bound takes beta = 1, found " + beta);
    }
    return Iwae.of(k, estimator);
  }
}
