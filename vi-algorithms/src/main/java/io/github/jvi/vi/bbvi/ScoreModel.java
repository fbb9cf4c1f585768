package io.github.jvi.vi.bbvi;

import io.github.jvi.gpu.Rng;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model together with a mean-field variational family, seen the way black-box VI sees it:
 * draws from q, the log joint, log q and the score function at those draws
 * ({@link ScoreBatch}), nothing else. The exact ELBO and the summaries are for traces and checks
 * only; the estimators never use them.
 */
public interface ScoreModel {
  /** D, the number of unconstrained variational parameters lambda. */
  int dimension();

  /** Names of lambda's components. */
  List<String> parameterNames();

  /** S draws from q(. | lambda) with everything the estimators need. */
  ScoreBatch draw(INDArray lambda, Rng rng, int samples);

  /** The exact ELBO at lambda where it has a closed form, else NaN. */
  double exactElbo(INDArray lambda);

  /** Names of the per-iteration summaries of q (e.g. E_q[mu]). */
  List<String> summaryNames();

  /** The summaries of q(. | lambda), in the order of {@link #summaryNames()}. */
  double[] summaries(INDArray lambda);
}
