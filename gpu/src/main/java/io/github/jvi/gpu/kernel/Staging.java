package io.github.jvi.gpu.kernel;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Copies between ND4J CPU buffers and per-thread heap arrays (the Vector API's stable
 * {@code fromArray}/{@code intoArray} path). A bulk copy of a direct buffer is a memory copy:
 * measured by {@code jvi bench kernels} (staging row) at well under the cost of one arithmetic pass.
 */
final class Staging {
  private static final int SLOTS = 8;
  private static final ThreadLocal<float[][]> FLOATS = ThreadLocal.withInitial(() -> new float[SLOTS][]);
  private static final ThreadLocal<double[][]> DOUBLES = ThreadLocal.withInitial(() -> new double[SLOTS][]);

  private Staging() {}

  /**
   * Whether the elements are exactly data[offset, offset + length) in C order. Dimensions of size 1
   * do not matter (a [1, b] column range of a [1, n] row is dense although its row stride is n).
   */
  static boolean dense(INDArray a) {
    if (a.length() > Integer.MAX_VALUE - 64) {
      return false;
    }
    if (a.length() <= 1) {
      return true;
    }
    long[] shape = a.shape();
    long[] stride = a.stride();
    long expect = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      if (shape[i] == 1) {
        continue;
      }
      if (stride[i] != expect) {
        return false;
      }
      expect *= shape[i];
    }
    return true;
  }

  /** The array itself when dense, else a dense C-order copy. */
  static INDArray contiguous(INDArray a) {
    return dense(a) ? a : a.dup('c');
  }

  /**
   * Spare elements after n in every scratch array: a masked load or store of the last partial
   * vector then lies inside the array, which JDK 17 compiles as a full access and a blend (its
   * out-of-range masked path is a slow scalar loop).
   */
  private static final int PAD = 64;

  /** A per-thread scratch array of at least n + 64 floats (slot 0..7; contents undefined). */
  static float[] floats(int slot, int n) {
    float[][] s = FLOATS.get();
    if (s[slot] == null || s[slot].length < n + PAD) {
      s[slot] = new float[n + PAD];
    }
    return s[slot];
  }

  /** A per-thread scratch array of at least n + 64 doubles. */
  static double[] doubles(int slot, int n) {
    double[][] s = DOUBLES.get();
    if (s[slot] == null || s[slot].length < n + PAD) {
      s[slot] = new double[n + PAD];
    }
    return s[slot];
  }

  /** The dense array's elements into scratch slot {@code slot}. */
  static float[] readFloats(INDArray a, int slot) {
    int n = (int) a.length();
    float[] dst = floats(slot, n);
    a.data().asNioFloat().get((int) a.offset(), dst, 0, n);
    return dst;
  }

  static double[] readDoubles(INDArray a, int slot) {
    int n = (int) a.length();
    double[] dst = doubles(slot, n);
    a.data().asNioDouble().get((int) a.offset(), dst, 0, n);
    return dst;
  }

  /** src[0, length) into the dense array. */
  static void write(float[] src, INDArray a) {
    a.data().asNioFloat().put((int) a.offset(), src, 0, (int) a.length());
  }

  static void write(double[] src, INDArray a) {
    a.data().asNioDouble().put((int) a.offset(), src, 0, (int) a.length());
  }

  /** Chunked reads and writes at an element offset into the dense array. */
  static void read(INDArray a, long from, float[] dst, int n) {
    a.data().asNioFloat().get((int) (a.offset() + from), dst, 0, n);
  }

  static void read(INDArray a, long from, double[] dst, int n) {
    a.data().asNioDouble().get((int) (a.offset() + from), dst, 0, n);
  }

  static void write(float[] src, INDArray a, long from, int n) {
    a.data().asNioFloat().put((int) (a.offset() + from), src, 0, n);
  }

  static void write(double[] src, INDArray a, long from, int n) {
    a.data().asNioDouble().put((int) (a.offset() + from), src, 0, n);
  }

  /** n elements from element {@code from} of the dense array into dst[off, off + n), and back. */
  static void read(INDArray a, long from, float[] dst, int off, int n) {
    a.data().asNioFloat().get((int) (a.offset() + from), dst, off, n);
  }

  static void read(INDArray a, long from, double[] dst, int off, int n) {
    a.data().asNioDouble().get((int) (a.offset() + from), dst, off, n);
  }

  static void write(float[] src, int off, INDArray a, long from, int n) {
    a.data().asNioFloat().put((int) (a.offset() + from), src, off, n);
  }

  static void write(double[] src, int off, INDArray a, long from, int n) {
    a.data().asNioDouble().put((int) (a.offset() + from), src, off, n);
  }
}
