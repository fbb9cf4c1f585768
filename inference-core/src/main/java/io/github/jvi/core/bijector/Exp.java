package io.github.jvi.core.bijector;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.util.Check;

/**
 * Element-wise x = b + exp(u) (lower bound b; b = 0: the positive reals) or x = b - exp(u) (upper
 * bound b), Stan's lower- and upper-bounded transforms:
 * <pre>
 * log |det J| = sum_i u_i,   u = log(x - b)  (lower)  or  log(b - x)  (upper)
 * </pre>
 * Accuracy: x carries exp's relative accuracy (1 ulp) plus the rounding of the sum with b.
 */
public final class Exp implements Bijector {
  private final long[] shape;
  private final int size;
  private final double bound;
  private final boolean upper;

  private Exp(long[] shape, double bound, boolean upper) {
    this.shape = shape;
    this.size = Identity.of(shape).unconstrainedSize();
    this.bound = bound;
    this.upper = upper;
  }

  /** The positive reals, x = exp(u), for values of the given shape. */
  public static Exp positive(long... shape) {
    return new Exp(shape.clone(), 0.0, false);
  }

  /** (lower, inf), x = lower + exp(u). */
  public static Exp lowerBound(double lower, long... shape) {
    return new Exp(shape.clone(), Check.finite("lower", lower), false);
  }

  /** (-inf, upper), x = upper - exp(u). */
  public static Exp upperBound(double upper, long... shape) {
    return new Exp(shape.clone(), Check.finite("upper", upper), true);
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
    Var e = u.exp();
    Var x = upper ? e.rsub(bound) : (bound == 0.0 ? e : e.add(bound));
    return new Transformed(Checks.shaped(x, shape), u.sum());
  }

  @Override
  public double[] inverse(double[] x) {
    Checks.length("x", x, size);
    if (!inSupport(x)) {
      throw Checks.outside(support(), x);
    }
    double[] u = new double[size];
    for (int i = 0; i < size; i++) {
      u[i] = Math.log(upper ? bound - x[i] : x[i] - bound);
    }
    return u;
  }

  @Override
  public boolean inSupport(double[] x) {
    if (x.length != size) {
      return false;
    }
    for (double v : x) {
      if (!(upper ? v < bound : v > bound) || !Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  private String support() {
    return upper ? "(-inf, " + bound + ")" : "(" + bound + ", inf)";
  }

  @Override
  public String toString() {
    return "Exp" + support();
  }
}
