package io.github.jvi.vi.divergence;

import io.github.jvi.core.util.Check;
import java.util.Objects;

/**
 * The inclusive (forward, "mass-covering") divergence KL(p || q) of a Gaussian q = N(mu, sigma^2)
 * from a mixture p, and its minimiser.
 *
 * <pre>
 * KL(p || q) = -H[p] - E_p[log q] = -H[p] + log sigma + log(2 pi)/2 + (Var_p + (E_p x - mu)^2)/(2 sigma^2)
 * d/dmu        = (mu - E_p x)/sigma^2
 * d/dlog sigma = 1 - (Var_p + (E_p x - mu)^2)/sigma^2
 * </pre>
 * The gradient vanishes only at mu = E_p[x], sigma^2 = Var_p[x]: the optimum is moment matching,
 * in closed form ({@link #fit()}); KL is convex in (mu, 1/sigma^2)'s natural parameters, so this
 * is the global minimum. H[p] is computed by quadrature within each component
 * ({@link GaussianQuadrature}).
 */
public final class InclusiveKl {
  private final GaussianMixture1d p;
  private final double entropy;

  private InclusiveKl(GaussianMixture1d p) {
    this.p = p;
    this.entropy = p.entropy(GaussianQuadrature.standard());
  }

  /** KL(p || .) for the mixture p. */
  public static InclusiveKl of(GaussianMixture1d p) {
    return new InclusiveKl(Objects.requireNonNull(p, "p"));
  }

  /** KL(p || N(mu, sigma^2)). */
  public double value(double mu, double sigma) {
    Check.finite("mu", mu);
    Check.positive("sigma", sigma);
    double d = p.mean() - mu;
    return -entropy + Math.log(sigma) + 0.5 * Math.log(2 * Math.PI) + (p.variance() + d * d) / (2 * sigma * sigma);
  }

  /** The gradient in (mu, log sigma). */
  public double[] gradient(double mu, double sigma) {
    double d = p.mean() - mu;
    return new double[] {-d / (sigma * sigma), 1 - (p.variance() + d * d) / (sigma * sigma)};
  }

  /** The minimiser: mu = E_p[x], sigma = sqrt(Var_p[x]). */
  public GaussianFit fit() {
    double mu = p.mean();
    double sigma = Math.sqrt(p.variance());
    double[] g = gradient(mu, sigma);
    return new GaussianFit(mu, sigma, value(mu, sigma), Math.hypot(g[0], g[1]), 0);
  }
}
