package io.github.jvi.vi.bbvi;

/**
 * A score-function estimator of the ELBO gradient grad_lambda L from one batch of draws
 * (Ranganath, Gerrish &amp; Blei 2014, "Black Box Variational Inference"):
 * grad L = E_q[grad log q(z | lambda) (log p(x, z) - log q(z | lambda))].
 * Implementations differ only in how they reduce the variance:
 * {@link ScoreFunctionGradient} (none, Algorithm 1), {@link ControlVariate} (the score as a
 * control variate), {@link RaoBlackwellized} (each factor's Markov blanket, optionally with
 * control variates: Algorithm 2).
 */
public interface GradientEstimator {
  /** A short name used on the command line and in figures. */
  String name();

  /** The least number of draws the estimator works with. */
  int minSamples();

  /** The estimate from one batch (which must hold at least {@link #minSamples()} draws). */
  Estimate estimate(ScoreBatch batch);

  /** Throws a clear error when the batch is too small for this estimator. */
  default void checkSamples(ScoreBatch batch) {
    if (batch.samples() < minSamples()) {
      throw new IllegalArgumentException(name() + " needs at least " + minSamples()
          + " samples per iteration, found S = " + batch.samples());
    }
  }
}
