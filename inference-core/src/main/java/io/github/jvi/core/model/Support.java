package io.github.jvi.core.model;

import io.github.jvi.core.bijector.Bijector;
import io.github.jvi.core.bijector.CorrCholesky;
import io.github.jvi.core.bijector.Exp;
import io.github.jvi.core.bijector.Identity;
import io.github.jvi.core.bijector.Interval;
import io.github.jvi.core.bijector.Ordered;
import io.github.jvi.core.bijector.StickBreaking;
import java.util.Objects;

/**
 * The support of a latent variable, with the bijector from unconstrained reals onto it (Stan's
 * constraint transforms). Sizes are checked here: a vector support needs n &gt;= 1.
 *
 * <table>
 *   <caption>Supports and their transforms</caption>
 *   <tr><th>support</th><th>Stan</th><th>bijector</th></tr>
 *   <tr><td>{@link #real()}, {@link #real(int)}</td><td>real, vector[n]</td><td>{@link Identity}</td></tr>
 *   <tr><td>{@link #positive()}, {@link #positive(int)}</td><td>real&lt;lower=0&gt;</td><td>{@link Exp}</td></tr>
 *   <tr><td>{@link #lowerBounded(double)}</td><td>real&lt;lower=a&gt;</td><td>{@link Exp#lowerBound}</td></tr>
 *   <tr><td>{@link #upperBounded(double)}</td><td>real&lt;upper=b&gt;</td><td>{@link Exp#upperBound}</td></tr>
 *   <tr><td>{@link #interval(double, double)}, {@link #unitInterval()}</td><td>real&lt;lower=a, upper=b&gt;</td><td>{@link Interval}</td></tr>
 *   <tr><td>{@link #simplex(int)}</td><td>simplex[K]</td><td>{@link StickBreaking}</td></tr>
 *   <tr><td>{@link #ordered(int)}</td><td>ordered[K]</td><td>{@link Ordered}</td></tr>
 *   <tr><td>{@link #choleskyCorr(int)}</td><td>cholesky_factor_corr[K]</td><td>{@link CorrCholesky}</td></tr>
 * </table>
 */
public final class Support {
  private final String description;
  private final Bijector bijector;

  private Support(String description, Bijector bijector) {
    this.description = description;
    this.bijector = bijector;
  }

  /** A support given by any bijector (for example a {@link io.github.jvi.core.bijector.Chain}). */
  public static Support of(String description, Bijector bijector) {
    return new Support(Objects.requireNonNull(description, "description"), Objects.requireNonNull(bijector, "bijector"));
  }

  /** A real scalar. */
  public static Support real() {
    return new Support("real", Identity.of());
  }

  /** A real vector of length n. */
  public static Support real(int n) {
    return new Support("vector[" + size("n", n) + "]", Identity.of(n));
  }

  /** A positive scalar. */
  public static Support positive() {
    return new Support("real<lower=0>", Exp.positive());
  }

  /** A vector of n positive reals. */
  public static Support positive(int n) {
    return new Support("vector<lower=0>[" + size("n", n) + "]", Exp.positive(n));
  }

  /** A scalar above {@code lower}. */
  public static Support lowerBounded(double lower) {
    return new Support("real<lower=" + lower + ">", Exp.lowerBound(lower));
  }

  /** A scalar below {@code upper}. */
  public static Support upperBounded(double upper) {
    return new Support("real<upper=" + upper + ">", Exp.upperBound(upper));
  }

  /** A scalar in (lower, upper). */
  public static Support interval(double lower, double upper) {
    return new Support("real<lower=" + lower + ", upper=" + upper + ">", Interval.of(lower, upper));
  }

  /** A vector of n values in (lower, upper). */
  public static Support interval(double lower, double upper, int n) {
    return new Support("vector<lower=" + lower + ", upper=" + upper + ">[" + size("n", n) + "]",
        Interval.of(lower, upper, n));
  }

  /** A scalar in (0, 1). */
  public static Support unitInterval() {
    return new Support("real<lower=0, upper=1>", Interval.unit());
  }

  /** A point of the simplex of k &gt;= 2 components. */
  public static Support simplex(int k) {
    return new Support("simplex[" + k + "]", StickBreaking.of(k));
  }

  /** An increasing vector of k &gt;= 1 reals. */
  public static Support ordered(int k) {
    return new Support("ordered[" + k + "]", Ordered.of(k));
  }

  /**
   * A discrete latent in {0, ..., k - 1} (k = 2: a binary latent), for black-box VI with a guide
   * that draws it; ADVI rejects models with discrete latents.
   */
  public static Support discrete(int k) {
    return new Support("int<lower=0, upper=" + (k - 1) + ">", io.github.jvi.core.bijector.Discrete.of(k));
  }

  /** Whether the latent is discrete (no unconstrained coordinates). */
  public boolean isDiscrete() {
    return bijector instanceof io.github.jvi.core.bijector.Discrete;
  }

  /** The Cholesky factor of a k x k correlation matrix, k &gt;= 2. */
  public static Support choleskyCorr(int k) {
    return new Support("cholesky_factor_corr[" + k + "]", CorrCholesky.of(k));
  }

  private static int size(String name, int n) {
    if (n < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, found " + n);
    }
    return n;
  }

  /** The bijector from unconstrained reals onto this support. */
  public Bijector bijector() {
    return bijector;
  }

  /** The shape of a value. */
  public long[] shape() {
    return bijector.shape();
  }

  @Override
  public String toString() {
    return description;
  }
}
