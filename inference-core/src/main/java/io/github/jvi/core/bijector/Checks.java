package io.github.jvi.core.bijector;

import io.github.jvi.core.autodiff.Var;
import java.util.Arrays;

/** Argument checks shared by the bijectors. */
final class Checks {
  private Checks() {}

  static void length(String what, double[] x, int n) {
    if (x == null || x.length != n) {
      throw new IllegalArgumentException(what + " must have " + n + " elements, found "
          + (x == null ? "null" : x.length));
    }
  }

  static void vector(Var u, int n) {
    long[] s = u.shape();
    if (s.length != 1 || s[0] != n) {
      throw new IllegalArgumentException("u must be a vector of " + n + " unconstrained reals, found shape "
          + Arrays.toString(s));
    }
  }

  static IllegalArgumentException outside(String support, double[] x) {
    return new IllegalArgumentException("x must lie in " + support + ", found " + Arrays.toString(x));
  }

  static int size(String name, int n, int min) {
    if (n < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", found " + n);
    }
    return n;
  }

  /** Element i of a vector, rank 0. */
  static Var at(Var u, int i) {
    return u.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1)).sum();
  }

  /** Elements [from, to) of a vector. */
  static Var slice(Var u, int from, int to) {
    return u.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to));
  }

  /** Rank-0 values joined into a vector. */
  static Var stack(java.util.List<Var> scalars) {
    Var[] parts = new Var[scalars.size()];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = scalars.get(i).reshape(1);
    }
    return parts.length == 1 ? parts[0] : Var.concat(0, parts);
  }

  /** u as a rank-0 value when the bijector is scalar, else u itself reshaped. */
  static Var shaped(Var x, long[] shape) {
    if (shape.length == 0) {
      return x.sum();
    }
    return shape.length == 1 ? x : x.reshape(shape);
  }
}
