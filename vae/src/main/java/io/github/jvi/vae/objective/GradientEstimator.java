package io.github.jvi.vae.objective;

import java.util.Locale;

/**
 * How the gradient of a bound reaches the encoder.
 *
 * <ul>
 *   <li>{@link #STANDARD}: the total derivative of the estimate, with every log q(z|x) depending on
 *       the encoder both through z's reparameterisation path and directly through q's parameters
 *       (the ELBO's KL term in closed form where the prior has one);</li>
 *   <li>{@link #STL}: "sticking the landing" (Roeder, Wu &amp; Duvenaud 2017, Algorithm 2): every
 *       log q(z|x) is evaluated with q's parameters detached (a stop-gradient) while z keeps its
 *       reparameterisation path, so the score-function term d log q / d phi, whose expectation is
 *       zero, is dropped. The KL term is then the Monte Carlo log q(z) - log p(z). When q equals
 *       the exact posterior the estimator has zero variance for the encoder.</li>
 * </ul>
 */
public enum GradientEstimator {
  /** The total derivative. */
  STANDARD,
  /** The path derivative (sticking the landing). */
  STL;

  /** The command-line name: standard or stl. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The estimator for its command-line name.
   *
   * @throws IllegalArgumentException naming the value for anything else
   */
  public static GradientEstimator of(String id) {
    for (GradientEstimator e : values()) {
      if (e.id().equals(id)) {
        return e;
      }
    }
    throw new IllegalArgumentException("estimator must be standard or stl, found '" + id + "'");
  }
}
