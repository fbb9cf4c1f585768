package io.github.jvi.vi.bbvi;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The score-function gradient with the score itself as control variate (Ranganath et al. 2014,
 * sec. 3.2): for each component d, with f_d = h_d (log p(x, z) - log q(z)) and
 * h_d = d log q(z) / d lambda_d (E_q[h_d] = 0),
 *
 * <pre>
 * a*_d = Cov(f_d, h_d) / Var(h_d)      estimated from the same S draws, as in the paper
 * g_d  = (1/S) sum_s (f_d(z_s) - a*_d h_d(z_s))
 * </pre>
 * The variance of each term falls by the factor 1 - Corr(f_d, h_d)^2. Estimating a* from the
 * draws it is applied to makes the estimator biased by O(1/S) (the paper's choice; the bias is
 * small next to the O(1/sqrt(S)) noise). Needs S &gt;= 2.
 */
public final class ControlVariate implements GradientEstimator {
  private ControlVariate() {}

  /** The estimator. */
  public static ControlVariate of() {
    return new ControlVariate();
  }

  @Override
  public String name() {
    return "control-variate";
  }

  @Override
  public int minSamples() {
    return 2;
  }

  @Override
  public Estimate estimate(ScoreBatch batch) {
    checkSamples(batch);
    INDArray f = batch.score().mulColumnVector(batch.weight().reshape(batch.samples(), 1));
    return Terms.estimate(Terms.controlled(f, batch.score()), batch.weight());
  }
}
