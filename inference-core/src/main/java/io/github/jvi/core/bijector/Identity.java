package io.github.jvi.core.bijector;

import io.github.jvi.core.autodiff.Var;

/** x = u reshaped: the support of an unconstrained real scalar, vector or array; log |det J| = 0. */
public final class Identity extends Elementwise {
  private Identity(long[] shape) {
    super(shape);
  }

  /** The identity on values of the given shape ({@code of()} for a scalar). */
  public static Identity of(long... shape) {
    return new Identity(shape);
  }

  @Override
  Transformed forwardVector(Var u) {
    return new Transformed(u, u.sum().mul(0.0));
  }

  @Override
  double inverse(double x) {
    return x;
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
    return "Identity" + java.util.Arrays.toString(shape());
  }
}
