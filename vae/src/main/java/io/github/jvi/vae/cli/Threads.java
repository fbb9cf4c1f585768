package io.github.jvi.vae.cli;

import org.nd4j.linalg.factory.Nd4j;

/**
 * A scoped setting of how many threads libnd4j uses for its own (element-wise, reduction) ops;
 * BLAS matrix products keep their threads ({@code OMP_NUM_THREADS}).
 *
 * <p>This changes a process-wide setting, so only applications use it: the {@code jvi vae}
 * commands and the figure programs, which own their process. The library (models, training,
 * evaluation) never changes ND4J's thread counts; a program embedding it chooses them itself.
 *
 * <p>Measured while training the default MNIST VAE on 2 cores ({@code OMP_NUM_THREADS=2,
 * OMP_WAIT_POLICY=PASSIVE}): with libnd4j's ops on one thread the process used 11-12 CPU-seconds
 * per epoch against 16 with two, at equal or better wall time: the ops on 128 x 512 arrays take tens
 * of microseconds, about what waking a passive worker costs. Usage:
 * {@code try (Threads t = Threads.elementWise(1)) { train... }}.
 */
public final class Threads implements AutoCloseable {
  private final int previous;
  private final int previousMaster;

  private Threads(int previous, int previousMaster) {
    this.previous = previous;
    this.previousMaster = previousMaster;
  }

  /** Sets libnd4j's thread count to {@code n} (&gt;= 1) until {@link #close()}. */
  public static Threads elementWise(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, found " + n);
    }
    Threads t = new Threads(Nd4j.getEnvironment().maxThreads(), Nd4j.getEnvironment().maxMasterThreads());
    Nd4j.getEnvironment().setMaxThreads(n);
    Nd4j.getEnvironment().setMaxMasterThreads(n);
    return t;
  }

  /** Restores the previous setting. */
  @Override
  public void close() {
    Nd4j.getEnvironment().setMaxThreads(previous);
    Nd4j.getEnvironment().setMaxMasterThreads(previousMaster);
  }
}
