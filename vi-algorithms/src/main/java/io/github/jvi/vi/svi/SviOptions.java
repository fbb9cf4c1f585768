package io.github.jvi.vi.svi;

import io.github.jvi.core.util.Check;
import io.github.jvi.vi.cavi.Init;
import java.util.Objects;

/**
 * Settings of stochastic variational inference (Hoffman, Blei, Wang and Paisley 2013): minibatches
 * of {@code batch} points, {@code passes} passes over the data, step sizes
 * rho_t = (t + tau)^-kappa for t = 1, 2, ... (kappa in (0.5, 1] and tau &gt;= 0 satisfy the
 * Robbins-Monro conditions sum rho_t = infinity, sum rho_t^2 &lt; infinity), the seed of the
 * initialisation and of the shuffling, a held-out slice of {@code holdout} points (at most a tenth
 * of the data; its ELBO per point is recorded every {@code reportEvery} steps), and the stream's
 * blocks: passes visit blocks of {@code blockRows} rows in a random order and shuffle the rows of
 * {@code windowBlocks} blocks at a time.
 *
 * <p>Defaults ({@link #defaults()}): batch 4096, 2 passes, kappa 0.7, tau 1, seed 1, holdout 10000,
 * blocks of 65536 rows, windows of 4 blocks, a report every 100 steps, k-means++ initialisation
 * on the held-out slice.
 *
 * <p>The initial factors: batch CAVI on the held-out slice with {@link #initOptions()} (200 sweeps,
 * tol 1e-8, 3 restarts of {@code init}), its statistics scaled to the training set.
 */
public final class SviOptions {
  private final int batch;
  private final int passes;
  private final double kappa;
  private final double tau;
  private final long seed;
  private final int holdout;
  private final int blockRows;
  private final int windowBlocks;
  private final int reportEvery;
  private final Init init;

  private SviOptions(int batch, int passes, double kappa, double tau, long seed, int holdout, int blockRows,
      int windowBlocks, int reportEvery, Init init) {
    this.batch = batch;
    this.passes = passes;
    this.kappa = kappa;
    this.tau = tau;
    this.seed = seed;
    this.holdout = holdout;
    this.blockRows = blockRows;
    this.windowBlocks = windowBlocks;
    this.reportEvery = reportEvery;
    this.init = init;
  }

  /**
   * Validated options.
   *
   * @param batch minibatch size B, &gt;= 1
   * @param passes passes over the data, &gt;= 1
   * @param kappa forgetting rate, in (0.5, 1]
   * @param tau delay, finite and &gt;= 0
   * @param seed seed of the initialisation, the held-out sample and the shuffling
   * @param holdout size of the held-out slice, &gt;= 1 (capped at a tenth of the data)
   * @param blockRows rows per block, &gt;= 1
   * @param windowBlocks blocks whose rows are shuffled together, &gt;= 1
   * @param reportEvery steps between held-out ELBO reports, &gt;= 1
   * @param init initialisation of the responsibilities on the held-out slice
   */
  public static SviOptions of(int batch, int passes, double kappa, double tau, long seed, int holdout,
      int blockRows, int windowBlocks, int reportEvery, Init init) {
    Check.atLeast("batch", batch, 1);
    Check.atLeast("passes", passes, 1);
    if (!(kappa > 0.5 && kappa <= 1)) {
      throw new IllegalArgumentException("kappa must be in (0.5, 1], found " + kappa);
    }
    Check.nonNegative("tau", tau);
    Check.finite("tau", tau);
    Check.atLeast("holdout", holdout, 1);
    Check.atLeast("blockRows", blockRows, 1);
    Check.atLeast("windowBlocks", windowBlocks, 1);
    Check.atLeast("reportEvery", reportEvery, 1);
    Objects.requireNonNull(init, "init");
    return new SviOptions(batch, passes, kappa, tau, seed, holdout, blockRows, windowBlocks, reportEvery, init);
  }

  /** The defaults listed in the class comment. */
  public static SviOptions defaults() {
    return of(4096, 2, 0.7, 1, 1, 10_000, 1 << 16, 4, 100, Init.KMEANS_PLUS_PLUS);
  }

  /** A copy with another minibatch size, number of passes, kappa and tau. */
  public SviOptions with(int batch, int passes, double kappa, double tau) {
    return of(batch, passes, kappa, tau, seed, holdout, blockRows, windowBlocks, reportEvery, init);
  }

  /** A copy with another seed. */
  public SviOptions withSeed(long seed) {
    return of(batch, passes, kappa, tau, seed, holdout, blockRows, windowBlocks, reportEvery, init);
  }

  /** A copy with another held-out size and report interval. */
  public SviOptions withHoldout(int holdout, int reportEvery) {
    return of(batch, passes, kappa, tau, seed, holdout, blockRows, windowBlocks, reportEvery, init);
  }

  /** A copy with other block sizes. */
  public SviOptions withBlocks(int blockRows, int windowBlocks) {
    return of(batch, passes, kappa, tau, seed, holdout, blockRows, windowBlocks, reportEvery, init);
  }

  /** The CAVI run on the held-out slice that gives the initial factors: 200 sweeps, tol 1e-8, 3 restarts of init. */
  public io.github.jvi.vi.cavi.CaviOptions initOptions() {
    return io.github.jvi.vi.cavi.CaviOptions.of(200, 1e-8, 3, init);
  }

  /** rho_t = (t + tau)^-kappa. */
  public double rho(long t) {
    return Math.pow(t + tau, -kappa);
  }

  public int batch() {
    return batch;
  }

  public int passes() {
    return passes;
  }

  public double kappa() {
    return kappa;
  }

  public double tau() {
    return tau;
  }

  public long seed() {
    return seed;
  }

  public int holdout() {
    return holdout;
  }

  public int blockRows() {
    return blockRows;
  }

  public int windowBlocks() {
    return windowBlocks;
  }

  public int reportEvery() {
    return reportEvery;
  }

  public Init init() {
    return init;
  }

  @Override
  public String toString() {
    return "SviOptions(batch=" + batch + ", passes=" + passes + ", kappa=" + kappa + ", tau=" + tau + ", seed=" + seed
        + ", holdout=" + holdout + ", blockRows=" + blockRows + ", windowBlocks=" + windowBlocks + ", reportEvery="
        + reportEvery + ", init=" + init + ")";
  }
}
