package io.github.jvi.core.bijector;

import io.github.jvi.core.autodiff.Var;
import java.util.Arrays;

/**
 * The composition x = outer(inner(u)):
 * <pre>
 * log |det J| = log |det J_inner(u)| + log |det J_outer(inner(u))|
 * </pre>
 * {@code outer} must take as many unconstrained reals as {@code inner}'s values have elements;
 * inner's value is flattened (row-major) before outer sees it. inner's values must be free
 * coordinates (as many elements as unconstrained reals): on a lower-dimensional support such as
 * the simplex or the Cholesky factors of correlation matrices, outer's log |det J| (a volume change
 * of all the elements) is not the change of the density with respect to the free coordinates, so
 * such a chain is rejected rather than silently wrong.
 */
public final class Chain implements Bijector {
  private final Bijector outer;
  private final Bijector inner;

  private Chain(Bijector outer, Bijector inner) {
    this.outer = outer;
    this.inner = inner;
  }

  /** outer after inner. */
  public static Chain of(Bijector outer, Bijector inner) {
    if (outer.unconstrainedSize() != inner.constrainedSize()) {
      throw new IllegalArgumentException("outer takes " + outer.unconstrainedSize()
          + " reals but inner's values have " + inner.constrainedSize() + " elements (shape "
          + Arrays.toString(inner.shape()) + ")");
    }
    if (inner.unconstrainedSize() != inner.constrainedSize()) {
      throw new IllegalArgumentException("inner " + inner + " maps " + inner.unconstrainedSize() + " reals onto values of "
          + inner.constrainedSize() + " elements (a lower-dimensional support): outer's log-Jacobian would be wrong "
          + "there; apply outer inside the model instead");
    }
    return new Chain(outer, inner);
  }

  @Override
  public int unconstrainedSize() {
    return inner.unconstrainedSize();
  }

  @Override
  public long[] shape() {
    return outer.shape();
  }

  @Override
  public Transformed forward(Var u) {
    Transformed y = inner.forward(u);
    Var flat = y.value().rank() == 1 ? y.value() : y.value().reshape(inner.constrainedSize());
    Transformed x = outer.forward(flat);
    return new Transformed(x.value(), y.logDetJacobian().add(x.logDetJacobian()));
  }

  @Override
  public double[] inverse(double[] x) {
    return inner.inverse(outer.inverse(x));
  }

  @Override
  public boolean inSupport(double[] x) {
    if (!outer.inSupport(x)) {
      return false;
    }
    return inner.inSupport(outer.inverse(x));
  }

  @Override
  public String toString() {
    return outer + " o " + inner;
  }
}
