package io.github.jvi.core.bijector;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.util.Check;

/**
 * Element-wise x = loc + scale u (scale != 0): log |det J| = d log |scale|. Composed with another
 * bijector by {@link Chain} (for example an affine map after {@link Exp} moves a positive support).
 */
public final class Affine extends Elementwise {
  private final double loc;
  private final double scale;

  private Affine(long[] shape, double loc, double scale) {
    super(shape);
    this.loc = loc;
    this.scale = scale;
  }

  /** x = loc + scale u; loc finite, scale finite and non-zero. */
  public static Affine of(double loc, double scale, long... shape) {
    Check.finite("loc", loc);
    Check.finite("scale", scale);
    if (scale == 0.0) {
      throw new IllegalArgumentException("scale must be non-zero, found 0.0");
    }
    return new Affine(shape, loc, scale);
  }

  @Override
  Transformed forwardVector(Var u) {
    return new Transformed(u.mul(scale).add(loc), u.sum().mul(0.0).add(unconstrainedSize() * Math.log(Math.abs(scale))));
  }

  @Override
  double inverse(double x) {
    return (x - loc) / scale;
  }

  @Override
  boolean inSupport(double x) {
    return Double.isFinite(x);
  }

  @Override
  String support() {
    return "the reals";
  }

  @Override
  public String toString() {
    return "Affine(" + loc + ", " + scale + ")";
  }
}
