package io.github.jvi.vae.nn;

import io.github.jvi.core.autodiff.Var;

/** A differentiable map of a batch, {@code x [n, ...] -> y [n, ...]}, given the parameter values. */
@FunctionalInterface
public interface Layer {
  /** The output for input {@code x}, computed with parameters {@code p}. */
  Var forward(Params p, Var x);

  /** This layer followed by {@code next}. */
  default Layer then(Layer next) {
    return (p, x) -> next.forward(p, forward(p, x));
  }

  /** Flattens {@code [n, ...]} to {@code [n, rest]}. */
  static Layer flatten() {
    return (p, x) -> x.reshape(x.shape()[0], x.value().length() / x.shape()[0]);
  }

  /** Reshapes {@code [n, ...]} to {@code [n, dims...]}. */
  static Layer unflatten(long... dims) {
    return (p, x) -> {
      long[] shape = new long[dims.length + 1];
      shape[0] = x.shape()[0];
      System.arraycopy(dims, 0, shape, 1, dims.length);
      return x.reshape(shape);
    };
  }
}
