package io.github.jvi.core.kl;

import io.github.jvi.core.linalg.Cholesky;
import io.github.jvi.core.special.MultivariateGamma;

/**
 * KL between Wishart distributions W(W, nu) (scale W, D x D symmetric positive definite, nu &gt; D - 1
 * degrees of freedom; E[Lambda] = nu W), as the variational Bayesian mixtures need it (Bishop 2006,
 * appendix B and eq. 10.77; Penny 2001, "KL-divergences of Normal, Gamma, Dirichlet and Wishart
 * densities"):
 * <pre>
 * KL(W(W, nu) || W(W0, nu0)) = (nu - nu0)/2 psi_D(nu/2) - nu0/2 log |W0^-1 W| + nu/2 (tr(W0^-1 W) - D)
 *     + log Gamma_D(nu0/2) - log Gamma_D(nu/2)
 * </pre>
 * with psi_D and log Gamma_D from {@link MultivariateGamma}. There is no Wishart distribution
 * object in jvi; these are functions of the parameters.
 */
public final class WishartKl {
  private WishartKl() {}

  /**
   * KL(W(W, nu) || W(W0, nu0)) from the parameters (each matrix checked and factorised).
   *
   * @throws IllegalArgumentException if a matrix is not symmetric positive definite, the shapes
   *     differ, or a degree of freedom is not finite and &gt; D - 1
   */
  public static double divergence(double[][] w, double nu, double[][] w0, double nu0) {
    int d = w.length;
    if (w0.length != d) {
      throw new IllegalArgumentException("W0 must be " + d + " x " + d + " (as W), found " + w0.length + " rows");
    }
    checkDof("nu", nu, d);
    checkDof("nu0", nu0, d);
    double[][] l = Cholesky.factor(w, "W");
    double[][] l0 = Cholesky.factor(w0, "W0");
    return divergence(w, nu, Cholesky.logDet(l), Cholesky.inverse(l0), nu0, Cholesky.logDet(l0));
  }

  /**
   * The same from precomputed pieces (no checks): W and log |W|, W0^-1 and log |W0| (for callers
   * that hold them already, as CAVI does every sweep).
   */
  public static double divergence(double[][] w, double nu, double logDetW, double[][] w0inv, double nu0,
      double logDetW0) {
    int d = w.length;
    double trace = 0;
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        trace += w0inv[i][j] * w[j][i];
      }
    }
    return (nu - nu0) / 2 * MultivariateGamma.digamma(nu / 2, d) - nu0 / 2 * (logDetW - logDetW0)
        + nu / 2 * (trace - d) + MultivariateGamma.lgamma(nu0 / 2, d) - MultivariateGamma.lgamma(nu / 2, d);
  }

  private static void checkDof(String name, double nu, int d) {
    if (!(nu > d - 1) || Double.isInfinite(nu)) {
      throw new IllegalArgumentException(name + " must be finite and > D - 1 = " + (d - 1) + ", found " + nu);
    }
  }
}
