package io.github.jvi.vi.cli;

import io.github.jvi.vi.cavi.Threading;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The command line's choice of CAVI threads, and the process setting that goes with it. The library
 * reads and changes no process-wide state; the {@code jvi} process, which is the command's own,
 * runs BLAS on one thread while several threads share a fit's blocks (the products per block are
 * small and a multi-threaded BLAS called from every worker at once only contends: measured 50-60 ms
 * against 34 ms per sweep at N = 1e6 on 2 cores), and restores the setting afterwards.
 */
final class CaviThreads implements AutoCloseable {
  private final Blas blas;
  private final int previous;
  private final int[] nativeThreads;

  private CaviThreads(Blas blas, int previous) {
    this(blas, previous, null);
  }

  private CaviThreads(Blas blas, int previous, int[] nativeThreads) {
    this.blas = blas;
    this.previous = previous;
    this.nativeThreads = nativeThreads;
  }

  /**
   * For Spark with a {@code local} master, whose task threads run in this process: BLAS and
   * libnd4j's own ops on one thread each until {@link #close()} (Spark's tasks are the
   * parallelism; with both, 2 tasks x 2 native threads on 2 cores spin against each other: one
   * 65536-point block E-step took 4 ms alone and 12-36 ms beside another task). Other masters:
   * nothing (executors are their own processes; give them {@code OMP_NUM_THREADS=1} through
   * {@code spark.executorEnv}).
   */
  static CaviThreads sparkLocal(String master) {
    if (master == null || !master.startsWith("local")) {
      return new CaviThreads(null, 1);
    }
    Blas blas = Nd4j.factory().blas();
    int previous = blas.getMaxThreads();
    int[] nat = {Nd4j.getEnvironment().maxThreads(), Nd4j.getEnvironment().maxMasterThreads()};
    blas.setMaxThreads(1);
    Nd4j.getEnvironment().setMaxThreads(1);
    Nd4j.getEnvironment().setMaxMasterThreads(1);
    return new CaviThreads(blas, previous, nat);
  }

  /** {@code --threads}: 0 means ND4J's configured thread count (OMP_NUM_THREADS). */
  static Threading threading(int threads) {
    if (threads < 0) {
      throw new io.github.jvi.core.cli.Cli.UserError("--threads must be >= 0, found " + threads);
    }
    return Threading.threads(threads == 0 ? Math.max(1, Nd4j.getEnvironment().maxThreads()) : threads);
  }

  /** BLAS on one thread until {@link #close()} when the fit uses several threads; otherwise nothing. */
  static CaviThreads scope(Threading threading) {
    if (threading.threads() == 1) {
      return new CaviThreads(null, 1);
    }
    Blas blas = Nd4j.factory().blas();
    int previous = blas.getMaxThreads();
    if (previous != 1) {
      blas.setMaxThreads(1);
    }
    return new CaviThreads(blas, previous);
  }

  @Override
  public void close() {
    if (blas != null && previous != 1) {
      blas.setMaxThreads(previous);
    }
    if (nativeThreads != null) {
      Nd4j.getEnvironment().setMaxThreads(nativeThreads[0]);
      Nd4j.getEnvironment().setMaxMasterThreads(nativeThreads[1]);
    }
  }
}
