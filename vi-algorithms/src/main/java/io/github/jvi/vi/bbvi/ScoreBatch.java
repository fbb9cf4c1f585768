package io.github.jvi.vi.bbvi;

import io.github.jvi.core.util.Check;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Everything a score-function gradient estimator needs from S draws z_s ~ q(z | lambda) of a
 * mean-field family q(z) = prod_i q_i(z_i | lambda_i), all float64:
 *
 * @param score h(z_s) = grad_lambda log q(z_s | lambda), [S, D]
 * @param weight log p(x, z_s) - log q(z_s | lambda), [S]
 * @param blanketWeight for column d, owned by factor i: log p_i(x, z_s) - log q_i(z_{i,s} |
 *     lambda_i), where log p_i keeps the terms of the log joint that depend on z_i (its Markov
 *     blanket, Ranganath et al. 2014, sec. 3.1), [S, D]
 */
public record ScoreBatch(INDArray score, INDArray weight, INDArray blanketWeight) {
  /** Checks the shapes agree. */
  public ScoreBatch {
    Objects.requireNonNull(score, "score");
    Objects.requireNonNull(weight, "weight");
    Objects.requireNonNull(blanketWeight, "blanketWeight");
    Check.shape(score.rank() == 2, "score", "shape [S, D]", score.shape());
    Check.shape(weight.length() == score.size(0), "weight", score.size(0) + " elements", weight.shape());
    Check.shape(java.util.Arrays.equals(blanketWeight.shape(), score.shape()), "blanketWeight",
        "the shape of score " + java.util.Arrays.toString(score.shape()), blanketWeight.shape());
  }

  /** S, the number of draws. */
  public int samples() {
    return (int) score.size(0);
  }

  /** D, the number of variational parameters. */
  public int dimension() {
    return (int) score.size(1);
  }
}
