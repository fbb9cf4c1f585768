package io.github.jvi.vi.bbvi;

import java.util.Objects;

/**
 * Everything a score-function gradient estimator needs from S draws z_s ~ q(z | lambda) of a
 * mean-field family q(z) = prod_i q_i(z_i | lambda_i), all float64 and stored as columns over the
 * draws (D arrays of length S), so that each estimator reduces a column in one tight loop:
 *
 * @param score score[d][s] = h_d(z_s) = d log q(z_s | lambda) / d lambda_d, D columns of S
 * @param weight weight[s] = log p(x, z_s) - log q(z_s | lambda), S
 * @param blanketWeight blanketWeight[d][s] for column d, owned by factor i:
 *     log p_i(x, z_s) - log q_i(z_{i,s} | lambda_i), where log p_i keeps the terms of the log joint
 *     that depend on z_i (its Markov blanket, Ranganath et al. 2014, sec. 3.1), D columns of S
 *
 * <p>The arrays are held, not copied: {@link ScoreModel#draw(double[], io.github.jvi.gpu.Rng,
 * ScoreBatch)} refills them in place every iteration (one batch is the per-run workspace of
 * {@link BlackBoxVi}), so read a batch before drawing into it again.
 */
public record ScoreBatch(double[][] score, double[] weight, double[][] blanketWeight) {
  /** Checks that there is at least one draw and one column and that the lengths agree. */
  public ScoreBatch {
    Objects.requireNonNull(score, "score");
    Objects.requireNonNull(weight, "weight");
    Objects.requireNonNull(blanketWeight, "blanketWeight");
    if (score.length < 1 || weight.length < 1) {
      throw new IllegalArgumentException("a batch needs at least one draw and one parameter, found S = "
          + weight.length + ", D = " + score.length);
    }
    if (blanketWeight.length != score.length) {
      throw new IllegalArgumentException("blanketWeight must have D = " + score.length + " columns like score, found "
          + blanketWeight.length);
    }
    for (int d = 0; d < score.length; d++) {
      checkColumn("score", d, score[d], weight.length);
      checkColumn("blanketWeight", d, blanketWeight[d], weight.length);
    }
  }

  private static void checkColumn(String name, int d, double[] column, int samples) {
    if (column == null || column.length != samples) {
      throw new IllegalArgumentException(name + "[" + d + "] must have S = " + samples + " elements like weight, found "
          + (column == null ? "null" : column.length));
    }
  }

  /** Zero-filled arrays for S draws of D parameters, S, D &gt;= 1. */
  public static ScoreBatch allocate(int samples, int dimension) {
    if (samples < 1 || dimension < 1) {
      throw new IllegalArgumentException("samples and dimension must be >= 1, found " + samples + " and " + dimension);
    }
    return new ScoreBatch(new double[dimension][samples], new double[samples], new double[dimension][samples]);
  }

  /** S, the number of draws. */
  public int samples() {
    return weight.length;
  }

  /** D, the number of variational parameters. */
  public int dimension() {
    return score.length;
  }
}
