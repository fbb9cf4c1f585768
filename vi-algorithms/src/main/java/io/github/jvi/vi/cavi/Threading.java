package io.github.jvi.vi.cavi;

import io.github.jvi.core.util.Check;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * How a CAVI fit spreads the blocks of its E-step over threads: a setting the caller owns, passed
 * in through {@link CaviOptions#withThreading}. Nothing process-wide is read or changed (neither
 * ND4J's nor BLAS's thread counts).
 *
 * <ul>
 *   <li>{@link #sequential()} (the default): every block on the calling thread;</li>
 *   <li>{@link #threads(int) threads(n)}: the calling thread plus n - 1 threads started for the fit
 *       and stopped when it returns;</li>
 *   <li>{@link #on(Executor, int) on(executor, n)}: the calling thread plus n - 1 tasks handed to
 *       the caller's executor (a task that has not started when the calling thread has taken every
 *       block finds nothing to do, so a busy or small pool delays nothing and cannot deadlock).</li>
 * </ul>
 *
 * <p>The blocks' statistics are added in block order whatever thread computed them, so a fit gives
 * bit-identical results for every setting. The products inside a block are small: a multi-threaded
 * BLAS called from several workers at once contends (measured on 2 cores at N = 1e6: 50-60 ms
 * against 34 ms per sweep with BLAS on one thread). An application that runs CAVI on several
 * threads may therefore set BLAS to one thread itself; the {@code jvi cavi} commands do.
 */
public final class Threading {
  private static final Threading SEQUENTIAL = new Threading(1, null);

  private final int threads;
  private final Executor executor;

  private Threading(int threads, Executor executor) {
    this.threads = threads;
    this.executor = executor;
  }

  /** Every block on the calling thread. */
  public static Threading sequential() {
    return SEQUENTIAL;
  }

  /**
   * The calling thread plus {@code threads - 1} daemon threads owned by the fit.
   *
   * @param threads at least 1 (1 is {@link #sequential()})
   */
  public static Threading threads(int threads) {
    Check.atLeast("threads", threads, 1);
    return threads == 1 ? SEQUENTIAL : new Threading(threads, null);
  }

  /**
   * The calling thread plus {@code threads - 1} tasks on the caller's executor (not shut down by
   * the fit).
   *
   * @param threads at least 1: the number of blocks computed at once
   */
  public static Threading on(Executor executor, int threads) {
    Objects.requireNonNull(executor, "executor");
    Check.atLeast("threads", threads, 1);
    return new Threading(threads, executor);
  }

  /** Number of threads computing blocks at once, the calling thread included. */
  public int threads() {
    return threads;
  }

  /** The caller's executor, or null when the fit starts its own threads (or runs sequentially). */
  Executor executor() {
    return executor;
  }

  @Override
  public String toString() {
    return threads == 1 && executor == null ? "sequential"
        : executor == null ? "threads(" + threads + ")" : "on(" + executor + ", " + threads + ")";
  }
}
