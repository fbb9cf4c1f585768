package io.github.jvi.gpu.kernel;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fused element-wise and reduction kernels over ND4J arrays: one pass of Vector API code
 * ({@code jdk.incubator.vector}, the machine's preferred species, float32 and float64) over the
 * arrays' CPU buffers, staged through per-thread heap arrays. ND4J arrays go in and come out.
 *
 * <p><b>Fallback.</b> When {@code jdk.incubator.vector} is not in the boot layer (the JVM was
 * started without {@code --add-modules jdk.incubator.vector}), the backend is not the CPU (CUDA),
 * the preferred species is narrower than 128 bits, or {@code -Djvi.simd=false} is given, every
 * kernel runs as a composition of ND4J ops with the same formulas; one log line says so the first
 * time a kernel runs. Other data types than FLOAT and DOUBLE, or mixed types, use the fallback.
 * The exp/log lanes are {@link FloatMath} and {@link DoubleMath}: exp, expm1, log and log1p
 * written with basic vector arithmetic, so every JIT tier computes the same bits (the JDK's own
 * {@code lanewise(EXP)} does not: its interpreted and compiled forms differ in the last bit).
 *
 * <p><b>Accuracy</b>, stated against a float64 (or, for float64 kernels, a long-double-free
 * compensated) reference, with eps the type's machine epsilon (2^-23 float32, 2^-52 float64) and
 * checked by {@code KernelsTest} with fixed seeds:
 * <ul>
 *   <li>{@link #exp}, {@link #log}, {@link #log1p}: {@link DoubleMath} / {@link FloatMath} are within
 *       1 ulp of fdlibm (exp, log) and 2 ulp (log1p); stated bound 2 eps relative (the ND4J
 *       fallback meets it too).</li>
 *   <li>{@link #softplus} = max(x, 0) + log1p(exp(-|x|)): 4 eps relative (both terms are
 *       non-negative, so no cancellation).</li>
 *   <li>{@link #biasRelu}: exact (one rounded addition, then max). {@link #reluMaskMul}: exact.</li>
 *   <li>{@link #bernoulliLogLik}: each pixel's term max(l, 0) - x l + log1p(exp(-|l|)) is
 *       non-negative for x in [0, 1] and, for binary x, accurate to 4 eps <em>relative</em> (the
 *       first two terms cancel exactly for a pixel on the likely side, leaving log1p(exp(-|l|)),
 *       e.g. 2.06e-9 for l = 20, where libnd4j's softplus returns 0); the row sum of D terms is
 *       within (D / lanes + lanes + 4) eps of the exact sum, relative.</li>
 *   <li>{@link #bernoulliLogLikGrad}: (x - sigmoid(l)) g written as x sigmoid(-l) - (1 - x) sigmoid(l),
 *       8 eps relative for binary x (also for near-certain pixels, where 1 - sigmoid(l) would
 *       cancel).</li>
 *   <li>{@link #klStandardNormal}: sum_j mu^2/2 + (expm1(2 s) - 2 s)/2, each term non-negative;
 *       8 eps relative per term away from s = 0 and 8 eps |s| absolute near it; the sum as for
 *       the Bernoulli sum.</li>
 *   <li>{@link #rsample}: 3 eps relative in exp(s) eps and one rounded addition.</li>
 *   <li>{@link #softmaxColumns}: (|a - max| + k + 6) eps relative per responsibility (the rounding
 *       of the shifted argument is amplified by exp), max exact, column sum (k + 2) eps relative.</li>
 *   <li>{@link #mixtureEStep}: logits within F eps sum |c phi|, responsibilities as
 *       {@link #softmaxColumns}, moments of non-negative terms (B / lanes + lanes + 2) eps relative.</li>
 *   <li>{@link #adam}: the same operations in the same order as a scalar loop without fused
 *       multiply-adds: bit-identical to it.</li>
 * </ul>
 *
 * <p><b>Determinism.</b> Tails are masked vector operations, so every element runs the same lane
 * code wherever it sits; reductions add lane-wise in a fixed order and reduce the lanes once. The
 * same input gives the same bits on the same machine and JVM flags, interpreted or compiled (a
 * different species, e.g. on another CPU, may change the last bits of sums).
 *
 * <p>Staging cost: the copies in and out of the heap arrays are memory copies; {@code jvi bench
 * kernels} prints them next to the kernels.
 */
public final class Kernels {
  private static final Logger LOG = LoggerFactory.getLogger(Kernels.class);

  /** Adam's elements per parallel task and per staged sub-chunk. */
  private static final int ADAM_TASK = 1 << 16;
  private static final int ADAM_STAGE = 1 << 12;
  /** Elements of one staged column chunk of {@link #softmaxColumns}. */
  private static final int SOFTMAX_STAGE = 1 << 13;
  /** Doubles of one staged chunk of {@link #mixtureEStep} (features and logits: about 32 KiB, in L1). */
  private static final int ESTEP_STAGE = 1 << 12;

  private Kernels() {}

  /**
   * Which implementation a call runs: the Vector API code (when {@link #fast()}; otherwise the ND4J
   * ops anyway) or the ND4J ops. The public methods take {@code VECTOR}; tests and
   * {@code jvi bench kernels} call both, with no state to set or reset.
   */
  enum Path {
    VECTOR,
    ND4J
  }

  /** Decided once: whether the Vector API path is on, and why not. */
  private static final class State {
    static final boolean ON;
    static final String DESCRIPTION;
    private static volatile boolean logged;

    static {
      boolean on = false;
      String why;
      if (!ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
        why = "off (jdk.incubator.vector not loaded: run java with --add-modules jdk.incubator.vector)";
      } else if ("false".equalsIgnoreCase(System.getProperty("jvi.simd"))) {
        why = "off (-Djvi.simd=false)";
      } else if (!isCpu()) {
        why = "off (backend is not the CPU: ND4J ops run on the device)";
      } else {
        int bits = Species.bits();
        if (bits < 128) {
          why = "off (preferred vector species is " + bits + " bits)";
        } else {
          on = true;
          why = bits + "-bit (" + Species.floatLanes() + " floats, " + Species.doubleLanes() + " doubles)";
        }
      }
      ON = on;
      DESCRIPTION = why;
    }

    static void logOnce() {
      if (!logged) {
        logged = true;
        if (ON) {
          LOG.debug("jvi SIMD kernels on: {}", DESCRIPTION);
        } else if (DESCRIPTION.contains("not loaded")) {
          LOG.warn("jvi SIMD kernels fast path is {}; results are the same through ND4J ops, slower", DESCRIPTION);
        } else {
          LOG.info("jvi SIMD kernels fast path is {}", DESCRIPTION);
        }
      }
    }

    private static boolean isCpu() {
      try {
        Object b = Nd4j.getExecutioner().getEnvironmentInformation().get("backend");
        return b == null ? Nd4j.getBackend().getClass().getSimpleName().startsWith("Cpu") : "CPU".equalsIgnoreCase(b.toString());
      } catch (RuntimeException e) {
        return false;
      }
    }
  }

  /** Vector API queries, in a class of their own (loaded only when the module is present). */
  private static final class Species {
    static int bits() {
      return VectorFloat.S.vectorBitSize();
    }

    static int floatLanes() {
      return VectorFloat.S.length();
    }

    static int doubleLanes() {
      return VectorDouble.S.length();
    }
  }

  /** Whether the Vector API path is on in this JVM (see the class comment). */
  public static boolean fast() {
    return State.ON;
  }

  /** One phrase for the backend line, e.g. {@code "512-bit (16 floats, 8 doubles)"} or {@code "off (...)"}. */
  public static String describe() {
    return State.DESCRIPTION;
  }

  private static boolean use(Path path, INDArray... arrays) {
    State.logOnce();
    if (!State.ON || path == Path.ND4J) {
      return false;
    }
    DataType t = arrays[0].dataType();
    if (t != DataType.FLOAT && t != DataType.DOUBLE) {
      return false;
    }
    for (INDArray a : arrays) {
      if (a.dataType() != t || a.length() > Integer.MAX_VALUE - 64) {
        return false;
      }
    }
    return true;
  }

  private static boolean isFloat(INDArray a) {
    return a.dataType() == DataType.FLOAT;
  }

  // ---------------------------------------------------------------- element-wise

  /** e^x element-wise, a new array (2 eps relative). */
  public static INDArray exp(INDArray x) {
    return exp(Path.VECTOR, x);
  }

  /** As {@link #exp}, on the given path. */
  static INDArray exp(Path path, INDArray x) {
    return unary(path, VectorFloat.EXP, x);
  }

  /** log x element-wise, a new array (2 eps relative away from x = 1; NaN below 0). */
  public static INDArray log(INDArray x) {
    return log(Path.VECTOR, x);
  }

  /** As {@link #log}, on the given path. */
  static INDArray log(Path path, INDArray x) {
    return unary(path, VectorFloat.LOG, x);
  }

  /** log(1 + x) element-wise, a new array (2 eps relative). */
  public static INDArray log1p(INDArray x) {
    return log1p(Path.VECTOR, x);
  }

  /** As {@link #log1p}, on the given path. */
  static INDArray log1p(Path path, INDArray x) {
    return unary(path, VectorFloat.LOG1P, x);
  }

  /** softplus(x) = max(x, 0) + log1p(exp(-|x|)) element-wise, a new array (4 eps relative). */
  public static INDArray softplus(INDArray x) {
    return softplus(Path.VECTOR, x);
  }

  /** As {@link #softplus}, on the given path. */
  static INDArray softplus(Path path, INDArray x) {
    return unary(path, VectorFloat.SOFTPLUS, x);
  }

  private static INDArray unary(Path path, int op, INDArray x) {
    if (!use(path, x)) {
      return switch (op) {
        case VectorFloat.EXP -> Transforms.exp(x, true);
        case VectorFloat.LOG -> Transforms.log(x, true);
        case VectorFloat.LOG1P -> Nd4jKernels.log1p(x);
        default -> Nd4jKernels.softplus(x);
      };
    }
    INDArray in = Staging.contiguous(x);
    INDArray out = Nd4j.createUninitialized(x.dataType(), x.shape());
    int n = (int) x.length();
    if (isFloat(x)) {
      float[] a = Staging.readFloats(in, 0);
      float[] y = Staging.floats(1, n);
      VectorFloat.unary(op, a, y, n);
      Staging.write(y, out);
    } else {
      double[] a = Staging.readDoubles(in, 0);
      double[] y = Staging.doubles(1, n);
      VectorDouble.unary(op, a, y, n);
      Staging.write(y, out);
    }
    return out;
  }

  // ---------------------------------------------------------------- dense layer

  /**
   * y = act(y + b) in place for y [n, out] and b [out]: the bias added to every row, then ReLU when
   * {@code relu}. Exact (one rounded addition).
   *
   * @throws IllegalArgumentException if y is not rank 2 or b's length is not y's column count
   */
  public static void biasRelu(INDArray y, INDArray b, boolean relu) {
    biasRelu(Path.VECTOR, y, b, relu);
  }

  /** As {@link #biasRelu}, on the given path. */
  static void biasRelu(Path path, INDArray y, INDArray b, boolean relu) {
    if (y.rank() != 2 || b.length() != y.size(1)) {
      throw new IllegalArgumentException("biasRelu: y must be [n, m] and b [m], found y "
          + Arrays.toString(y.shape()) + " and b " + Arrays.toString(b.shape()));
    }
    if (!use(path, y, b) || !Staging.dense(y)) {
      Nd4jKernels.biasRelu(y, b.reshape(1, b.length()), relu);
      return;
    }
    int rows = (int) y.size(0);
    int cols = (int) y.size(1);
    INDArray bc = Staging.contiguous(b);
    if (isFloat(y)) {
      float[] yy = Staging.readFloats(y, 0);
      VectorFloat.biasRelu(yy, Staging.readFloats(bc, 1), rows, cols, relu);
      Staging.write(yy, y);
    } else {
      double[] yy = Staging.readDoubles(y, 0);
      VectorDouble.biasRelu(yy, Staging.readDoubles(bc, 1), rows, cols, relu);
      Staging.write(yy, y);
    }
  }

  /**
   * The ReLU gradient mask applied: g where y &gt; 0, else 0, a new array of y's shape (exact).
   *
   * @throws IllegalArgumentException if the shapes differ
   */
  public static INDArray reluMaskMul(INDArray y, INDArray g) {
    return reluMaskMul(Path.VECTOR, y, g);
  }

  /** As {@link #reluMaskMul}, on the given path. */
  static INDArray reluMaskMul(Path path, INDArray y, INDArray g) {
    sameShape("reluMaskMul", "y", y, "g", g);
    if (!use(path, y, g)) {
      return Nd4jKernels.reluMaskMul(y, g);
    }
    INDArray yc = Staging.contiguous(y);
    INDArray gc = Staging.contiguous(g);
    INDArray out = Nd4j.createUninitialized(y.dataType(), y.shape());
    int n = (int) y.length();
    if (isFloat(y)) {
      float[] o = Staging.floats(2, n);
      VectorFloat.reluMaskMul(Staging.readFloats(yc, 0), Staging.readFloats(gc, 1), o, n);
      Staging.write(o, out);
    } else {
      double[] o = Staging.doubles(2, n);
      VectorDouble.reluMaskMul(Staging.readDoubles(yc, 0), Staging.readDoubles(gc, 1), o, n);
      Staging.write(o, out);
    }
    return out;
  }

  // ---------------------------------------------------------------- Bernoulli likelihood

  /**
   * sum_j x_ij l_ij - softplus(l_ij) for x, l [n, D]: the Bernoulli log-likelihood of logits
   * summed over pixels, [n], with softplus's log1p(exp(-|l|)) evaluated accurately (see the
   * class comment for the bounds).
   *
   * @throws IllegalArgumentException if x and l are not both [n, D]
   */
  public static INDArray bernoulliLogLik(INDArray x, INDArray l) {
    return bernoulliLogLik(Path.VECTOR, x, l);
  }

  /** As {@link #bernoulliLogLik}, on the given path. */
  static INDArray bernoulliLogLik(Path path, INDArray x, INDArray l) {
    rank2Same("bernoulliLogLik", "x", x, "logits", l);
    if (!use(path, x, l)) {
      return Nd4jKernels.bernoulliLogLik(x, l);
    }
    int rows = (int) l.size(0);
    int cols = (int) l.size(1);
    INDArray xc = Staging.contiguous(x);
    INDArray lc = Staging.contiguous(l);
    INDArray out = Nd4j.createUninitialized(l.dataType(), rows);
    if (isFloat(l)) {
      float[] o = Staging.floats(2, rows);
      VectorFloat.bernoulliLogLik(Staging.readFloats(xc, 0), Staging.readFloats(lc, 1), o, Staging.floats(3, cols), rows, cols);
      Staging.write(o, out);
    } else {
      double[] o = Staging.doubles(2, rows);
      VectorDouble.bernoulliLogLik(Staging.readDoubles(xc, 0), Staging.readDoubles(lc, 1), o, Staging.doubles(3, cols), rows, cols);
      Staging.write(o, out);
    }
    return out;
  }

  /**
   * The gradient of {@link #bernoulliLogLik} in the logits for an incoming gradient g [n]:
   * (x_ij - sigmoid(l_ij)) g_i, [n, D].
   *
   * @throws IllegalArgumentException if the shapes do not fit
   */
  public static INDArray bernoulliLogLikGrad(INDArray x, INDArray l, INDArray g) {
    return bernoulliLogLikGrad(Path.VECTOR, x, l, g);
  }

  /** As {@link #bernoulliLogLikGrad}, on the given path. */
  static INDArray bernoulliLogLikGrad(Path path, INDArray x, INDArray l, INDArray g) {
    rank2Same("bernoulliLogLikGrad", "x", x, "logits", l);
    if (g.length() != l.size(0)) {
      throw new IllegalArgumentException("bernoulliLogLikGrad: g must have " + l.size(0) + " elements, found "
          + Arrays.toString(g.shape()));
    }
    if (!use(path, x, l, g)) {
      return Nd4jKernels.bernoulliGrad(x, l, g);
    }
    int rows = (int) l.size(0);
    int cols = (int) l.size(1);
    INDArray out = Nd4j.createUninitialized(l.dataType(), l.shape());
    INDArray xc = Staging.contiguous(x);
    INDArray lc = Staging.contiguous(l);
    INDArray gc = Staging.contiguous(g);
    if (isFloat(l)) {
      float[] o = Staging.floats(3, rows * cols);
      VectorFloat.bernoulliGrad(Staging.readFloats(xc, 0), Staging.readFloats(lc, 1), Staging.readFloats(gc, 2), o,
          rows, cols);
      Staging.write(o, out);
    } else {
      double[] o = Staging.doubles(3, rows * cols);
      VectorDouble.bernoulliGrad(Staging.readDoubles(xc, 0), Staging.readDoubles(lc, 1), Staging.readDoubles(gc, 2),
          o, rows, cols);
      Staging.write(o, out);
    }
    return out;
  }

  // ---------------------------------------------------------------- Gaussian posterior

  /**
   * KL(N(mu, diag(e^{2s})) || N(0, I)) per row for mu, s [n, d]:
   * sum_j mu_j^2 / 2 + (expm1(2 s_j) - 2 s_j) / 2, [n] (Kingma &amp; Welling 2014, appendix B, with
   * e^{2s} - 1 - 2s written through expm1 so that a posterior near the prior keeps its digits).
   *
   * @throws IllegalArgumentException if mu and s are not both [n, d]
   */
  public static INDArray klStandardNormal(INDArray mu, INDArray s) {
    return klStandardNormal(Path.VECTOR, mu, s);
  }

  /** As {@link #klStandardNormal}, on the given path. */
  static INDArray klStandardNormal(Path path, INDArray mu, INDArray s) {
    rank2Same("klStandardNormal", "mu", mu, "logScale", s);
    if (!use(path, mu, s)) {
      return Nd4jKernels.klStd(mu, s);
    }
    int rows = (int) mu.size(0);
    int cols = (int) mu.size(1);
    INDArray out = Nd4j.createUninitialized(mu.dataType(), rows);
    INDArray mc = Staging.contiguous(mu);
    INDArray sc = Staging.contiguous(s);
    if (isFloat(mu)) {
      float[] o = Staging.floats(2, rows);
      VectorFloat.klStd(Staging.readFloats(mc, 0), Staging.readFloats(sc, 1), o, rows, cols);
      Staging.write(o, out);
    } else {
      double[] o = Staging.doubles(2, rows);
      VectorDouble.klStd(Staging.readDoubles(mc, 0), Staging.readDoubles(sc, 1), o, rows, cols);
      Staging.write(o, out);
    }
    return out;
  }

  /**
   * The gradients of {@link #klStandardNormal} for an incoming g [n]: {mu_ij g_i, expm1(2 s_ij) g_i}.
   *
   * @throws IllegalArgumentException if the shapes do not fit
   */
  public static INDArray[] klStandardNormalGrad(INDArray mu, INDArray s, INDArray g) {
    return klStandardNormalGrad(Path.VECTOR, mu, s, g);
  }

  /** As {@link #klStandardNormalGrad}, on the given path. */
  static INDArray[] klStandardNormalGrad(Path path, INDArray mu, INDArray s, INDArray g) {
    rank2Same("klStandardNormalGrad", "mu", mu, "logScale", s);
    if (g.length() != mu.size(0)) {
      throw new IllegalArgumentException("klStandardNormalGrad: g must have " + mu.size(0) + " elements, found "
          + Arrays.toString(g.shape()));
    }
    if (!use(path, mu, s, g)) {
      return Nd4jKernels.klStdGrad(mu, s, g);
    }
    int rows = (int) mu.size(0);
    int cols = (int) mu.size(1);
    int n = rows * cols;
    INDArray gm = Nd4j.createUninitialized(mu.dataType(), mu.shape());
    INDArray gs = Nd4j.createUninitialized(mu.dataType(), mu.shape());
    INDArray mc = Staging.contiguous(mu);
    INDArray sc = Staging.contiguous(s);
    INDArray gc = Staging.contiguous(g);
    if (isFloat(mu)) {
      float[] a = Staging.floats(3, n);
      float[] b = Staging.floats(4, n);
      VectorFloat.klStdGrad(Staging.readFloats(mc, 0), Staging.readFloats(sc, 1), Staging.readFloats(gc, 2), a, b,
          rows, cols);
      Staging.write(a, gm);
      Staging.write(b, gs);
    } else {
      double[] a = Staging.doubles(3, n);
      double[] b = Staging.doubles(4, n);
      VectorDouble.klStdGrad(Staging.readDoubles(mc, 0), Staging.readDoubles(sc, 1), Staging.readDoubles(gc, 2), a,
          b, rows, cols);
      Staging.write(a, gm);
      Staging.write(b, gs);
    }
    return new INDArray[] {gm, gs};
  }

  /**
   * The reparameterised draw z = mu + e^s eps for mu, s, eps of one shape; returns {z, e^s eps}
   * (the second is the logScale gradient's factor: dz/ds = e^s eps).
   *
   * @throws IllegalArgumentException if the shapes differ
   */
  public static INDArray[] rsample(INDArray mu, INDArray s, INDArray eps) {
    return rsample(Path.VECTOR, mu, s, eps);
  }

  /** As {@link #rsample}, on the given path. */
  static INDArray[] rsample(Path path, INDArray mu, INDArray s, INDArray eps) {
    sameShape("rsample", "mu", mu, "logScale", s);
    sameShape("rsample", "mu", mu, "eps", eps);
    if (!use(path, mu, s, eps)) {
      return Nd4jKernels.rsample(mu, s, eps);
    }
    int n = (int) mu.length();
    INDArray z = Nd4j.createUninitialized(mu.dataType(), mu.shape());
    INDArray se = Nd4j.createUninitialized(mu.dataType(), mu.shape());
    INDArray mc = Staging.contiguous(mu);
    INDArray sc = Staging.contiguous(s);
    INDArray ec = Staging.contiguous(eps);
    if (isFloat(mu)) {
      float[] a = Staging.floats(3, n);
      float[] b = Staging.floats(4, n);
      VectorFloat.rsample(Staging.readFloats(mc, 0), Staging.readFloats(sc, 1), Staging.readFloats(ec, 2), a, b, n);
      Staging.write(a, z);
      Staging.write(b, se);
    } else {
      double[] a = Staging.doubles(3, n);
      double[] b = Staging.doubles(4, n);
      VectorDouble.rsample(Staging.readDoubles(mc, 0), Staging.readDoubles(sc, 1), Staging.readDoubles(ec, 2), a, b,
          n);
      Staging.write(a, z);
      Staging.write(b, se);
    }
    return new INDArray[] {z, se};
  }

  // ---------------------------------------------------------------- soft-max and log-sum-exp

  /**
   * The stable soft-max over the rows of each column of a [k, b] array, in place:
   * max_c = max_r a_rc, a_rc = exp(a_rc - max_c) / sum_c with sum_c = sum_r exp(a_rc - max_c);
   * max and sum (b elements each, dense) receive max_c and sum_c, so that
   * log sum_r exp(a_rc) = max_c + log sum_c (the log-sum-exp of IWAE and of the CAVI E-step's
   * normaliser). Each sum_c lies in [1, k].
   *
   * @throws IllegalArgumentException if a is not rank 2 or max, sum do not have b elements
   */
  public static void softmaxColumns(INDArray a, INDArray max, INDArray sum) {
    softmaxColumns(Path.VECTOR, a, max, sum);
  }

  /** As {@link #softmaxColumns}, on the given path. */
  static void softmaxColumns(Path path, INDArray a, INDArray max, INDArray sum) {
    if (a.rank() != 2 || max.length() != a.size(1) || sum.length() != a.size(1)) {
      throw new IllegalArgumentException("softmaxColumns: a must be [k, b] and max, sum [b], found a "
          + Arrays.toString(a.shape()) + ", max " + Arrays.toString(max.shape()) + ", sum " + Arrays.toString(sum.shape()));
    }
    if (!use(path, a, max, sum) || !Staging.dense(a) || !Staging.dense(max) || !Staging.dense(sum)) {
      Nd4jKernels.softmaxColumns(a, max, sum);
      return;
    }
    int k = (int) a.size(0);
    int b = (int) a.size(1);
    // column chunks, so that the staged [k, chunk] block and its three passes stay in the cache:
    // the array itself is read once and written once
    int chunk = Math.max(64, Math.min(b, SOFTMAX_STAGE / Math.max(1, k)) / 64 * 64);
    int ao = (int) a.offset();
    int mo = (int) max.offset();
    int so = (int) sum.offset();
    if (isFloat(a)) { // one NIO view per array for the whole call (creating one costs about a microsecond)
      java.nio.FloatBuffer ab = a.data().asNioFloat();
      java.nio.FloatBuffer mb = max.data().asNioFloat();
      java.nio.FloatBuffer sb = sum.data().asNioFloat();
      float[] aa = Staging.floats(0, k * chunk);
      float[] mx = Staging.floats(1, chunk);
      float[] sm = Staging.floats(2, chunk);
      for (int c0 = 0; c0 < b; c0 += chunk) {
        int cb = Math.min(chunk, b - c0);
        int n = (cb + 63) / 64 * 64; // staged rows of stride n: lanes past cb are computed and dropped
        for (int r = 0; r < k; r++) {
          ab.get(ao + r * b + c0, aa, r * n, cb);
        }
        VectorFloat.softmaxColumns(aa, mx, sm, k, n);
        for (int r = 0; r < k; r++) {
          ab.put(ao + r * b + c0, aa, r * n, cb);
        }
        mb.put(mo + c0, mx, 0, cb);
        sb.put(so + c0, sm, 0, cb);
      }
    } else {
      java.nio.DoubleBuffer ab = a.data().asNioDouble();
      java.nio.DoubleBuffer mb = max.data().asNioDouble();
      java.nio.DoubleBuffer sb = sum.data().asNioDouble();
      double[] aa = Staging.doubles(0, k * chunk);
      double[] mx = Staging.doubles(1, chunk);
      double[] sm = Staging.doubles(2, chunk);
      for (int c0 = 0; c0 < b; c0 += chunk) {
        int cb = Math.min(chunk, b - c0);
        int n = (cb + 63) / 64 * 64; // staged rows of stride n: lanes past cb are computed and dropped
        for (int r = 0; r < k; r++) {
          ab.get(ao + r * b + c0, aa, r * n, cb);
        }
        VectorDouble.softmaxColumns(aa, mx, sm, k, n);
        for (int r = 0; r < k; r++) {
          ab.put(ao + r * b + c0, aa, r * n, cb);
        }
        mb.put(mo + c0, mx, 0, cb);
        sb.put(so + c0, sm, 0, cb);
      }
    }
  }

  // ---------------------------------------------------------------- mixture E-step

  /**
   * F = 1 + U + D + D(D+1)/2: the quadratic features phi = (1, u, x, x_i x_j for i &lt;= j) of a
   * point with U non-location features u and a location x in R^D (the layout of
   * {@link #mixtureEStep}).
   */
  public static int quadraticFeatureCount(int u, int d) {
    return 1 + u + d + d * (d + 1) / 2;
  }

  /** The row of phi holding x_i x_j (i, j &lt; D): pairs row by row, (0,0), (0,1), ..., (0,D-1), (1,1), ... */
  public static int quadraticFeatureRow(int u, int d, int i, int j) {
    int a = Math.min(i, j);
    int b = Math.max(i, j);
    return 1 + u + d + a * d - a * (a - 1) / 2 + (b - a);
  }

  /**
   * The quadratic features [F, B] of a block, float64, as ND4J ops: rows 1, the U rows u, the D rows
   * x, then x_i x_j for i &lt;= j in {@link #quadraticFeatureRow} order; {@code raw} is [U + D, B].
   */
  public static INDArray quadraticFeatures(INDArray raw, int u) {
    int d = (int) raw.size(0) - u;
    long b = raw.size(1);
    INDArray phi = Nd4j.create(DataType.DOUBLE, quadraticFeatureCount(u, d), b);
    phi.putRow(0, Nd4j.ones(DataType.DOUBLE, b));
    for (int r = 0; r < u + d; r++) {
      phi.putRow(1 + r, raw.getRow(r));
    }
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        phi.putRow(quadraticFeatureRow(u, d, i, j), raw.getRow(u + i).mul(raw.getRow(u + j)));
      }
    }
    return phi;
  }

  /**
   * <b>The E-step of a conjugate mixture</b> on one block of B points, float64, in one pass. With
   * phi_n = (1, u_n, x_n, x_ni x_nj for i &lt;= j) the quadratic features of point n (built from
   * {@code raw} in the cache, never stored; layout {@link #quadraticFeatureRow}) and C the [K, F]
   * coefficients of the log-densities, log rho_kn = (C phi_n)_k:
   * <pre>
   *   m_n = max_k log rho_kn,  s_n = sum_k exp(log rho_kn - m_n),  R_kn = exp(log rho_kn - m_n) / s_n
   *   T   = R Phi^T                 [K, F]: N_k, sum R u, sum R x, sum R x_i x_j
   *   returned: sum_n log sum_k rho_kn = sum_n m_n + sum_n log s_n
   * </pre>
   * (Bishop 2006, section 10.2; Blei, Kucukelbir &amp; McAuliffe 2017, eq. 17-18: the soft-max of
   * the expected complete-data log-likelihoods and the expected sufficient statistics). Since each
   * s_n lies in [1, K], sum_n log s_n is taken as logarithms of lane-wise products of up to
   * {@link #productGroup}(K) of them (StrictMath.log, one per lane and group: no overflow, and a
   * fraction of a logarithm per point). The ND4J fallback forms Phi and runs two matrix products
   * around {@link #softmaxColumns}.
   *
   * <p>Memory traffic: U + D reads per point, and K writes when the responsibilities are asked
   * for; nothing [F, B] is formed. Accuracy: each logit is a sum of F fused multiply-adds, within
   * F eps sum_q |c_kq phi_qn|; the responsibilities as {@link #softmaxColumns} given the logits;
   * each moment sum_n R_kn phi_qn within (B / lanes + lanes + 2) eps of sum_n R_kn |phi_qn|; the
   * log-normaliser within sum_n (2 F eps max_k sum_q |c_kq phi_qn| + (K + 70) eps) + (B / lanes +
   * lanes) eps sum_n |m_n| + (B / lanes) eps |sum log s|. Deterministic: lane-wise sums over chunks in order,
   * lanes reduced in order.
   *
   * @param coef C, [K, F], float64
   * @param raw the rows (u, x) of the block, [U + D, B], float64
   * @param u U, the number of leading non-location rows of {@code raw}
   * @param resp out: R, [K, B], or null when only the statistics are needed
   * @param moments out: T, [K, F]
   * @return sum_n log sum_k rho_kn
   * @throws IllegalArgumentException if a shape or type does not fit
   */
  public static double mixtureEStep(INDArray coef, INDArray raw, int u, INDArray resp, INDArray moments) {
    return mixtureEStep(Path.VECTOR, coef, raw, u, resp, moments);
  }

  /** As {@link #mixtureEStep}, on the given path. */
  static double mixtureEStep(Path path, INDArray coef, INDArray raw, int u, INDArray resp, INDArray moments) {
    if (raw.rank() != 2 || coef.rank() != 2 || u < 0 || u > raw.size(0)) {
      throw new IllegalArgumentException("mixtureEStep: raw must be [U + D, B] with 0 <= U <= U + D and coef [K, F], "
          + "found raw " + Arrays.toString(raw.shape()) + ", U = " + u + ", coef " + Arrays.toString(coef.shape()));
    }
    int d = (int) raw.size(0) - u;
    int f = quadraticFeatureCount(u, d);
    int k = (int) coef.size(0);
    int b = (int) raw.size(1);
    if (coef.size(1) != f || (resp != null && (resp.rank() != 2 || resp.size(0) != k || resp.size(1) != b))
        || moments.rank() != 2 || moments.size(0) != k || moments.size(1) != f) {
      throw new IllegalArgumentException("mixtureEStep: with raw " + Arrays.toString(raw.shape()) + " and U = " + u
          + ", coef must be [K, " + f + "], resp null or [K, " + b + "], moments [K, " + f + "]; found coef "
          + Arrays.toString(coef.shape()) + ", resp " + (resp == null ? "null" : Arrays.toString(resp.shape()))
          + ", moments " + Arrays.toString(moments.shape()));
    }
    for (INDArray a : new INDArray[] {coef, raw, resp, moments}) {
      if (a != null && a.dataType() != DataType.DOUBLE) {
        throw new IllegalArgumentException("mixtureEStep: every array must be DOUBLE, found " + a.dataType());
      }
    }
    if (!use(path, raw) || !Staging.dense(raw) || (resp != null && !Staging.dense(resp)) || !Staging.dense(moments)) {
      return Nd4jKernels.mixtureEStep(coef, raw, u, resp, moments);
    }
    int lanes = Species.doubleLanes();
    int cs = Math.max(64, ESTEP_STAGE / (f + k) / 64 * 64); // points per chunk, a multiple of the lanes
    double[] ph = Staging.doubles(0, f * cs);
    double[] lr = Staging.doubles(1, k * cs);
    double[] mx = Staging.doubles(2, cs);
    double[] sm = Staging.doubles(3, cs);
    double[] acc = Staging.doubles(4, k * f * lanes);
    double[] c = Staging.doubles(5, k * f);
    double[] lse = Staging.doubles(6, 3 * lanes);
    Arrays.fill(acc, 0, k * f * lanes, 0.0);
    Arrays.fill(lse, 0, 2 * lanes, 0.0);
    Staging.read(Staging.contiguous(coef), 0, c, k * f);
    int group = productGroup(k);
    java.nio.DoubleBuffer xb = raw.data().asNioDouble();
    java.nio.DoubleBuffer rb = resp == null ? null : resp.data().asNioDouble();
    int xo = (int) raw.offset();
    int ro = resp == null ? 0 : (int) resp.offset();
    int stride = -1;
    for (int c0 = 0; c0 < b; c0 += cs) {
      int cb = Math.min(cs, b - c0);
      int n = (cb + lanes - 1) / lanes * lanes; // rows of stride n, zero past cb
      if (n != stride) {
        stride = n;
        Arrays.fill(ph, 0, f * n, 0.0);
        Arrays.fill(ph, 0, cb, 1.0); // the ones row
      }
      for (int r = 0; r < u + d; r++) {
        xb.get(xo + r * b + c0, ph, (1 + r) * n, cb);
      }
      VectorDouble.mixtureChunk(c, k, f, u, d, ph, lr, mx, sm, acc, n);
      for (int i = cb; i < n; i++) { // padding lanes: m = 0 and s = 1 add nothing below
        mx[i] = 0;
        sm[i] = 1;
      }
      VectorDouble.logNormaliser(mx, sm, n, group, lse);
      if (rb != null) {
        for (int r = 0; r < k; r++) {
          rb.put(ro + r * b + c0, lr, r * n, cb);
        }
      }
    }
    double[] t = new double[k * f];
    for (int i = 0; i < k * f; i++) {
      double v = 0;
      for (int l = 0; l < lanes; l++) {
        v += acc[i * lanes + l];
      }
      t[i] = v;
    }
    Staging.write(t, moments);
    double sumM = 0;
    double sumLog = 0;
    for (int l = 0; l < lanes; l++) {
      sumM += lse[l];
      sumLog += lse[lanes + l];
    }
    return sumM + sumLog;
  }

  /**
   * How many values in [1, K] can be multiplied before taking one logarithm without overflow:
   * K^g &lt;= e^700, at most 64.
   */
  public static int productGroup(int k) {
    return k <= 1 ? 64 : (int) Math.max(1, Math.min(64, Math.floor(700 / Math.log(k))));
  }

  /**
   * sum_n (m_n + log s_n) for per-point maxima m and column sums s in [1, K] of a soft-max over K
   * rows ({@link #softmaxColumns}'s outputs), as ND4J ops: the logarithms are taken of products of
   * up to {@link #productGroup}(K) consecutive s_n (rounding about 64 eps per product), since an
   * element-wise logarithm costs ND4J about ten multiplications.
   */
  public static double logNormaliserSum(INDArray max, INDArray sum, int k) {
    INDArray s = sum.reshape(1, sum.length());
    int g = productGroup(k);
    long len = s.length();
    long main = len - len % g;
    double total = 0;
    if (main > 0) {
      INDArray head = main == len ? s : s.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, main));
      total += Transforms.log(head.reshape(main / g, g).prod(1), false).sumNumber().doubleValue();
    }
    if (main < len) {
      total += Transforms.log(s.get(NDArrayIndex.point(0), NDArrayIndex.interval(main, len)), true)
          .sumNumber().doubleValue();
    }
    return total + max.sumNumber().doubleValue();
  }

  // ---------------------------------------------------------------- Adam

  /**
   * One Adam update in place over dense p, g, m, v of one type (Kingma &amp; Ba 2015, Algorithm 1
   * with the bias correction folded into {@code step} = lr sqrt(1 - b2^t) / (1 - b1^t)):
   * m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2, p -= step m / (sqrt(v) + eps). Chunks of 2^16
   * elements run on the common fork-join pool (elements are independent: the split does not change
   * a bit). Bit-identical to the scalar loop in the same operation order.
   *
   * @throws IllegalArgumentException if the lengths differ
   */
  public static void adam(INDArray p, INDArray g, INDArray m, INDArray v, double b1, double b2, double step,
      double eps) {
    adam(Path.VECTOR, p, g, m, v, b1, b2, step, eps);
  }

  /** As {@link #adam}, on the given path. */
  static void adam(Path path, INDArray p, INDArray g, INDArray m, INDArray v, double b1, double b2, double step,
      double eps) {
    if (g.length() != p.length() || m.length() != p.length() || v.length() != p.length()) {
      throw new IllegalArgumentException("adam: p, g, m, v must have one length, found " + p.length() + ", "
          + g.length() + ", " + m.length() + ", " + v.length());
    }
    if (!use(path, p, g, m, v) || !Staging.dense(p) || !Staging.dense(m) || !Staging.dense(v)) {
      Nd4jKernels.adam(p, g, m, v, b1, b2, step, eps);
      return;
    }
    INDArray gc = Staging.contiguous(g);
    long n = p.length();
    int tasks = (int) ((n + ADAM_TASK - 1) / ADAM_TASK);
    IntStream range = IntStream.range(0, tasks);
    if (tasks > 1) {
      range = range.parallel();
    }
    boolean f = isFloat(p);
    range.forEach(t -> {
      long end = Math.min(n, (long) (t + 1) * ADAM_TASK);
      for (long lo = (long) t * ADAM_TASK; lo < end; lo += ADAM_STAGE) {
        int len = (int) Math.min(ADAM_STAGE, end - lo);
        if (f) {
          float[] pp = Staging.floats(0, len);
          float[] gg = Staging.floats(1, len);
          float[] mm = Staging.floats(2, len);
          float[] vv = Staging.floats(3, len);
          Staging.read(p, lo, pp, len);
          Staging.read(gc, lo, gg, len);
          Staging.read(m, lo, mm, len);
          Staging.read(v, lo, vv, len);
          VectorFloat.adam(pp, gg, mm, vv, len, (float) b1, (float) (1 - b1), (float) b2, (float) (1 - b2),
              (float) step, (float) eps);
          Staging.write(pp, p, lo, len);
          Staging.write(mm, m, lo, len);
          Staging.write(vv, v, lo, len);
        } else {
          double[] pp = Staging.doubles(0, len);
          double[] gg = Staging.doubles(1, len);
          double[] mm = Staging.doubles(2, len);
          double[] vv = Staging.doubles(3, len);
          Staging.read(p, lo, pp, len);
          Staging.read(gc, lo, gg, len);
          Staging.read(m, lo, mm, len);
          Staging.read(v, lo, vv, len);
          VectorDouble.adam(pp, gg, mm, vv, len, b1, 1 - b1, b2, 1 - b2, step, eps);
          Staging.write(pp, p, lo, len);
          Staging.write(mm, m, lo, len);
          Staging.write(vv, v, lo, len);
        }
      }
    });
  }

  // ---------------------------------------------------------------- checks

  private static void sameShape(String op, String an, INDArray a, String bn, INDArray b) {
    if (!Arrays.equals(a.shape(), b.shape())) {
      throw new IllegalArgumentException(op + ": " + an + " and " + bn + " must have one shape, found "
          + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()));
    }
  }

  private static void rank2Same(String op, String an, INDArray a, String bn, INDArray b) {
    if (a.rank() != 2 || !Arrays.equals(a.shape(), b.shape())) {
      throw new IllegalArgumentException(op + ": " + an + " and " + bn + " must both be [n, D], found "
          + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()));
    }
  }
}
