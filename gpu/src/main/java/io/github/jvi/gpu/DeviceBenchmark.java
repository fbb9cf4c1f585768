package io.github.jvi.gpu;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Measures the backend's matrix-product throughput: C = A B for n x n operands, 2 n^3 flops per
 * product, best of several timed repetitions after a warm-up. The result is the machine's
 * practical GEMM peak that training throughput is reported against.
 */
public final class DeviceBenchmark {
  /** One measurement: size, type, best seconds per product, GFLOP/s. */
  public record Gemm(int m, int k, int n, DataType type, double seconds, double gflops) {}

  private DeviceBenchmark() {}

  /** Square products of size n. */
  public static Gemm gemm(int n, DataType type, int repetitions) {
    return gemm(n, n, n, type, repetitions);
  }

  /** [m, k] x [k, n] products; best time of {@code repetitions} after one warm-up. */
  public static Gemm gemm(int m, int k, int n, DataType type, int repetitions) {
    if (m < 1 || k < 1 || n < 1) {
      throw new IllegalArgumentException("sizes must be >= 1, found " + m + "x" + k + "x" + n);
    }
    if (repetitions < 1) {
      throw new IllegalArgumentException("repetitions must be >= 1, found " + repetitions);
    }
    Rng rng = Rng.of(1);
    INDArray a = rng.normal(type, m, k);
    INDArray b = rng.normal(type, k, n);
    INDArray c = Nd4j.createUninitialized(type, m, n);
    a.mmuli(b, c); // warm-up
    double best = Double.POSITIVE_INFINITY;
    for (int r = 0; r < repetitions; r++) {
      long t0 = System.nanoTime();
      a.mmuli(b, c);
      Nd4j.getExecutioner().commit();
      best = Math.min(best, (System.nanoTime() - t0) / 1e9);
    }
    return new Gemm(m, k, n, type, best, 2.0 * m * k * n / best / 1e9);
  }
}
