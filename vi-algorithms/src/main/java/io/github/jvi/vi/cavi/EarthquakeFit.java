package io.github.jvi.vi.cavi;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The result of CAVI on {@link EarthquakeModel}: per cluster k, q(lambda_k) =
 * Gamma(rateShapes[k], rateRates[k]) (shape, rate) and q(mu_k) = N(means[k],
 * I / meanPrecisions[k]); the responsibilities q(z_n = k) as [N, K]; the ELBO trace.
 *
 * @param rateShapes a_k = alpha + sum_n r_nk S_n
 * @param rateRates b_k = beta + N_k
 * @param means m_k, the posterior mean locations, [K][D]
 * @param meanPrecisions rho_k = rho + tau N_k
 * @param responsibilities r_nk, [N, K]
 * @param elboTrace ELBO after each sweep
 * @param sweepSeconds wall-clock seconds of each sweep (updates and ELBO)
 * @param iterations sweeps run
 * @param convergence the criterion that stopped the fit and the last sweep's changes
 */
public record EarthquakeFit(double[] rateShapes, double[] rateRates, double[][] means, double[] meanPrecisions,
    INDArray responsibilities, double[] elboTrace, double[] sweepSeconds, int iterations, Convergence convergence) implements MixtureFit {
  /** Copies the arrays. */
  public EarthquakeFit {
    rateShapes = rateShapes.clone();
    rateRates = rateRates.clone();
    means = Dense.copy(means);
    meanPrecisions = meanPrecisions.clone();
    responsibilities = responsibilities.dup();
    elboTrace = elboTrace.clone();
    sweepSeconds = sweepSeconds.clone();
  }

  @Override
  public double[] rateShapes() {
    return rateShapes.clone();
  }

  @Override
  public double[] rateRates() {
    return rateRates.clone();
  }

  @Override
  public double[][] means() {
    return Dense.copy(means);
  }

  @Override
  public double[] meanPrecisions() {
    return meanPrecisions.clone();
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
    return rateShapes.length;
  }

  /** E_q[lambda_k] = a_k / b_k, the posterior mean Poisson rates. */
  public double[] rates() {
    double[] r = new double[rateShapes.length];
    for (int k = 0; k < r.length; k++) {
      r[k] = rateShapes[k] / rateRates[k];
    }
    return r;
  }
}
