package io.github.jvi.core.bijector;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.util.Check;

/**
 * Element-wise x = a + (b - a) sigmoid(u) onto (a, b), Stan's lower-and-upper-bounded transform:
 * <pre>
 * log |det J| = sum_i [log(b - a) + log sigmoid(u_i) + log sigmoid(-u_i)],   u = logit((x - a) / (b - a))
 * </pre>
 * log sigmoid is evaluated in its stable form, so the log-Jacobian is accurate for |u| up to the
 * range of doubles even where sigmoid(u) rounds to 0 or 1.
 */
public final class Interval extends Elementwise {
  private final double lower;
  private final double upper;
  private final double logWidth;

  private Interval(long[] shape, double lower, double upper) {
    super(shape);
    this.lower = lower;
    this.upper = upper;
    this.logWidth = Math.log(upper - lower);
  }

  /** (lower, upper) for values of the given shape; both finite, lower &lt; upper. */
  public static Interval of(double lower, double upper, long... shape) {
    Check.finite("lower", lower);
    Check.finite("upper", upper);
    if (!(lower < upper)) {
      throw new IllegalArgumentException("lower must be < upper, found lower=" + lower + ", upper=" + upper);
    }
    return new Interval(shape.clone(), lower, upper);
  }

  /** The unit interval (0, 1). */
  public static Interval unit(long... shape) {
    return of(0.0, 1.0, shape);
  }

  @Override
  Transformed forwardVector(Var u) {
    Var s = u.sigmoid();
    Var x = lower == 0.0 && upper == 1.0 ? s : s.mul(upper - lower).add(lower);
    Var logDet = u.logSigmoid().add(u.neg().logSigmoid()).sum().add(unconstrainedSize() * logWidth);
    return new Transformed(x, logDet);
  }

  @Override
  double inverse(double x) {
    double p = (x - lower) / (upper - lower);
    return Math.log(p) - Math.log1p(-p);
  }

  @Override
  boolean inSupport(double v) {
    return v > lower && v < upper;
  }

  @Override
  String support() {
    return "(" + lower + ", " + upper + ")";
  }

  @Override
  public String toString() {
    return "Interval(" + lower + ", " + upper + ")";
  }
}
