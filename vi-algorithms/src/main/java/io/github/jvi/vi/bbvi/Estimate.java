package io.github.jvi.vi.bbvi;

import java.util.Objects;

/**
 * One gradient estimate.
 *
 * @param gradient the estimate of grad_lambda L, D values
 * @param variance the estimated variance of each component of the estimate: the sample variance
 *     (divisor S - 1) of the S per-draw terms it averages, divided by S; NaN when S = 1
 * @param elbo the Monte Carlo ELBO estimate mean_s (log p(x, z_s) - log q(z_s))
 */
public record Estimate(double[] gradient, double[] variance, double elbo) {
  /** Checks that gradient and variance have the same length. */
  public Estimate {
    Objects.requireNonNull(gradient, "gradient");
    Objects.requireNonNull(variance, "variance");
    if (variance.length != gradient.length) {
      throw new IllegalArgumentException("variance must have " + gradient.length + " elements like gradient, found "
          + variance.length);
    }
  }
}
