package io.github.jvi.vi.bbvi;

import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model together with a mean-field variational family, seen the way black-box VI sees it:
 * draws from q, the log joint, log q and the score function at those draws
 * ({@link ScoreBatch}), nothing else. The exact ELBO and the summaries are for traces and checks
 * only; the estimators never use them.
 *
 * <p>The variational parameters lambda are a Java array of D values and a batch is filled on
 * Java arrays: an implementation does the per-draw work in loops over the S draws, with no array
 * (ND4J) operation per iteration, since at BBVI's sizes (S = 100, D = 4) the fixed cost of an
 * array call exceeds the arithmetic many times over. The INDArray overloads are conveniences
 * that convert and call the array forms.
 */
public interface ScoreModel {
  /** D, the number of unconstrained variational parameters lambda. */
  int dimension();

  /** Names of lambda's components. */
  List<String> parameterNames();

  /** Arrays for batches of S draws, to be refilled by {@link #draw(double[], Rng, ScoreBatch)}. */
  default ScoreBatch newBatch(int samples) {
    return ScoreBatch.allocate(samples, dimension());
  }

  /**
   * Fills {@code batch} (its arrays, in place) with {@code batch.samples()} draws from
   * q(. | lambda) and everything the estimators need at them; lambda has D finite values.
   */
  void draw(double[] lambda, Rng rng, ScoreBatch batch);

  /** S draws from q(. | lambda) into a new batch. */
  default ScoreBatch draw(double[] lambda, Rng rng, int samples) {
    ScoreBatch batch = newBatch(samples);
    draw(lambda, rng, batch);
    return batch;
  }

  /** S draws from q(. | lambda) into a new batch, lambda an array of D values. */
  default ScoreBatch draw(INDArray lambda, Rng rng, int samples) {
    return draw(values(lambda, dimension()), rng, samples);
  }

  /** The exact ELBO at lambda where it has a closed form, else NaN. */
  double exactElbo(double[] lambda);

  /** The exact ELBO at lambda (an array of D values) where it has a closed form, else NaN. */
  default double exactElbo(INDArray lambda) {
    return exactElbo(values(lambda, dimension()));
  }

  /** Names of the per-iteration summaries of q (e.g. E_q[mu]). */
  List<String> summaryNames();

  /** The summaries of q(. | lambda), in the order of {@link #summaryNames()}. */
  double[] summaries(double[] lambda);

  /** lambda's D elements (C order) as a new Java array. */
  static double[] values(INDArray lambda, int dimension) {
    Check.shape(lambda != null && lambda.length() == dimension, "lambda", dimension + " elements",
        lambda == null ? new long[0] : lambda.shape());
    return lambda.castTo(DataType.DOUBLE).dup('c').data().asDouble();
  }
}
