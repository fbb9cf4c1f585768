package io.github.jvi.vi.cavi;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The result of CAVI on {@link GmmLight}: per component k the factor
 * q(mu_k, tau_k) = NormalGamma(means[k], lambdas[k], shapes[k], rates[k]), the responsibilities
 * q(z_n = k) as an [N, K] array, and the ELBO trace.
 *
 * @param means m_k, the posterior means E_q[mu_k]
 * @param lambdas lambda_k (q(mu_k | tau_k) has precision lambda_k tau_k)
 * @param shapes a_k, shape of q(tau_k)
 * @param rates b_k, rate of q(tau_k)
 * @param responsibilities r_nk, [N, K]
 * @param elboTrace ELBO after each sweep
 * @param sweepSeconds wall-clock seconds of each sweep (updates and ELBO)
 * @param iterations sweeps run
 * @param convergence the criterion that stopped the fit and the last sweep's changes
 */
public record GmmLightFit(double[] means, double[] lambdas, double[] shapes, double[] rates,
    INDArray responsibilities, double[] elboTrace, double[] sweepSeconds, int iterations, Convergence convergence) implements MixtureFit {
  /** Copies the arrays. */
  public GmmLightFit {
    means = means.clone();
    lambdas = lambdas.clone();
    shapes = shapes.clone();
    rates = rates.clone();
    responsibilities = responsibilities.dup();
    elboTrace = elboTrace.clone();
    sweepSeconds = sweepSeconds.clone();
  }

  @Override
  public double[] means() {
    return means.clone();
  }

  @Override
  public double[] lambdas() {
    return lambdas.clone();
  }

  @Override
  public double[] shapes() {
    return shapes.clone();
  }

  @Override
  public double[] rates() {
    return rates.clone();
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
    return means.length;
  }

  /** The factor q(mu_k, tau_k). */
  public NormalGammaParams factor(int k) {
    return new NormalGammaParams(means[k], lambdas[k], shapes[k], rates[k]);
  }

  /** E_q[tau_k] = a_k / b_k. */
  public double[] precisions() {
    double[] p = new double[means.length];
    for (int k = 0; k < p.length; k++) {
      p[k] = shapes[k] / rates[k];
    }
    return p;
  }
}
