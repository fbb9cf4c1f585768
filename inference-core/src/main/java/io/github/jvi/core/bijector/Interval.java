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
public final class Interval implements Bijector {
  private final long[] shape;
  private final int size;
  private final double lower;
  private final double upper;
  private final double logWidth;

  private Interval(long[] shape, double lower, double upper) {
    this.shape = shape;
    this.size = Identity.of(shape).unconstrainedSize();
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
  public int unconstrainedSize() {
    return size;
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  @Override
  public Transformed forward(Var u) {
    Checks.vector(u, size);
    Var s = u.sigmoid();
    Var x = lower == 0.0 && upper == 1.0 ? s : s.mul(upper - lower).add(lower);
    Var logDet = u.logSigmoid().add(u.neg().logSigmoid()).sum().add(size * logWidth);
    return new Transformed(Checks.shaped(x, shape), logDet);
  }

  @Override
  public double[] inverse(double[] x) {
    Checks.length("x", x, size);
    if (!inSupport(x)) {
      throw Checks.outside("(" + lower + ", " + upper + ")", x);
    }
    double[] u = new double[size];
    for (int i = 0; i < size; i++) {
      double p = (x[i] - lower) / (upper - lower);
      u[i] = Math.log(p) - Math.log1p(-p);
    }
    return u;
  }

  @Override
  public boolean inSupport(double[] x) {
    if (x.length != size) {
      return false;
    }
    for (double v : x) {
      if (!(v > lower && v < upper)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "Interval(" + lower + ", " + upper + ")";
  }
}
