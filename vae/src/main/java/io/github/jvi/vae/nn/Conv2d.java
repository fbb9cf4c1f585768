package io.github.jvi.vae.nn;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Two-dimensional convolution (cross-correlation, as every deep-learning library) or transposed
 * convolution, NCHW, square kernel k, stride s, zero padding p, with a bias per output channel and
 * an optional ReLU, as one fused graph node.
 *
 * <pre>
 * convolution:            y[n,o,i,j] = b[o] + sum_{c,u,v} x[n,c,s i+u-p, s j+v-p] W[u,v,c,o],
 *                         H_out = (H + 2p - k) / s + 1
 * transposed convolution: the adjoint of the convolution in x (its input gradient), plus bias,
 *                         H_out = s (H - 1) + k - 2p
 * </pre>
 * Forward and backward are ND4J's native {@code conv2d} / {@code conv2d_bp} and {@code deconv2d}
 * / {@code deconv2d_bp} ops (im2col and GEMM inside); weights are stored [k, k, in, out] for the
 * convolution and [k, k, out, in] for the transposed one (libnd4j's layout 0). Verified against
 * float64 finite differences in this module's tests.
 */
public final class Conv2d implements Layer {
  private final int weight;
  private final int bias;
  private final int k;
  private final int stride;
  private final int pad;
  private final boolean transposed;
  private final boolean relu;

  private Conv2d(int weight, int bias, int k, int stride, int pad, boolean transposed, boolean relu) {
    this.weight = weight;
    this.bias = bias;
    this.k = k;
    this.stride = stride;
    this.pad = pad;
    this.transposed = transposed;
    this.relu = relu;
  }

  /**
   * A convolution from {@code in} to {@code out} channels; weights and biases from
   * U(-1/sqrt(in k^2), 1/sqrt(in k^2)) as PyTorch's Conv2d.
   */
  public static Conv2d conv(Parameters store, String name, int in, int out, int k, int stride, int pad,
      boolean relu, Rng rng) {
    check(in, out, k, stride, pad);
    double a = Init.bound((long) in * k * k);
    int w = store.add(name + ".weight", Init.uniform(rng, store.dataType(), a, k, k, in, out));
    int b = store.add(name + ".bias", Init.uniform(rng, store.dataType(), a, out));
    return new Conv2d(w, b, k, stride, pad, false, relu);
  }

  /**
   * A transposed convolution from {@code in} to {@code out} channels; weights and biases from
   * U(-1/sqrt(out k^2), 1/sqrt(out k^2)) as PyTorch's ConvTranspose2d.
   */
  public static Conv2d transposed(Parameters store, String name, int in, int out, int k, int stride, int pad,
      boolean relu, Rng rng) {
    check(in, out, k, stride, pad);
    double a = Init.bound((long) out * k * k);
    int w = store.add(name + ".weight", Init.uniform(rng, store.dataType(), a, k, k, out, in));
    int b = store.add(name + ".bias", Init.uniform(rng, store.dataType(), a, out));
    return new Conv2d(w, b, k, stride, pad, true, relu);
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
    INDArray wv = w.value();
    INDArray bv = b.value();
    long outC = transposed ? wv.size(2) : wv.size(3);
    long inC = transposed ? wv.size(3) : wv.size(2);
    if (xv.rank() != 4 || xv.size(1) != inC) {
      throw new IllegalArgumentException("conv: input must be [n, " + inC + ", h, w], found "
          + Arrays.toString(xv.shape()));
    }
    int[] iArgs = {k, k, stride, stride, pad, pad, 1, 1, 0, 0, 0};
    INDArray y = Nd4j.create(wv.dataType(), xv.size(0), outC, outSize(xv.size(2)), outSize(xv.size(3)));
    Nd4j.exec(DynamicCustomOp.builder(transposed ? "deconv2d" : "conv2d")
        .addInputs(xv, wv, bv).addOutputs(y).addIntegerArguments(iArgs).build());
    if (relu) {
      Transforms.relu(y, false);
    }
    return Var.op(y, g -> {
      INDArray gz = g;
      if (relu) {
        gz = Linear.reluMask(y).muli(g);
      }
      INDArray gx = Nd4j.create(xv.dataType(), xv.shape());
      INDArray gw = Nd4j.create(wv.dataType(), wv.shape());
      INDArray gb = Nd4j.create(bv.dataType(), bv.shape());
      Nd4j.exec(DynamicCustomOp.builder(transposed ? "deconv2d_bp" : "conv2d_bp")
          .addInputs(xv, wv, bv, gz).addOutputs(gx, gw, gb).addIntegerArguments(iArgs).build());
      return new INDArray[] {x.requiresGrad() ? gx : null, gw, gb};
    }, x, w, b);
  }
}
