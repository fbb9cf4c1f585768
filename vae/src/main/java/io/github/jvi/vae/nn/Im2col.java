package io.github.jvi.vae.nn;

import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * im2col and its adjoint col2im for channels-last images, the data movement around the GEMM of a
 * convolution, for float32 and float64.
 *
 * <pre>
 * geometry: input [n, h, w, c], square kernel k, stride s, zero padding p,
 *           output oh = (h + 2p - k) / s + 1 (likewise ow)
 * im2col:   cols[(b, i, j), (u, v, ch)] = x[b, s i + u - p, s j + v - p, ch]  (0 outside the image)
 * col2im:   x[b, r, q, ch] = sum over (i, j, u, v) with s i + u - p = r, s j + v - p = q of cols[...]
 * </pre>
 * col2im is the adjoint of im2col (&lt;im2col(x), C&gt; = &lt;x, col2im(C)&gt;), which makes it the
 * input gradient of a convolution and the forward pass of a transposed convolution.
 *
 * <p>Why Java loops: with the generic ND4J CPU build, libnd4j's conv2d_bp and deconv2d take 40 to
 * 170 ms for one 128-image MNIST layer (2 to 9 GFLOP/s) and its strided array copies 1-10 ns per
 * element, while these loops move contiguous runs of c values (bulk copies, vectorisable adds on
 * Java arrays) in about 1 ns per element, split over examples on the common fork-join pool
 * (each example writes its own rows, so the result does not depend on the split).
 */
final class Im2col {
  /** The shapes of one convolution. */
  record Geometry(int n, int h, int w, int c, int k, int s, int p) {
    int oh() {
      return (h + 2 * p - k) / s + 1;
    }

    int ow() {
      return (w + 2 * p - k) / s + 1;
    }

    /**
     * For each patch slot t = ((i ow + j) k + u) k + v of one image's columns, the offset
     * (r w + q) c of the pixel it reads, r = s i + u - p, q = s j + v - p, or -1 where the slot
     * falls in the zero padding: the one place the traversal is written, shared by im2col and
     * col2im and by every image of a batch.
     */
    int[] sources() {
      int[] src = new int[oh() * ow() * k * k];
      int t = 0;
      for (int i = 0; i < oh(); i++) {
        for (int j = 0; j < ow(); j++) {
          for (int u = 0; u < k; u++) {
            int r = s * i + u - p;
            for (int v = 0; v < k; v++) {
              int q = s * j + v - p;
              src[t++] = r >= 0 && r < h && q >= 0 && q < w ? (r * w + q) * c : -1;
            }
          }
        }
      }
      return src;
    }
  }

  private Im2col() {}

  /** cols [n oh ow, k k c] from x [n, h, w, c]. */
  static INDArray im2col(INDArray x, Geometry g) {
    INDArray xc = contiguous(x);
    int rows = g.n() * g.oh() * g.ow();
    int width = g.k() * g.k() * g.c();
    INDArray cols = Nd4j.createUninitialized(x.dataType(), rows, width);
    int perImage = g.h() * g.w() * g.c();
    int perCols = g.oh() * g.ow() * width;
    int[] slots = g.sources();
    int c = g.c();
    if (x.dataType() == DataType.DOUBLE) {
      double[] src = xc.data().asDouble();
      double[] dst = new double[rows * width];
      IntStream.range(0, g.n()).parallel().forEach(b -> im2colOne(src, b * perImage, dst, b * perCols, slots, c));
      cols.data().setData(dst);
    } else {
      float[] src = xc.data().asFloat();
      float[] dst = new float[rows * width];
      IntStream.range(0, g.n()).parallel().forEach(b -> im2colOne(src, b * perImage, dst, b * perCols, slots, c));
      cols.data().setData(dst);
    }
    return cols;
  }

  /** x [n, h, w, c] from cols [n oh ow, k k c] (sums overlapping contributions). */
  static INDArray col2im(INDArray cols, Geometry g) {
    INDArray cc = contiguous(cols);
    INDArray x = Nd4j.createUninitialized(cols.dataType(), g.n(), g.h(), g.w(), g.c());
    int perImage = g.h() * g.w() * g.c();
    int perCols = g.oh() * g.ow() * g.k() * g.k() * g.c();
    int[] slots = g.sources();
    int c = g.c();
    if (cols.dataType() == DataType.DOUBLE) {
      double[] src = cc.data().asDouble();
      double[] dst = new double[g.n() * perImage];
      IntStream.range(0, g.n()).parallel().forEach(b -> col2imOne(src, b * perCols, dst, b * perImage, slots, c));
      x.data().setData(dst);
    } else {
      float[] src = cc.data().asFloat();
      float[] dst = new float[g.n() * perImage];
      IntStream.range(0, g.n()).parallel().forEach(b -> col2imOne(src, b * perCols, dst, b * perImage, slots, c));
      x.data().setData(dst);
    }
    return x;
  }

  private static INDArray contiguous(INDArray a) {
    boolean whole = a.ordering() == 'c' && a.offset() == 0 && a.elementWiseStride() == 1 && a.data().length() == a.length();
    return whole ? a : a.dup('c');
  }

  // One kernel per element type (Java has no generics over primitive arrays); the traversal is
  // Geometry.sources(): slot t of an image's columns holds the c channels of pixel src[t].

  private static void im2colOne(float[] x, int xo, float[] cols, int co, int[] src, int c) {
    for (int t = 0; t < src.length; t++) {
      if (src[t] >= 0) {
        System.arraycopy(x, xo + src[t], cols, co + t * c, c);
      } // else: zeros (the array is new)
    }
  }

  private static void im2colOne(double[] x, int xo, double[] cols, int co, int[] src, int c) {
    for (int t = 0; t < src.length; t++) {
      if (src[t] >= 0) {
        System.arraycopy(x, xo + src[t], cols, co + t * c, c);
      }
    }
  }

  private static void col2imOne(float[] cols, int co, float[] x, int xo, int[] src, int c) {
    for (int t = 0; t < src.length; t++) {
      if (src[t] >= 0) {
        int d = xo + src[t];
        int o = co + t * c;
        for (int ch = 0; ch < c; ch++) {
          x[d + ch] += cols[o + ch];
        }
      }
    }
  }

  private static void col2imOne(double[] cols, int co, double[] x, int xo, int[] src, int c) {
    for (int t = 0; t < src.length; t++) {
      if (src[t] >= 0) {
        int d = xo + src[t];
        int o = co + t * c;
        for (int ch = 0; ch < c; ch++) {
          x[d + ch] += cols[o + ch];
        }
      }
    }
  }
}
