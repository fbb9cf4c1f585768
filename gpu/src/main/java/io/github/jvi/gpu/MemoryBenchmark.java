package io.github.jvi.gpu;

import java.util.stream.IntStream;

/**
 * A STREAM-like memory bandwidth measurement in Java (McCalpin's STREAM kernels): copy
 * c = a (16 bytes moved per element) and triad a = b + s c (24 bytes per element) over double
 * arrays far larger than the caches, best of several repetitions, on 1 thread and on
 * {@code threads} threads (contiguous chunks). The loops are plain Java, which the JIT compiles to
 * SIMD loads and stores; the figure is the practical bound that memory-bound work (the CAVI
 * E-step) is reported against. Write-allocate traffic is not counted, as in STREAM.
 */
public final class MemoryBenchmark {
  /** One measurement: kernel name, threads, bytes counted per pass, best seconds, GB/s (1e9 bytes). */
  public record Bandwidth(String kernel, int threads, long bytes, double seconds, double gbPerSecond) {}

  private MemoryBenchmark() {}

  /**
   * Copy and triad over arrays of {@code n} doubles each (3 arrays), best of {@code repetitions}
   * after one warm-up pass; returns {copy, triad}.
   */
  public static Bandwidth[] stream(int n, int threads, int repetitions) {
    if (n < 1024) {
      throw new IllegalArgumentException("n must be >= 1024, found " + n);
    }
    if (threads < 1 || repetitions < 1) {
      throw new IllegalArgumentException("threads and repetitions must be >= 1, found " + threads + " and "
          + repetitions);
    }
    double[] a = new double[n];
    double[] b = new double[n];
    double[] c = new double[n];
    java.util.Arrays.fill(a, 1.0);
    java.util.Arrays.fill(b, 2.0);
    java.util.Arrays.fill(c, 0.5);
    double copy = Double.POSITIVE_INFINITY;
    double triad = Double.POSITIVE_INFINITY;
    for (int r = 0; r <= repetitions; r++) {
      long t0 = System.nanoTime();
      chunks(n, threads, (lo, hi) -> System.arraycopy(a, lo, c, lo, hi - lo));
      long t1 = System.nanoTime();
      chunks(n, threads, (lo, hi) -> {
        for (int i = lo; i < hi; i++) {
          a[i] = b[i] + 3.0 * c[i];
        }
      });
      long t2 = System.nanoTime();
      if (r > 0) {
        copy = Math.min(copy, (t1 - t0) / 1e9);
        triad = Math.min(triad, (t2 - t1) / 1e9);
      }
    }
    long copyBytes = 16L * n;
    long triadBytes = 24L * n;
    return new Bandwidth[] {
        new Bandwidth("copy", threads, copyBytes, copy, copyBytes / copy / 1e9),
        new Bandwidth("triad", threads, triadBytes, triad, triadBytes / triad / 1e9)};
  }

  private interface Range {
    void run(int lo, int hi);
  }

  private static void chunks(int n, int threads, Range body) {
    if (threads == 1) {
      body.run(0, n);
      return;
    }
    int per = (n + threads - 1) / threads;
    IntStream.range(0, threads).parallel().forEach(t -> body.run(Math.min(n, t * per), Math.min(n, (t + 1) * per)));
  }
}
