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
}
