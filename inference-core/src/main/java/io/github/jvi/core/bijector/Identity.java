package io.github.jvi.core.bijector;

import io.github.jvi.core.autodiff.Var;

/** x = u reshaped: the support of an unconstrained real scalar, vector or array; log |det J| = 0. */
public final class Identity implements Bijector {
  private final long[] shape;
  private final int size;

  private Identity(long[] shape) {
    this.shape = shape;
    long n = 1;
    for (long s : shape) {
      if (s < 1) {
        throw new IllegalArgumentException("shape entries must be >= 1, found " + java.util.Arrays.toString(shape));
      }
      n *= s;
    }
    this.size = Math.toIntExact(n);
  }

  /** The identity on values of the given shape ({@code of()} for a scalar). */
  public static Identity of(long... shape) {
    return new Identity(shape.clone());
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
    return new Transformed(Checks.shaped(u, shape), u.sum().mul(0.0));
  }

  @Override
  public double[] inverse(double[] x) {
    Checks.length("x", x, size);
    if (!inSupport(x)) {
      throw Checks.outside("the reals", x);
    }
    return x.clone();
  }

  @Override
  public boolean inSupport(double[] x) {
    if (x.length != size) {
      return false;
    }
    for (double v : x) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "Identity" + java.util.Arrays.toString(shape);
  }
}
