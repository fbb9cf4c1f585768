package io.github.jvi.core.special;

/**
 * The multivariate gamma function's logarithm and its derivative, for Wishart and matrix-variate
 * families (Gupta &amp; Nagar 2000, Matrix Variate Distributions, def. 1.4.1):
 * <pre>
 * log Gamma_D(x) = D(D-1)/4 log pi + sum_{i=1..D} log Gamma(x + (1 - i)/2),   x &gt; (D - 1)/2
 * psi_D(x) = d/dx log Gamma_D(x) = sum_{i=1..D} psi(x + (1 - i)/2)
 * </pre>
 * each term by {@link Special#lgamma} and {@link Special#digamma}, so as accurate as those.
 */
public final class MultivariateGamma {
  private MultivariateGamma() {}

  /** log Gamma_D(x). */
  public static double lgamma(double x, int d) {
    double s = d * (d - 1) / 4.0 * Math.log(Math.PI);
    for (int i = 1; i <= d; i++) {
      s += Special.lgamma(x + (1 - i) / 2.0);
    }
    return s;
  }

  /** psi_D(x) = sum_{i=1..D} psi(x + (1 - i)/2). */
  public static double digamma(double x, int d) {
    double s = 0;
    for (int i = 1; i <= d; i++) {
      s += Special.digamma(x + (1 - i) / 2.0);
    }
    return s;
  }
}
