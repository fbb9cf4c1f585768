package io.github.jvi.vi.cavi;

import io.github.jvi.core.util.Check;
import java.util.Objects;

/**
 * Settings of a CAVI run: at most {@code maxIter} sweeps; stop at the first sweep where the
 * relative ELBO change {@code |L_t - L_(t-1)| <= tol * |L_t|} or where the largest change of a
 * variational parameter, {@code max_i |theta_i^t - theta_i^(t-1)| / max(1, |theta_i^t|)}, is at
 * most {@code paramTol} ({@link Convergence} defines both; a tolerance of 0 switches its test off,
 * both 0 run to the iteration limit); {@code restarts} independent initialisations, keeping the
 * one with the highest final ELBO; the initialisation scheme {@link Init}. The result reports which
 * test stopped the fit ({@link CaviFit#convergence()}).
 *
 * <p>The ELBO moves only quadratically in the parameters' error near the optimum, so the ELBO test
 * can stop a slowly converging fit early; to run to the fixed point use
 * {@code withTol(0).withParamTol(1e-12)} (or {@code --tol 0 --param-tol 1e-12}).
 *
 * <p>Defaults ({@link #defaults()}): 1000 sweeps, tol = 1e-8, paramTol = 0 (off), 1 restart,
 * k-means++, sequential ({@link Threading}: how many threads the E-step uses is the caller's
 * setting, never read from or written to ND4J's process-wide configuration).
 */
public final class CaviOptions {
  private final int maxIter;
  private final double tol;
  private final double paramTol;
  private final int restarts;
  private final Init init;
  private final Threading threading;
  private final double conditionLimit;

  private CaviOptions(int maxIter, double tol, double paramTol, int restarts, Init init) {
    this(maxIter, tol, paramTol, restarts, init, Threading.sequential(), MixtureEngine.DEFAULT_CONDITION_LIMIT);
  }

  private CaviOptions(int maxIter, double tol, double paramTol, int restarts, Init init, Threading threading,
      double conditionLimit) {
    this.maxIter = maxIter;
    this.tol = tol;
    this.paramTol = paramTol;
    this.restarts = restarts;
    this.init = init;
    this.threading = threading;
    this.conditionLimit = conditionLimit;
  }

  /** The settings of {@code o} (validated by {@link #of}) with this object's threading and condition limit. */
  private CaviOptions carry(CaviOptions o) {
    return new CaviOptions(o.maxIter, o.tol, o.paramTol, o.restarts, o.init, threading, conditionLimit);
  }

  /**
   * Validated options.
   *
   * @param maxIter maximum number of sweeps, at least 1
   * @param tol relative ELBO change at which to stop, finite and &gt;= 0 (0: no ELBO test)
   * @param restarts number of initialisations, at least 1
   * @param init initialisation scheme
   */
  public static CaviOptions of(int maxIter, double tol, int restarts, Init init) {
    return of(maxIter, tol, 0, restarts, init);
  }

  /**
   * Validated options with both stopping tests.
   *
   * @param maxIter maximum number of sweeps, at least 1
   * @param tol relative ELBO change at which to stop, finite and &gt;= 0 (0: no ELBO test)
   * @param paramTol largest parameter change per sweep at which to stop, finite and &gt;= 0 (0: no
   *     parameter test; see {@link Convergence})
   * @param restarts number of initialisations, at least 1
   * @param init initialisation scheme
   */
  public static CaviOptions of(int maxIter, double tol, double paramTol, int restarts, Init init) {
    Check.atLeast("maxIter", maxIter, 1);
    Check.nonNegative("tol", tol);
    Check.nonNegative("paramTol", paramTol);
    Check.atLeast("restarts", restarts, 1);
    Objects.requireNonNull(init, "init");
    return new CaviOptions(maxIter, tol, paramTol, restarts, init);
  }

  /** 1000 sweeps, tol = 1e-8, no parameter test, one restart, k-means++. */
  public static CaviOptions defaults() {
    return new CaviOptions(1000, 1e-8, 0, 1, Init.KMEANS_PLUS_PLUS);
  }

  /** Maximum number of sweeps. */
  public int maxIter() {
    return maxIter;
  }

  /** Relative ELBO tolerance. */
  public double tol() {
    return tol;
  }

  /** Parameter tolerance (0: no parameter test). */
  public double paramTol() {
    return paramTol;
  }

  /** Number of initialisations. */
  public int restarts() {
    return restarts;
  }

  /** Initialisation scheme. */
  public Init init() {
    return init;
  }

  /** A copy with another iteration limit. */
  public CaviOptions withMaxIter(int maxIter) {
    return carry(of(maxIter, tol, paramTol, restarts, init));
  }

  /** A copy with another ELBO tolerance (0: no ELBO test). */
  public CaviOptions withTol(double tol) {
    return carry(of(maxIter, tol, paramTol, restarts, init));
  }

  /** A copy with another parameter tolerance (0: no parameter test). */
  public CaviOptions withParamTol(double paramTol) {
    return carry(of(maxIter, tol, paramTol, restarts, init));
  }

  /** A copy with another number of restarts. */
  public CaviOptions withRestarts(int restarts) {
    return carry(of(maxIter, tol, paramTol, restarts, init));
  }

  /** A copy with another initialisation. */
  public CaviOptions withInit(Init init) {
    return carry(of(maxIter, tol, paramTol, restarts, init));
  }

  /** How the E-step's blocks are spread over threads (results do not depend on it). */
  public Threading threading() {
    return threading;
  }

  /** A copy with another threading setting. */
  public CaviOptions withThreading(Threading threading) {
    Objects.requireNonNull(threading, "threading");
    return new CaviOptions(maxIter, tol, paramTol, restarts, init, threading, conditionLimit);
  }

  /** Components whose expansion about 0 would lose more than this many epsilons are evaluated directly. */
  double conditionLimit() {
    return conditionLimit;
  }

  /** A copy with another condition limit (tests: 0 evaluates every component directly, infinity none). */
  CaviOptions withConditionLimit(double limit) {
    if (!(limit >= 0)) {
      throw new IllegalArgumentException("conditionLimit must be >= 0, found " + limit);
    }
    return new CaviOptions(maxIter, tol, paramTol, restarts, init, threading, limit);
  }

  @Override
  public String toString() {
    return "CaviOptions(maxIter=" + maxIter + ", tol=" + tol + ", paramTol=" + paramTol + ", restarts=" + restarts
        + ", init=" + init + ", threading=" + threading + ")";
  }
}
