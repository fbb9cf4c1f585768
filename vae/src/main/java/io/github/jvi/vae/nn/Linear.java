package io.github.jvi.vae.nn;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BiasAdd;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.ThresholdReluBp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A dense layer y = act(x W + b), x [n, in], W [in, out], b [out], with act the identity or ReLU,
 * as one fused graph node.
 *
 * <p>Forward: one GEMM into a fresh output, the bias added in place (ND4J's native bias_add), the
 * ReLU applied in place. Backward, for the incoming gradient G: G' = G * 1[y &gt; 0] (relu_bp, one
 * pass) when act is ReLU, then dW = x^T G', db = sum over rows of G', dx = G' W^T (only when x needs
 * a gradient: never for the data). The transposes are GEMM flags, never materialised.
 */
public final class Linear implements Layer {
  private final int weight;
  private final int bias;
  private final boolean relu;
  private final int in;
  private final int out;

  private Linear(int weight, int bias, boolean relu, int in, int out) {
    this.weight = weight;
    this.bias = bias;
    this.relu = relu;
    this.in = in;
    this.out = out;
  }

  /**
   * Registers W and b as {@code name.weight} and {@code name.bias}, drawn from
   * U(-1/sqrt(in), 1/sqrt(in)) (PyTorch's default).
   */
  public static Linear of(Parameters store, String name, int in, int out, boolean relu, Rng rng) {
    if (in < 1 || out < 1) {
      throw new IllegalArgumentException("in and out must be >= 1, found " + in + " and " + out);
    }
    double a = Init.bound(in);
    int w = store.add(name + ".weight", Init.uniform(rng, store.dataType(), a, in, out));
    int b = store.add(name + ".bias", Init.uniform(rng, store.dataType(), a, out));
    return new Linear(w, b, relu, in, out);
  }

  /** Input width. */
  public int in() {
    return in;
  }

  /** Output width. */
  public int out() {
    return out;
  }

  @Override
  public Var forward(Params p, Var x) {
    return apply(x, p.get(weight), p.get(bias), relu);
  }

  /**
   * act(x W + b) as one op; x [n, in], w [in, out], b [out].
   *
   * @throws IllegalArgumentException if the shapes do not fit
   */
  public static Var apply(Var x, Var w, Var b, boolean relu) {
    INDArray xv = x.value();
    INDArray wv = w.value();
    INDArray bv = b.value();
    if (xv.rank() != 2 || wv.rank() != 2 || xv.size(1) != wv.size(0) || bv.length() != wv.size(1)) {
      throw new IllegalArgumentException("linear: x " + Arrays.toString(xv.shape()) + ", W "
          + Arrays.toString(wv.shape()) + ", b " + Arrays.toString(bv.shape()) + " do not fit");
    }
    long n = xv.size(0);
    INDArray y = Nd4j.createUninitialized(wv.dataType(), n, wv.size(1));
    Nd4j.gemm(xv, wv, y, false, false, 1.0, 0.0);
    INDArray b1 = bv.rank() == 1 ? bv : bv.reshape(bv.length());
    Nd4j.exec(new BiasAdd(y, b1, y, false));
    if (relu) {
      Transforms.relu(y, false);
    }
    return Var.op(y, g -> {
      INDArray gz = g;
      if (relu) {
        gz = Nd4j.createUninitialized(g.dataType(), g.shape());
        Nd4j.exec(new ThresholdReluBp(y, g, gz, 0.0));
      }
      INDArray gx = null;
      if (x.requiresGrad()) {
        gx = Nd4j.createUninitialized(xv.dataType(), xv.shape());
        Nd4j.gemm(gz, wv, gx, false, true, 1.0, 0.0);
      }
      INDArray gw = null;
      if (w.requiresGrad()) {
        gw = Nd4j.createUninitialized(wv.dataType(), wv.shape());
        Nd4j.gemm(xv, gz, gw, true, false, 1.0, 0.0);
      }
      INDArray gb = b.requiresGrad() ? gz.sum(0).reshape(bv.shape()) : null;
      return new INDArray[] {gx, gw, gb};
    }, x, w, b);
  }
}
