package io.github.jvi.vi.cavi;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A CAVI result for a mixture model (GMM-light, Bayesian GMM, earthquake model): besides the
 * trace, the responsibilities r_nk = q(z_n = k) and what follows from them alone.
 */
public interface MixtureFit extends CaviFit {
  /** The responsibilities [N, K] (a copy). */
  INDArray responsibilities();

  /** Number of components K. */
  int components();

  /** Effective counts N_k = sum_n r_nk. */
  default double[] counts() {
    return responsibilities().sum(0).toDoubleVector();
  }
}
