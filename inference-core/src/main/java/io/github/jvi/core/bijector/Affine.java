package io.github.jvi.core.bijector;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.util.Check;

/**
 * Element-wise x = loc + scale u (scale != 0): log |det J| = d log |scale|. Composed with another
 * bijector by {@link Chain} (for example an affine map after {@link Exp} moves a positive support).
 */
public final class Affine implements Bijector {
  private final long[] shape;
  private final int size;
  private final double loc;
  private final double scale;

  private Affine(long[] shape, double loc, double scale) {
    this.shape = shape;
    this.size = Identity.of(shape).unconstrainedSize();
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
    return new Affine(shape.clone(), loc, scale);
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
    return new Transformed(Checks.shaped(u.mul(scale).add(loc), shape),
        u.sum().mul(0.0).add(size * Math.log(Math.abs(scale))));
  }

  @Override
  public double[] inverse(double[] x) {
    Checks.length("x", x, size);
    if (!inSupport(x)) {
      throw Checks.outside("the reals", x);
    }
    double[] u = new double[size];
    for (int i = 0; i < size; i++) {
      u[i] = (x[i] - loc) / scale;
    }
    return u;
  }

  @Override
  public boolean inSupport(double[] x) {
    return Identity.of(shape).inSupport(x);
  }

  @Override
  public String toString() {
    return "Affine(" + loc + ", " + scale + ")";
  }
}
