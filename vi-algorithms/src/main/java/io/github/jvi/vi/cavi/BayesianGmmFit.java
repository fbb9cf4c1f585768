package io.github.jvi.vi.cavi;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The result of CAVI on {@link BayesianGmm}: q(pi) = Dirichlet(alphas), and per component
 * q(mu_k, Lambda_k) = N(mu_k | means[k], (betas[k] Lambda_k)^-1) Wishart(Lambda_k | scales[k],
 * dofs[k]) (Bishop 2006, eqs. 10.58-10.63), the responsibilities q(z_n = k) as [N, K], and the
 * ELBO trace.
 *
 * @param alphas alpha_k of q(pi)
 * @param betas beta_k
 * @param means m_k, the posterior means E_q[mu_k], [K][D]
 * @param scales W_k, the Wishart scale matrices, [K][D][D]
 * @param dofs nu_k, the Wishart degrees of freedom
 * @param responsibilities r_nk, [N, K]
 * @param elboTrace ELBO after each sweep
 * @param sweepSeconds wall-clock seconds of each sweep (updates and ELBO)
 * @param iterations sweeps run
 * @param convergence the criterion that stopped the fit and the last sweep's changes
 */
public record BayesianGmmFit(double[] alphas, double[] betas, double[][] means, double[][][] scales,
    double[] dofs, INDArray responsibilities, double[] elboTrace, double[] sweepSeconds, int iterations, Convergence convergence)
    implements MixtureFit {
  /** Copies the arrays. */
  public BayesianGmmFit {
    alphas = alphas.clone();
    betas = betas.clone();
    means = Dense.copy(means);
    scales = Dense.copy(scales);
    dofs = dofs.clone();
    responsibilities = responsibilities.dup();
    elboTrace = elboTrace.clone();
    sweepSeconds = sweepSeconds.clone();
  }

  @Override
  public double[] alphas() {
    return alphas.clone();
  }

  @Override
  public double[] betas() {
    return betas.clone();
  }

  @Override
  public double[][] means() {
    return Dense.copy(means);
  }

  @Override
  public double[][][] scales() {
    return Dense.copy(scales);
  }

  @Override
  public double[] dofs() {
    return dofs.clone();
  }

  /** The responsibilities [N, K] (a copy). */
  @Override
  public INDArray responsibilities() {
    return responsibilities.dup();
  }

  @Override
  public double[] elboTrace() {
    return elboTrace.clone();
  }

  @Override
  public double[] sweepSeconds() {
    return sweepSeconds.clone();
  }

  @Override
  public int components() {
    return alphas.length;
  }

  /** E_q[pi_k] = alpha_k / sum_j alpha_j. */
  public double[] weights() {
    double s = 0;
    for (double a : alphas) {
      s += a;
    }
    double[] w = new double[alphas.length];
    for (int k = 0; k < w.length; k++) {
      w[k] = alphas[k] / s;
    }
    return w;
  }

  /** (E_q[Lambda_k])^-1 = (nu_k W_k)^-1, the covariance implied by the expected precision. */
  public double[][][] covariances() {
    double[][][] c = new double[alphas.length][][];
    for (int k = 0; k < c.length; k++) {
      c[k] = Dense.inverseSpd(Dense.scale(scales[k], dofs[k]), "nu_k W_k");
    }
    return c;
  }
}
