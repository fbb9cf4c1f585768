package io.github.jvi.vi.advi;

/**
 * Stan's adaptive step-size sequence for ADVI (Kucukelbir et al. 2017, eq. 10-11), per coordinate
 * of lambda, for ascent:
 * <pre>
 * s_1 = g_1^2,   s_k = alpha g_k^2 + (1 - alpha) s_{k-1}
 * rho_k = eta k^(-1/2 + 1e-16) / (tau + sqrt(s_k)),   lambda_{k+1} = lambda_k + rho_k g_k
 * </pre>
 * with alpha = 0.1, tau = 1, and eta chosen by {@link Advi}'s adaptation (or given).
 * Not thread-safe: one sequence belongs to one optimisation.
 */
final class StanStepSize {
  private static final double ALPHA = 0.1;
  private static final double TAU = 1.0;
  private final double eta;
  private double[] history;
  private long k;

  StanStepSize(double eta) {
    this.eta = eta;
  }

  /** One ascent step of lambda along g, in place. */
  void step(double[] lambda, double[] g) {
    k++;
    if (history == null) {
      history = new double[g.length];
      for (int i = 0; i < g.length; i++) {
        history[i] = g[i] * g[i];
      }
    } else {
      for (int i = 0; i < g.length; i++) {
        history[i] = ALPHA * g[i] * g[i] + (1 - ALPHA) * history[i];
      }
    }
    double scaled = eta * Math.pow(k, -0.5 + 1e-16);
    for (int i = 0; i < g.length; i++) {
      lambda[i] += scaled * g[i] / (TAU + Math.sqrt(history[i]));
    }
  }
}
