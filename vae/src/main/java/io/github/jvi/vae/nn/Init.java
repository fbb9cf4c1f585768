package io.github.jvi.vae.nn;

import io.github.jvi.gpu.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Weight initialisation as PyTorch's defaults for {@code nn.Linear} and {@code nn.Conv2d}
 * (Kaiming-uniform with a = sqrt(5)), which reduce to U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for the
 * weights and the biases, so that results compare with a PyTorch implementation of the same network.
 */
final class Init {
  private Init() {}

  /** U(-bound, bound) of the given shape. */
  static INDArray uniform(Rng rng, DataType type, double bound, long... shape) {
    return rng.uniform(type, shape).muli(2 * bound).subi(bound);
  }

  /** 1 / sqrt(fanIn). */
  static double bound(long fanIn) {
    return 1.0 / Math.sqrt(fanIn);
  }
}
