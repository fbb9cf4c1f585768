package io.github.jvi.vi.bbvi;

/**
 * The plain score-function (REINFORCE, Williams 1992) gradient of Ranganath et al. (2014),
 * Algorithm 1:
 *
 * <pre>
 * g = (1/S) sum_s grad log q(z_s | lambda) (log p(x, z_s) - log q(z_s | lambda)),  z_s ~ q
 * </pre>
 * Unbiased for every S &gt;= 1, because the ELBO's remaining term E_q[grad log q] vanishes; its
 * variance is often large, since log p - log q is large in magnitude and multiplies every score.
 */
public final class ScoreFunctionGradient implements GradientEstimator {
  private ScoreFunctionGradient() {}

  /** The estimator. */
  public static ScoreFunctionGradient of() {
    return new ScoreFunctionGradient();
  }

  @Override
  public String name() {
    return "reinforce";
  }

  @Override
  public int minSamples() {
    return 1;
  }

  @Override
  public Estimate estimate(ScoreBatch batch) {
    checkSamples(batch);
    return Terms.estimate(batch, Terms.sameWeight(batch));
  }
}
