package io.github.jvi.core.distribution;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A batch of probability distributions with a common event shape.
 *
 * <p>{@code logProb(x)} for {@code x} of shape {@code sampleShape ++ batchShape ++ eventShape}
 * (leading dimensions may broadcast) returns log p(x) summed over event dimensions, of shape
 * {@code sampleShape ++ batchShape}. Differentiable in the parameters and, for continuous
 * distributions, in {@code x}.
 *
 * <p>Every family has logProb and sample. A quantity without a closed form ({@link #mean},
 * {@link #variance}, {@link #entropy}) throws {@link UnsupportedOperationException}; ask first with
 * {@link #hasMean}, {@link #hasVariance}, {@link #hasEntropy}, or use the Monte Carlo forms
 * {@link #meanMonteCarlo} and {@link #entropyMonteCarlo}, which every distribution has.
 */
public interface Distribution {
  /** log p(x), summed over event dimensions. */
  Var logProb(Var x);

  /** log p(x) for a constant {@code x}. */
  default Var logProb(INDArray x) {
    return logProb(Var.constant(x));
  }

  /** Independent draws of shape {@code sampleShape ++ batchShape ++ eventShape}; no gradient. */
  INDArray sample(Rng rng, long... sampleShape);

  /** E[x], shape {@code batchShape ++ eventShape}. */
  Var mean();

  /** Var[x] element-wise (the diagonal of the covariance for vector events). */
  Var variance();

  /** H[p] = -E[log p(x)], shape {@code batchShape}. */
  Var entropy();

  /** The shape of the grid of independent distributions. */
  long[] batchShape();

  /** The shape of one draw. */
  long[] eventShape();

  /** The floating-point type of the parameters. */
  DataType dataType();

  /** Whether {@link #mean} has a closed form (otherwise it throws {@link UnsupportedOperationException}). */
  default boolean hasMean() {
    return true;
  }

  /** Whether {@link #variance} has a closed form (otherwise it throws {@link UnsupportedOperationException}). */
  default boolean hasVariance() {
    return true;
  }

  /** Whether {@link #entropy} has a closed form (otherwise it throws {@link UnsupportedOperationException}). */
  default boolean hasEntropy() {
    return true;
  }

  /**
   * (1/n) sum_i x_i for n draws x_i ~ p: an unbiased estimate of E[x], shape
   * {@code batchShape ++ eventShape}, standard error sd / sqrt(n); no gradient.
   *
   * @param samples n &gt;= 1
   */
  default Var meanMonteCarlo(int samples, Rng rng) {
    io.github.jvi.core.util.Check.atLeast("samples", samples, 1);
    return Var.constant(sample(rng, samples).castTo(dataType()).mean(0));
  }

  /**
   * -(1/n) sum_i log p(x_i), x_i ~ p: an unbiased estimate of the entropy, shape the batch shape,
   * differentiable in the parameters only through log p (the draws carry no gradient).
   *
   * @param samples n &gt;= 1
   */
  default Var entropyMonteCarlo(int samples, Rng rng) {
    io.github.jvi.core.util.Check.atLeast("samples", samples, 1);
    return logProb(Var.constant(sample(rng, samples))).mean(0).neg();
  }
}
