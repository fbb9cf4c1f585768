package io.github.jvi.vae.nn;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Two-dimensional convolution (cross-correlation, as every deep-learning library) or transposed
 * convolution on channels-last images [n, h, w, c], square kernel k, stride s, zero padding p, with
 * a bias per output channel and an optional ReLU, as one fused graph node.
 *
 * <pre>
 * convolution:            y[b,i,j,o] = bias[o] + sum_{u,v,c} x[b, s i+u-p, s j+v-p, c] W[u,v,c,o]
 *                         = (im2col(x) W)[(b,i,j), o],          H_out = (H + 2p - k) / s + 1
 * transposed convolution: y = col2im(x W^T) + bias, the adjoint in x of the convolution with
 *                         weights W [k, k, out, in],              H_out = s (H - 1) + k - 2p
 * </pre>
 * Backward (G the incoming gradient, masked by the ReLU): convolution dW = im2col(x)^T G,
 * dx = col2im(G W^T); transposed convolution dW = im2col(G)^T x, dx = im2col(G) W; db = 1^T G.
 * The GEMMs are BLAS calls; {@link Im2col} moves the data. Verified against a direct six-fold sum,
 * the adjoint identity and float64 finite differences in this module's tests.
 */
public final class Conv2d implements Layer {
  private final int weight;
  private final int bias;
  private final int k;
  private final int stride;
  private final int pad;
  private final int in;
  private final int out;
  private final boolean transposed;
  private final boolean relu;

  private Conv2d(int weight, int bias, int k, int stride, int pad, int in, int out, boolean transposed, boolean relu) {
    this.weight = weight;
    this.bias = bias;
    this.k = k;
    this.stride = stride;
    this.pad = pad;
    this.in = in;
    this.out = out;
    this.transposed = transposed;
    this.relu = relu;
  }

  /**
   * A convolution from {@code in} to {@code out} channels, weights [k, k, in, out]; weights and
   * biases from U(-1/sqrt(in k^2), 1/sqrt(in k^2)) as PyTorch's Conv2d.
   */
  public static Conv2d conv(Parameters store, String name, int in, int out, int k, int stride, int pad,
      boolean relu, Rng rng) {
    check(in, out, k, stride, pad);
    double a = Init.bound((long) in * k * k);
    int w = store.add(name + ".weight", Init.uniform(rng, store.dataType(), a, k, k, in, out));
    int b = store.add(name + ".bias", Init.uniform(rng, store.dataType(), a, out));
    return new Conv2d(w, b, k, stride, pad, in, out, false, relu);
  }

  /**
   * A transposed convolution from {@code in} to {@code out} channels, weights [k, k, out, in];
   * weights and biases from U(-1/sqrt(out k^2), 1/sqrt(out k^2)) as PyTorch's ConvTranspose2d.
   */
  public static Conv2d transposed(Parameters store, String name, int in, int out, int k, int stride, int pad,
      boolean relu, Rng rng) {
    check(in, out, k, stride, pad);
    double a = Init.bound((long) out * k * k);
    int w = store.add(name + ".weight", Init.uniform(rng, store.dataType(), a, k, k, out, in));
    int b = store.add(name + ".bias", Init.uniform(rng, store.dataType(), a, out));
    return new Conv2d(w, b, k, stride, pad, in, out, true, relu);
  }

  private static void check(int in, int out, int k, int stride, int pad) {
    if (in < 1 || out < 1 || k < 1 || stride < 1 || pad < 0) {
      throw new IllegalArgumentException("conv: channels, kernel and stride must be >= 1 and padding >= 0, found in "
          + in + ", out " + out + ", k " + k + ", stride " + stride + ", pad " + pad);
    }
  }

  /** Output height (or width) for input height {@code h}. */
  public long outSize(long h) {
    return transposed ? stride * (h - 1) + k - 2L * pad : (h + 2L * pad - k) / stride + 1;
  }

  @Override
  public Var forward(Params p, Var x) {
    Var w = p.get(weight);
    Var b = p.get(bias);
    INDArray xv = x.value();
    if (xv.rank() != 4 || xv.size(3) != in) {
      throw new IllegalArgumentException("conv: input must be [n, h, w, " + in + "], found " + Arrays.toString(xv.shape()));
    }
    int n = (int) xv.size(0);
    int h = (int) xv.size(1);
    int wd = (int) xv.size(2);
    int oh = (int) outSize(h);
    int ow = (int) outSize(wd);
    INDArray wv = w.value().reshape(k * k * (transposed ? out : in), transposed ? in : out);
    INDArray bv = b.value();
    // the convolution geometry: from the larger image to the smaller one
    Im2col.Geometry geo = transposed ? new Im2col.Geometry(n, oh, ow, out, k, stride, pad)
        : new Im2col.Geometry(n, h, wd, in, k, stride, pad);
    INDArray x2 = xv.reshape(n * h * wd, in);
    INDArray cols = null;
    INDArray y;
    if (transposed) {
      INDArray c = Nd4j.createUninitialized(wv.dataType(), n * h * wd, k * k * out);
      Nd4j.gemm(x2, wv, c, false, true, 1.0, 0.0);
      y = Im2col.col2im(c, geo).reshape(n * oh * ow, out);
    } else {
      cols = Im2col.im2col(xv, geo);
      y = Nd4j.createUninitialized(wv.dataType(), n * oh * ow, out);
      Nd4j.gemm(cols, wv, y, false, false, 1.0, 0.0);
    }
    y.addiRowVector(bv);
    if (relu) {
      Transforms.relu(y, false);
    }
    INDArray y2 = y;
    INDArray colsF = cols;
    return Var.op(y.reshape(n, oh, ow, out), g -> {
      INDArray gz = g.reshape(n * oh * ow, out);
      if (relu) {
        gz = Linear.reluMask(y2).muli(gz);
      } else if (gz.isView() || gz.ordering() != 'c') {
        gz = gz.dup('c');
      }
      INDArray gb = Nd4j.createUninitialized(bv.dataType(), 1, out);
      Nd4j.gemm(Linear.ones(gz.dataType(), gz.size(0)), gz, gb, false, false, 1.0, 0.0);
      INDArray gw = Nd4j.createUninitialized(wv.dataType(), wv.shape());
      INDArray gx = null;
      if (transposed) {
        INDArray gcols = Im2col.im2col(gz.reshape(n, oh, ow, out), geo); // [n h w, k k out]
        Nd4j.gemm(gcols, x2, gw, true, false, 1.0, 0.0);
        if (x.requiresGrad()) {
          gx = Nd4j.createUninitialized(xv.dataType(), n * h * wd, in);
          Nd4j.gemm(gcols, wv, gx, false, false, 1.0, 0.0);
        }
      } else {
        Nd4j.gemm(colsF, gz, gw, true, false, 1.0, 0.0);
        if (x.requiresGrad()) {
          INDArray gcols = Nd4j.createUninitialized(wv.dataType(), n * oh * ow, k * k * in);
          Nd4j.gemm(gz, wv, gcols, false, true, 1.0, 0.0);
          gx = Im2col.col2im(gcols, geo);
        }
      }
      return new INDArray[] {gx == null ? null : gx.reshape(xv.shape()), gw.reshape(w.value().shape()),
          gb.reshape(bv.shape())};
    }, x, w, b);
  }
}
