package io.github.jvi.vae.nn;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;
import io.github.jvi.gpu.kernel.Kernels;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A dense layer y = act(x W + b), x [n, in], W [in, out], b [out], with act the identity or ReLU,
 * as one fused graph node.
 *
 * <p>Forward: one GEMM into a fresh output, then the bias and the ReLU in one pass in place
 * ({@link Kernels#biasRelu}). Backward, for the incoming gradient G: G' = G * 1[y &gt; 0] when act
 * is ReLU (one pass, {@link Kernels#reluMaskMul}), then
 * dW = x^T G', db = 1^T G' (a GEMV), dx = G' W^T (only when x needs a gradient: never for the data).
 * The transposes are GEMM flags, never materialised. (With the generic ND4J CPU build, BLAS calls
 * and simple arithmetic are fast while libnd4j's relu_bp and column sums cost 10 and 3 ns per
 * element: hence the mask and the GEMV.)
 */
@SuppressWarnings("try") // resources held only for their scope (workspaces, thread settings)
public final class Linear implements Layer {
  private static final ThreadLocal<INDArray[]> ONES = ThreadLocal.withInitial(() -> new INDArray[2]);
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
    Kernels.biasRelu(y, bv, relu);
    return Var.op(y, g -> {
      INDArray gz = g;
      if (relu) {
        gz = Kernels.reluMaskMul(y, g);
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
      INDArray gb = null;
      if (b.requiresGrad()) {
        gb = Nd4j.createUninitialized(bv.dataType(), 1, bv.length());
        Nd4j.gemm(ones(gz.dataType(), n), gz, gb, false, false, 1.0, 0.0); // column sums as a GEMV
        gb = gb.reshape(bv.shape());
      }
      return new INDArray[] {gx, gw, gb};
    }, x, w, b);
  }

  /** 1 where y &gt; 0, else 0 (ND4J's step op: one cheap pass; relu_bp costs 50 times more here). */
  static INDArray reluMask(INDArray y) {
    INDArray mask = Nd4j.createUninitialized(y.dataType(), y.shape());
    Nd4j.exec(new Step(y, mask));
    return mask;
  }

  /** A [1, n] row of ones of the given type, cached per thread outside any workspace. */
  static INDArray ones(DataType type, long n) {
    INDArray[] cache = ONES.get();
    int slot = type == DataType.DOUBLE ? 1 : 0;
    INDArray o = cache[slot];
    if (o == null || o.length() < n || o.dataType() != type) {
      try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
        o = Nd4j.ones(type, 1, Math.max(n, 1024));
      }
      cache[slot] = o;
    }
    return o.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, n)).reshape(1, n);
  }
}
