package io.github.jvi.core.distribution;

import io.github.jvi.core.autodiff.Var;
import java.util.Arrays;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Shape arithmetic shared by the distributions (NumPy broadcasting rules). */
public final class Shapes {
  private Shapes() {}

  /** a ++ b. */
  public static long[] concat(long[] a, long[] b) {
    long[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** The broadcast of two shapes, or null if they do not broadcast. */
  public static long[] broadcastOrNull(long[] a, long[] b) {
    int n = Math.max(a.length, b.length);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      long x = i < n - a.length ? 1 : a[i - (n - a.length)];
      long y = i < n - b.length ? 1 : b[i - (n - b.length)];
      if (x != y && x != 1 && y != 1) {
        return null;
      }
      out[i] = Math.max(x, y);
    }
    return out;
  }

  /** The broadcast of two shapes. */
  public static long[] broadcast(long[] a, long[] b) {
    long[] out = broadcastOrNull(a, b);
    if (out == null) {
      throw new IllegalArgumentException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
          + " do not broadcast");
    }
    return out;
  }

  /** Throws naming both parameters if their shapes do not broadcast. */
  public static void broadcastOrThrow(String nameA, long[] a, String nameB, long[] b) {
    if (broadcastOrNull(a, b) == null) {
      throw new IllegalArgumentException(nameA + " shape " + Arrays.toString(a) + " and " + nameB
          + " shape " + Arrays.toString(b) + " do not broadcast");
    }
  }

  /** Stacks equally shaped values along a new last dimension (broadcasting them first). */
  public static Var stackLast(Var... parts) {
    long[] shape = parts[0].shape();
    for (Var p : parts) {
      shape = broadcast(shape, p.shape());
    }
    Var[] expanded = new Var[parts.length];
    long[] withOne = concat(shape, new long[] {1});
    for (int i = 0; i < parts.length; i++) {
      Var p = parts[i];
      if (!Arrays.equals(p.shape(), shape)) {
        p = p.add(Var.constant(org.nd4j.linalg.factory.Nd4j.zeros(p.dataType(), shape)));
      }
      expanded[i] = p.reshape(withOne);
    }
    return Var.concat(shape.length, expanded);
  }

  /** The number of elements of a shape (1 for rank 0). */
  public static long length(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /**
   * A constant of zeros of {@code shape} in the type of {@code like}: on the autodiff's host path
   * when {@code like} is there (no ND4J array made), an ND4J array otherwise.
   */
  public static Var zeros(Var like, long[] shape) {
    if (like.isHost()) {
      return Var.constant(new double[Math.toIntExact(length(shape))], shape);
    }
    return Var.constant(org.nd4j.linalg.factory.Nd4j.zeros(like.dataType(), shape));
  }

  /** Component {@code i} of the last dimension, which is removed. */
  public static Var lastComponent(Var x, int i) {
    if (x.isHost()) {
      return x.select(-1, i);
    }
    int rank = x.rank();
    INDArrayIndex[] idx = new INDArrayIndex[rank];
    for (int d = 0; d < rank - 1; d++) {
      idx[d] = NDArrayIndex.all();
    }
    idx[rank - 1] = NDArrayIndex.point(i);
    return x.get(idx);
  }
}
