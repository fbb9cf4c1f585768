package io.github.jvi.core.bijector;

import io.github.jvi.core.autodiff.Var;
import java.util.Arrays;

/**
 * What the element-wise bijectors share: values of a fixed shape with one unconstrained real per
 * element, the inverse and the support test applied element by element, and the length checks.
 * Subclasses give the scalar inverse, the scalar support test, the support's name for messages,
 * and the forward map on the whole vector.
 */
abstract class Elementwise implements Bijector {
  private final long[] shape;
  private final int size;

  Elementwise(long[] shape) {
    long n = 1;
    for (long s : shape) {
      if (s < 1) {
        throw new IllegalArgumentException("shape entries must be >= 1, found " + Arrays.toString(shape));
      }
      n *= s;
    }
    this.shape = shape.clone();
    this.size = Math.toIntExact(n);
  }

  /** u_i = T^-1(x_i) for x_i inside the support. */
  abstract double inverse(double x);

  /** Whether x_i lies in the support. */
  abstract boolean inSupport(double x);

  /** The support, for messages. */
  abstract String support();

  /** T(u) and log |det J| on the vector u of {@link #unconstrainedSize()} reals (checked). */
  abstract Transformed forwardVector(Var u);

  @Override
  public final int unconstrainedSize() {
    return size;
  }

  @Override
  public final long[] shape() {
    return shape.clone();
  }

  @Override
  public final Transformed forward(Var u) {
    Checks.vector(u, size);
    Transformed t = forwardVector(u);
    return new Transformed(Checks.shaped(t.value(), shape), t.logDetJacobian());
  }

  @Override
  public final double[] inverse(double[] x) {
    Checks.length("x", x, size);
    if (!inSupport(x)) {
      throw Checks.outside(support(), x);
    }
    double[] u = new double[size];
    for (int i = 0; i < size; i++) {
      u[i] = inverse(x[i]);
    }
    return u;
  }

  @Override
  public final boolean inSupport(double[] x) {
    if (x.length != size) {
      return false;
    }
    for (double v : x) {
      if (!inSupport(v)) {
        return false;
      }
    }
    return true;
  }
}
