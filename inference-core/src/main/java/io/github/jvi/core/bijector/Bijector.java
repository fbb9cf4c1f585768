package io.github.jvi.core.bijector;

import io.github.jvi.core.autodiff.Var;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A smooth bijection T from R^d (d = {@link #unconstrainedSize()}) onto a constrained support of
 * values of shape {@link #shape()}, with log |det dT/du|.
 *
 * <p>Change of variables: if x = T(u), then p_U(u) = p_X(T(u)) |det J_T(u)|, so
 * log p_U(u) = log p_X(T(u)) + {@link Transformed#logDetJacobian()}. Values are flattened in row-major
 * order wherever a {@code double[]} stands for a constrained value.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface Bijector {
  /** x = T(u) with log |det dT/du| at u, both differentiable in u. */
  record Transformed(Var value, Var logDetJacobian) {}

  /** d, the number of unconstrained reals. */
  int unconstrainedSize();

  /** The shape of a constrained value ({@code []} for a scalar). */
  long[] shape();

  /**
   * T(u) and log |det J_T(u)|.
   *
   * @param u a float64 vector of shape [d]
   */
  Transformed forward(Var u);

  /**
   * u = T^-1(x) for x inside the support (flattened, row-major).
   *
   * @throws IllegalArgumentException if x has the wrong length or lies outside the support
   */
  double[] inverse(double[] x);

  /** Whether x (flattened, row-major) lies in the support. */
  boolean inSupport(double[] x);

  /** The number of elements of a constrained value. */
  default int constrainedSize() {
    long n = 1;
    for (long s : shape()) {
      n *= s;
    }
    return Math.toIntExact(n);
  }

  /** T(u) for a point u, flattened (row-major). */
  default double[] forward(double[] u) {
    INDArray x = forward(Var.constant(Nd4j.createFromArray(u))).value().value();
    return x.rank() == 0 ? new double[] {x.getDouble(0)} : x.dup('c').data().asDouble();
  }

  /** log |det J_T(u)| for a point u. */
  default double logDetJacobian(double[] u) {
    return forward(Var.constant(Nd4j.createFromArray(u))).logDetJacobian().item();
  }

  /** This bijector applied after {@code inner}: x = this(inner(u)). */
  default Bijector after(Bijector inner) {
    return Chain.of(this, inner);
  }
}
