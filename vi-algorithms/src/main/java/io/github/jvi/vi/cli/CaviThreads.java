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

  private CaviThreads(Blas blas, int previous) {
    this.blas = blas;
    this.previous = previous;
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
  }
}
