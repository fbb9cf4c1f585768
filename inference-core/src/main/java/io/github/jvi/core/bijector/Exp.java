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
public final class Exp extends Elementwise {
  private final double bound;
  private final boolean upper;

  private Exp(long[] shape, double bound, boolean upper) {
    super(shape);
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
  Transformed forwardVector(Var u) {
    Var e = u.exp();
    Var x = upper ? e.rsub(bound) : (bound == 0.0 ? e : e.add(bound));
    return new Transformed(x, u.sum());
  }

  @Override
  double inverse(double x) {
    return Math.log(upper ? bound - x : x - bound);
  }

  @Override
  boolean inSupport(double v) {
    return (upper ? v < bound : v > bound) && Double.isFinite(v);
  }

  @Override
  String support() {
    return upper ? "(-inf, " + bound + ")" : "(" + bound + ", inf)";
  }

  @Override
  public String toString() {
    return "Exp" + support();
  }
}
