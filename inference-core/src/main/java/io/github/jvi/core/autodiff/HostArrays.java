package io.github.jvi.core.autodiff;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The kernels of {@link Var}'s host path: float64 arrays held as a C-ordered (row-major)
 * {@code double[]} and a shape, computed in plain Java loops. At the sizes where this path is used
 * (at most {@link #MAX_LENGTH} elements) ND4J's fixed cost per call (5-30 us measured) exceeds the
 * whole arithmetic, so a loop over a heap array wins by one to two orders of magnitude.
 *
 * <p>Every reduction adds in row-major order of its input, one element after another, so results
 * are the same bits for the same inputs whatever the thread or the call history. They agree with
 * ND4J's (which may add in another order) to rounding: for a sum, within n eps sum|x_i|.
 */
final class HostArrays {
  /** The largest length held on the host (2^14 elements: 128 KiB of float64). */
  static final int MAX_LENGTH = 1 << 14;

  static final int ADD = 0;
  static final int SUB = 1;
  static final int MUL = 2;
  static final int DIV = 3;

  private static final long[] SCALAR = new long[0];

  private HostArrays() {}

  /** Whether an ND4J value may be copied to the host: float64, 1 to {@link #MAX_LENGTH} elements. */
  static boolean eligible(INDArray x) {
    if (x.dataType() != DataType.DOUBLE) {
      return false;
    }
    long n = x.length();
    return n >= 1 && n <= MAX_LENGTH;
  }

  /** The C-ordered values of an array (a copy), as float64. */
  static double[] fromNd4j(INDArray x) {
    INDArray c = x.dataType() == DataType.DOUBLE ? x : x.castTo(DataType.DOUBLE);
    long n = c.length();
    if (!(c.ordering() == 'c' && c.offset() == 0 && (n == 1 || c.elementWiseStride() == 1)
        && c.data().length() == n)) {
      c = c.dup('c');
    }
    return c.data().asDouble();
  }

  /** An ND4J float64 array holding these values (copied) in this shape. */
  static INDArray toNd4j(double[] data, long[] shape) {
    if (shape.length == 0) {
      return Nd4j.scalar(data[0]);
    }
    return Nd4j.create(data, shape, 'c');
  }

  static long length(long[] shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    return n;
  }

  /** The NumPy broadcast shape of two shapes (aligned on the right). */
  static long[] broadcast(long[] a, long[] b) {
    if (Arrays.equals(a, b)) {
      return a;
    }
    int r = Math.max(a.length, b.length);
    long[] out = new long[r];
    for (int i = 0; i < r; i++) {
      int ia = i - (r - a.length);
      int ib = i - (r - b.length);
      long da = ia >= 0 ? a[ia] : 1;
      long db = ib >= 0 ? b[ib] : 1;
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
            + " do not broadcast");
      }
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  /**
   * The row-major strides of {@code shape} seen from an array of shape {@code target} (aligned on
   * the right): 0 for dimensions that {@code shape} lacks or has as 1.
   */
  private static long[] stridesIn(long[] shape, long[] target) {
    int r = target.length;
    long[] st = new long[r];
    long s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      int t = i + (r - shape.length);
      st[t] = shape[i] == 1 ? 0 : s;
      s *= shape[i];
    }
    return st;
  }

  /**
   * Walks {@code shape} in row-major order; for position p (0, 1, ...) the offset into the other
   * array is the dot product of the index with {@code strides}. With {@code gather} it copies
   * {@code other[offset]} to {@code seq[p]}, otherwise it adds {@code seq[p]} into
   * {@code other[offset]}.
   */
  private static void walk(long[] shape, long[] strides, long base, double[] seq, double[] other,
      boolean gather) {
    int rank = shape.length;
    if (rank == 0) {
      if (gather) {
        seq[0] = other[(int) base];
      } else {
        other[(int) base] += seq[0];
      }
      return;
    }
    int inner = (int) shape[rank - 1];
    if (inner == 0) {
      return;
    }
    int innerStride = (int) strides[rank - 1];
    int outer = seq.length / inner;
    int[] idx = new int[rank];
    int off = (int) base;
    int p = 0;
    for (int o = 0; o < outer; o++) {
      if (gather) {
        if (innerStride == 1) {
          System.arraycopy(other, off, seq, p, inner);
          p += inner;
        } else if (innerStride == 0) {
          Arrays.fill(seq, p, p + inner, other[off]);
          p += inner;
        } else {
          for (int j = 0, q = off; j < inner; j++, q += innerStride) {
            seq[p++] = other[q];
          }
        }
      } else if (innerStride == 0) {
        double s = other[off];
        for (int j = 0; j < inner; j++) {
          s += seq[p++];
        }
        other[off] = s;
      } else {
        for (int j = 0, q = off; j < inner; j++, q += innerStride) {
          other[q] += seq[p++];
        }
      }
      for (int d = rank - 2; d >= 0; d--) {
        idx[d]++;
        off += (int) strides[d];
        if (idx[d] < shape[d]) {
          break;
        }
        off -= (int) (strides[d] * shape[d]);
        idx[d] = 0;
      }
    }
  }

  /** {@code x} of shape {@code xs} broadcast to {@code out} (x itself when no element repeats). */
  static double[] expand(double[] x, long[] xs, long[] out) {
    int n = (int) length(out);
    if (x.length == n) {
      return x;
    }
    double[] r = new double[n];
    if (x.length == 1) {
      Arrays.fill(r, x[0]);
      return r;
    }
    walk(out, stridesIn(xs, out), 0, r, x, true);
    return r;
  }

  /**
   * {@code g} of shape {@code gs} summed back to {@code target}, a shape that broadcasts to
   * {@code gs} (the reverse of {@link #expand}).
   */
  static double[] reduceTo(double[] g, long[] gs, long[] target) {
    int n = (int) length(target);
    if (g.length == n) {
      return g;
    }
    double[] r = new double[n];
    if (n == 1) {
      double s = 0;
      for (double v : g) {
        s += v;
      }
      r[0] = s;
      return r;
    }
    walk(gs, stridesIn(target, gs), 0, g, r, false);
    return r;
  }

  /** Sum over dimensions {@code dims} (normalised), kept with size 1. */
  static double[] sumDims(double[] x, long[] shape, int[] dims) {
    return reduceTo(x, shape, Var.keptShape(shape, dims));
  }

  /** Maximum over one dimension, kept with size 1. */
  static double[] maxDim(double[] x, long[] shape, int dim) {
    long[] keep = shape.clone();
    keep[dim] = 1;
    int n = (int) length(keep);
    int len = (int) shape[dim];
    int inner = 1;
    for (int d = dim + 1; d < shape.length; d++) {
      inner *= (int) shape[d];
    }
    double[] r = new double[n];
    for (int o = 0, outer = n / inner; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        double m = Double.NEGATIVE_INFINITY;
        int base = o * len * inner + i;
        for (int k = 0; k < len; k++) {
          double v = x[base + k * inner];
          if (v > m || Double.isNaN(v)) {
            m = v;
          }
          if (Double.isNaN(m)) {
            break;
          }
        }
        r[o * inner + i] = m;
      }
    }
    return r;
  }

  /**
   * a (op) b element-wise with broadcasting: op is {@link #ADD}, {@link #SUB}, {@link #MUL} or
   * {@link #DIV}, {@code out} the broadcast shape.
   */
  static double[] binary(int op, double[] a, long[] sa, double[] b, long[] sb, long[] out) {
    int n = (int) length(out);
    double[] r = new double[n];
    if (b.length == 1 && n != 1) {
      double[] x = expand(a, sa, out);
      double c = b[0];
      switch (op) {
        case ADD -> {
          for (int i = 0; i < n; i++) {
            r[i] = x[i] + c;
          }
        }
        case SUB -> {
          for (int i = 0; i < n; i++) {
            r[i] = x[i] - c;
          }
        }
        case MUL -> {
          for (int i = 0; i < n; i++) {
            r[i] = x[i] * c;
          }
        }
        default -> {
          for (int i = 0; i < n; i++) {
            r[i] = x[i] / c;
          }
        }
      }
      return r;
    }
    if (a.length == 1 && n != 1) {
      double[] y = expand(b, sb, out);
      double c = a[0];
      switch (op) {
        case ADD -> {
          for (int i = 0; i < n; i++) {
            r[i] = c + y[i];
          }
        }
        case SUB -> {
          for (int i = 0; i < n; i++) {
            r[i] = c - y[i];
          }
        }
        case MUL -> {
          for (int i = 0; i < n; i++) {
            r[i] = c * y[i];
          }
        }
        default -> {
          for (int i = 0; i < n; i++) {
            r[i] = c / y[i];
          }
        }
      }
      return r;
    }
    if (a.length != n || b.length != n) {
      strided(op, a, stridesIn(sa, out), b, stridesIn(sb, out), out, r);
      return r;
    }
    double[] x = a;
    double[] y = b;
    switch (op) {
      case ADD -> {
        for (int i = 0; i < n; i++) {
          r[i] = x[i] + y[i];
        }
      }
      case SUB -> {
        for (int i = 0; i < n; i++) {
          r[i] = x[i] - y[i];
        }
      }
      case MUL -> {
        for (int i = 0; i < n; i++) {
          r[i] = x[i] * y[i];
        }
      }
      default -> {
        for (int i = 0; i < n; i++) {
          r[i] = x[i] / y[i];
        }
      }
    }
    return r;
  }

  /**
   * a (op) b into r of shape {@code out}, each operand read through its broadcast strides (0
   * along the dimensions where it repeats), so no operand is expanded into a temporary.
   */
  private static void strided(int op, double[] a, long[] sta, double[] b, long[] stb, long[] out, double[] r) {
    int rank = out.length;
    int inner = (int) out[rank - 1];
    int ia = (int) sta[rank - 1];
    int ib = (int) stb[rank - 1];
    int outer = r.length / inner;
    int[] idx = new int[rank];
    int offA = 0;
    int offB = 0;
    for (int o = 0, p = 0; o < outer; o++, p += inner) {
      switch (op) {
        case ADD -> {
          for (int j = 0; j < inner; j++) {
            r[p + j] = a[offA + j * ia] + b[offB + j * ib];
          }
        }
        case SUB -> {
          for (int j = 0; j < inner; j++) {
            r[p + j] = a[offA + j * ia] - b[offB + j * ib];
          }
        }
        case MUL -> {
          for (int j = 0; j < inner; j++) {
            r[p + j] = a[offA + j * ia] * b[offB + j * ib];
          }
        }
        default -> {
          for (int j = 0; j < inner; j++) {
            r[p + j] = a[offA + j * ia] / b[offB + j * ib];
          }
        }
      }
      for (int d = rank - 2; d >= 0; d--) {
        idx[d]++;
        offA += (int) sta[d];
        offB += (int) stb[d];
        if (idx[d] < out[d]) {
          break;
        }
        offA -= (int) (sta[d] * out[d]);
        offB -= (int) (stb[d] * out[d]);
        idx[d] = 0;
      }
    }
  }

  /** a (op) b with {@code a}, {@code b} of one shape. */
  static double[] binary(int op, double[] a, double[] b) {
    return binary(op, a, flatShape(a), b, flatShape(b), flatShape(a.length >= b.length ? a : b));
  }

  private static long[] flatShape(double[] x) {
    return x.length == 1 ? SCALAR : new long[] {x.length};
  }

  /** x * c. */
  static double[] scale(double[] x, double c) {
    double[] r = new double[x.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = x[i] * c;
    }
    return r;
  }

  /** x + c. */
  static double[] shift(double[] x, double c) {
    double[] r = new double[x.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = x[i] + c;
    }
    return r;
  }

  /** -x. */
  static double[] neg(double[] x) {
    double[] r = new double[x.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = -x[i];
    }
    return r;
  }

  /** f(x) element-wise. */
  static double[] map(double[] x, java.util.function.DoubleUnaryOperator f) {
    double[] r = new double[x.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = f.applyAsDouble(x[i]);
    }
    return r;
  }

  /** Sum of all elements, in order. */
  static double sum(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s;
  }

  /** The matrix product of [m, k] and [k, n] (each output element summed over k in order). */
  static double[] matmul(double[] a, int m, int k, double[] b, int n) {
    double[] r = new double[m * n];
    for (int i = 0; i < m; i++) {
      int ro = i * n;
      for (int p = 0; p < k; p++) {
        double av = a[i * k + p];
        int bo = p * n;
        for (int j = 0; j < n; j++) {
          r[ro + j] += av * b[bo + j];
        }
      }
    }
    return r;
  }

  /** The shape with dimensions reordered: out[i] = shape[order[i]]. */
  static long[] permuteShape(long[] shape, int[] order) {
    long[] out = new long[order.length];
    for (int i = 0; i < order.length; i++) {
      out[i] = shape[order[i]];
    }
    return out;
  }

  /** x with its dimensions reordered (a copy in the new shape's C order). */
  static double[] permute(double[] x, long[] shape, int[] order) {
    long[] out = permuteShape(shape, order);
    long[] src = new long[shape.length];
    long s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      src[i] = s;
      s *= shape[i];
    }
    long[] st = new long[order.length];
    for (int i = 0; i < order.length; i++) {
      st[i] = src[order[i]];
    }
    double[] r = new double[x.length];
    walk(out, st, 0, r, x, true);
    return r;
  }

  /**
   * The block [start, start + len) along {@code dim} of x (C order, dimension kept with size
   * len).
   */
  static double[] narrow(double[] x, long[] shape, int dim, long start, long len) {
    long[] out = shape.clone();
    out[dim] = len;
    long[] st = new long[shape.length];
    long s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      st[i] = s;
      s *= shape[i];
    }
    double[] r = new double[(int) length(out)];
    if (r.length > 0) {
      walk(out, st, start * st[dim], r, x, true);
    }
    return r;
  }

  /** Adds {@code part} (shape of x with size len along dim) into x's block [start, start+len). */
  static void addBlock(double[] x, long[] shape, int dim, long start, double[] part, long len) {
    long[] ps = shape.clone();
    ps[dim] = len;
    long[] st = new long[shape.length];
    long s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      st[i] = s;
      s *= shape[i];
    }
    if (part.length > 0) {
      walk(ps, st, start * st[dim], part, x, false);
    }
  }

  /** A shape with a -1 entry (at most one) resolved from the length. */
  static long[] resolve(long[] shape, long length) {
    int unknown = -1;
    long known = 1;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] == -1 && unknown < 0) {
        unknown = i;
      } else if (shape[i] < 0) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has an invalid size");
      } else {
        known *= shape[i];
      }
    }
    long[] out = shape.clone();
    if (unknown >= 0) {
      if (known == 0 || length % known != 0) {
        throw new IllegalArgumentException("cannot reshape " + length + " elements to " + Arrays.toString(shape));
      }
      out[unknown] = length / known;
    } else if (known != length) {
      throw new IllegalArgumentException("cannot reshape " + length + " elements to " + Arrays.toString(shape));
    }
    return out;
  }
}
