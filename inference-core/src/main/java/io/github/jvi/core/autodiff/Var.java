package io.github.jvi.core.autodiff;

import io.github.jvi.core.special.Special;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A differentiable array: a value, and (when it depends on a parameter) the inputs it was computed
 * from and the rule that maps the gradient of a scalar loss with respect to this value to the
 * gradients with respect to the inputs.
 *
 * <p>Leaves are made with {@link #param(INDArray)} (needs a gradient) or
 * {@link #constant(INDArray)} (does not). Element-wise binary ops broadcast like NumPy; the
 * backward pass sums gradients back to each input's shape. Values are never modified in place:
 * a {@code Var}'s value may be shared, and callers must not mutate it.
 *
 * <p>Numerical notes: {@link #softplus()}, {@link #logSigmoid()} and {@link #logSumExp(int)} use
 * the stable forms {@code max(x,0) + log1p(exp(-|x|))} and a max shift with a stopped gradient;
 * {@link #lgamma()} and {@link #digamma()} differentiate through digamma and trigamma.
 */
public final class Var {
  /** The vector-Jacobian product of one op: gradients for each input (null where not needed). */
  @FunctionalInterface
  public interface Backward {
    /**
     * @param gradOut d loss / d output, the shape of the output
     * @return d loss / d input for each input, in input order; entries for inputs that need no
     *     gradient may be null. Shapes may be broadcast shapes: they are summed back to the
     *     input's shape by the caller.
     */
    INDArray[] apply(INDArray gradOut);
  }

  /**
   * The host path's vector-Jacobian product: C-ordered float64 gradients, each either of the
   * input's length (in the input's layout) or of the output's length (a broadcast of the input,
   * summed back by {@link Gradients}); null where not needed. The argument must not be modified.
   */
  @FunctionalInterface
  public interface HostBackward {
    double[][] apply(double[] gradOut);
  }

  private static final ThreadLocal<int[]> ND4J_ONLY = ThreadLocal.withInitial(() -> new int[1]);

  private volatile INDArray value; // null until asked for, for a value born on the host
  private volatile double[] host; // C-ordered float64 values; null unless on the host path
  private final long[] shape;
  private final Var[] inputs;
  private final Backward backward;
  private final HostBackward hostBackward;
  private final boolean requiresGrad;
  private final boolean hostBorn; // made on the host path: an op reading it takes the host path

  private Var(INDArray value, Var[] inputs, Backward backward, boolean requiresGrad) {
    this.value = value;
    this.host = null;
    this.hostBorn = false;
    this.shape = value.shape();
    this.inputs = inputs;
    this.backward = backward;
    this.hostBackward = null;
    this.requiresGrad = requiresGrad;
  }

  private Var(double[] host, long[] shape, Var[] inputs, HostBackward hostBackward, boolean requiresGrad,
      boolean hostBorn) {
    this.value = null;
    this.host = host;
    this.hostBorn = hostBorn;
    this.shape = shape;
    this.inputs = inputs;
    this.backward = null;
    this.hostBackward = hostBackward;
    this.requiresGrad = requiresGrad;
  }

  // ---------------------------------------------------------------- leaves and custom ops

  /**
   * A leaf that needs a gradient, held as this ND4J array: ops on it take the ND4J path, unless
   * it is float64 with at most 2^14 elements and meets a value made on the host path, which then
   * copies it to the host once (see the package documentation). Do not modify it.
   */
  public static Var param(INDArray value) {
    return new Var(Objects.requireNonNull(value, "value"), null, null, true);
  }

  /** A leaf that needs no gradient (see {@link #param(INDArray)} on the host path). */
  public static Var constant(INDArray value) {
    return new Var(Objects.requireNonNull(value, "value"), null, null, false);
  }

  /**
   * A float64 leaf that needs a gradient, from C-ordered (row-major) values, copied: held on the
   * host path when it has at most 2^14 elements, as an ND4J array otherwise.
   *
   * @throws IllegalArgumentException if the values do not fill the shape
   */
  public static Var param(double[] values, long... shape) {
    return leaf(values, shape, true);
  }

  /** A float64 leaf that needs no gradient, from C-ordered values (see {@link #param(double[], long...)}). */
  public static Var constant(double[] values, long... shape) {
    return leaf(values, shape, false);
  }

  private static Var leaf(double[] values, long[] shape, boolean requiresGrad) {
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(shape, "shape");
    for (long s : shape) {
      if (s < 0) {
        throw new IllegalArgumentException("shape must have sizes >= 0, found " + Arrays.toString(shape));
      }
    }
    if (HostArrays.length(shape) != values.length) {
      throw new IllegalArgumentException("values must have " + HostArrays.length(shape)
          + " elements for shape " + Arrays.toString(shape) + ", found " + values.length);
    }
    if (!hostEnabled() || values.length == 0 || values.length > HostArrays.MAX_LENGTH) {
      INDArray v = values.length == 0 ? Nd4j.create(DataType.DOUBLE, shape)
          : HostArrays.toNd4j(values, shape);
      return new Var(v, null, null, requiresGrad);
    }
    return new Var(values.clone(), shape.clone(), null, null, requiresGrad, true);
  }

  /**
   * A rank-0 float64 constant, made on the host path (so the ops of a distribution built from
   * doubles, {@code Normal.of(0, 10)}, stay there; with an ND4J operand it is copied in as any small
   * host value is).
   */
  public static Var scalar(double value) {
    if (hostEnabled()) {
      return new Var(new double[] {value}, new long[0], null, null, false, true);
    }
    return constant(Nd4j.scalar(value));
  }

  /** A rank-0 constant of the given type. */
  public static Var scalar(double value, DataType type) {
    if (type == DataType.DOUBLE) {
      return scalar(value);
    }
    return constant(Nd4j.scalar(type, value));
  }

  /**
   * An op defined by its value and backward rule: the extension point for fused ops (a density
   * and its gradient in one pass). The graph records {@code inputs} only when one of them needs a
   * gradient.
   */
  public static Var op(INDArray value, Backward backward, Var... inputs) {
    boolean needs = false;
    for (Var in : inputs) {
      needs |= in.requiresGrad;
    }
    return needs ? new Var(value, inputs, backward, true) : new Var(value, null, null, false);
  }

  /**
   * A fused op on the host path, the counterpart of {@link #op}: its value as C-ordered float64
   * values of {@code shape} (not copied: do not modify it afterwards) and its rule on host
   * gradients. For fused densities of small models; call it only where
   * {@link #onHostPath(Var...)} holds for the inputs.
   *
   * @throws IllegalArgumentException if the values do not fill the shape
   * @throws IllegalStateException if the inputs are not on the host path
   */
  public static Var opOnHost(double[] value, long[] shape, HostBackward backward, Var... inputs) {
    if (HostArrays.length(shape) != value.length) {
      throw new IllegalArgumentException("value must have " + HostArrays.length(shape) + " elements for shape "
          + Arrays.toString(shape) + ", found " + value.length);
    }
    if (!onHostPath(inputs)) {
      throw new IllegalStateException("opOnHost needs inputs on the host path (see Var.onHostPath)");
    }
    return hostOp(value, shape.clone(), backward, inputs);
  }

  /**
   * Whether an op on these operands takes the host path: the host path is on for this thread,
   * one operand was made there, and all are float64 with 1 to 2^14 elements.
   */
  public static boolean onHostPath(Var... operands) {
    if (!hostEnabled()) {
      return false;
    }
    boolean born = false;
    for (Var v : operands) {
      if (!v.hostable()) {
        return false;
      }
      born |= v.hostBorn;
    }
    return born;
  }

  /**
   * The value's C-ordered float64 elements for a fused host op ({@link #opOnHost}), repeated to
   * the broadcast shape {@code shape} when that is larger. Not a copy where it need not be: do not
   * modify it.
   *
   * @throws IllegalStateException if this value is not float64 with 1 to 2^14 elements
   */
  public double[] hostValues(long... shape) {
    if (!hostable()) {
      throw new IllegalStateException("hostValues needs a float64 value of 1 to 2^14 elements, found "
          + dataType() + " " + Arrays.toString(this.shape));
    }
    double[] h = hostData();
    return shape.length == 0 && h.length == 1 ? h : HostArrays.expand(h, this.shape, HostArrays.broadcast(this.shape, shape));
  }

  /** A host-path op: like {@link #op} with a host value and backward rule. */
  private static Var hostOp(double[] value, long[] shape, HostBackward backward, Var... inputs) {
    boolean needs = false;
    for (Var in : inputs) {
      needs |= in.requiresGrad;
    }
    return needs ? new Var(value, shape, inputs, backward, true, true)
        : new Var(value, shape, null, null, false, true);
  }

  /**
   * Runs {@code body} on this thread with the host path off: every op then computes through ND4J
   * as before the host path existed. For benchmarks and tests that compare the two paths; results
   * of the two agree to rounding (see the package documentation).
   */
  public static <T> T withoutHostPath(Supplier<T> body) {
    int[] depth = ND4J_ONLY.get();
    depth[0]++;
    try {
      return body.get();
    } finally {
      depth[0]--;
    }
  }

  private static boolean hostEnabled() {
    return ND4J_ONLY.get()[0] == 0;
  }

  /** The value, as an ND4J array (made once, on first request, for a host value). Do not modify it. */
  public INDArray value() {
    INDArray v = value;
    if (v == null) {
      v = HostArrays.toNd4j(host, shape);
      value = v;
    }
    return v;
  }

  /** The value's C-ordered (row-major) elements as float64 (a copy). */
  public double[] doubles() {
    double[] h = host;
    if (inputs == null && value != null) {
      return HostArrays.fromNd4j(value);
    }
    return h != null ? h.clone() : HostArrays.fromNd4j(value);
  }

  /** Whether an op may read this value on the host path (held there, or small float64). */
  private boolean hostable() {
    return host != null || HostArrays.eligible(value);
  }

  /**
   * The host values. An op output's ND4J value is copied once, then kept (values are immutable).
   * A leaf whose ND4J array exists is read afresh every time: an optimiser may have updated that
   * array in place between two graphs built on the same leaf, and a kept copy would be stale.
   */
  double[] hostData() {
    double[] h = host;
    if (inputs == null && value != null) {
      return HostArrays.fromNd4j(value);
    }
    if (h == null) {
      h = HostArrays.fromNd4j(value);
      host = h;
    }
    return h;
  }

  /**
   * Whether the value was made on the host path (a {@link #param(double[], long...)} or
   * {@link #constant(double[], long...)} leaf, or an op's output computed there): ops reading it
   * take the host path, and {@link #doubles()} copies no ND4J array.
   */
  public boolean isHost() {
    return hostBorn;
  }

  /** A unary op takes the host path when its operand was made there. */
  private static boolean host(Var a) {
    return a.hostBorn && hostEnabled();
  }

  /**
   * A binary op takes the host path when one operand was made there and the other may be read
   * there (a small float64 ND4J value is then copied to the host once). Graphs of ND4J values
   * alone therefore compute exactly as before the host path existed.
   */
  private static boolean host(Var a, Var b) {
    return (a.hostBorn || b.hostBorn) && a.hostable() && b.hostable() && hostEnabled();
  }

  /** Whether some parameter upstream of this value needs a gradient. */
  public boolean requiresGrad() {
    return requiresGrad;
  }

  /** True for a leaf (param or constant). */
  public boolean isLeaf() {
    return inputs == null;
  }

  Var[] inputs() {
    return inputs;
  }

  Backward backward() {
    return backward;
  }

  HostBackward hostBackward() {
    return hostBackward;
  }

  /** The shape, not copied (internal). */
  long[] shapeRef() {
    return shape;
  }

  /** The shape of the value. */
  public long[] shape() {
    return shape.clone();
  }

  /** The rank of the value. */
  public int rank() {
    return shape.length;
  }

  /** The number of elements. */
  public long length() {
    return HostArrays.length(shape);
  }

  /** The data type of the value. */
  public DataType dataType() {
    return value == null ? DataType.DOUBLE : value.dataType();
  }

  /** The value of a single-element array. */
  public double item() {
    if (length() != 1) {
      throw new IllegalStateException("item() needs a single element, shape is " + Arrays.toString(shape));
    }
    double[] h = host;
    if (h != null && !(inputs == null && value != null)) {
      return h[0];
    }
    return value.getDouble(0);
  }

  /** This value with no gradient flowing back through it (stop-gradient). */
  public Var detach() {
    if (!requiresGrad) {
      return this;
    }
    if (hostBorn) {
      return new Var(hostData(), shape, null, null, false, true);
    }
    return constant(value);
  }

  /** A constant of the same type as this value. */
  public Var like(double c) {
    return scalar(c, dataType());
  }

  // ---------------------------------------------------------------- element-wise binary

  /**
   * The two operands with the lower-rank one given leading size-1 dimensions, as NumPy
   * broadcasting does implicitly (ND4J broadcasts [n,1] with [1,K] but not [n,1] with [K]).
   */
  private static INDArray[] aligned(INDArray a, INDArray b) {
    int ra = a.rank();
    int rb = b.rank();
    if (ra == rb || ra == 0 || rb == 0) {
      return new INDArray[] {a, b};
    }
    return ra < rb ? new INDArray[] {a.reshape(withLeadingOnes(a.shape(), rb)), b}
        : new INDArray[] {a, b.reshape(withLeadingOnes(b.shape(), ra))};
  }

  private static long[] withLeadingOnes(long[] shape, int rank) {
    long[] out = new long[rank];
    java.util.Arrays.fill(out, 1L);
    System.arraycopy(shape, 0, out, rank - shape.length, shape.length);
    return out;
  }

  /** A binary host op (ADD, SUB, MUL, DIV) with broadcasting and its backward rule. */
  private Var hostBinary(int op, Var other) {
    double[] a = hostData();
    double[] b = other.hostData();
    long[] sa = shape;
    long[] sb = other.shape;
    long[] so = HostArrays.broadcast(sa, sb);
    double[] out = HostArrays.binary(op, a, sa, b, sb, so);
    boolean ga = requiresGrad;
    boolean gb = other.requiresGrad;
    HostBackward back = switch (op) {
      case HostArrays.ADD -> g -> new double[][] {g, g};
      case HostArrays.SUB -> g -> new double[][] {g, gb ? HostArrays.neg(g) : null};
      case HostArrays.MUL -> g -> new double[][] {
          ga ? HostArrays.binary(HostArrays.MUL, g, so, b, sb, so) : null,
          gb ? HostArrays.binary(HostArrays.MUL, g, so, a, sa, so) : null};
      default -> g -> {
        double[] gx = HostArrays.binary(HostArrays.DIV, g, so, b, sb, so);
        double[] gy = null;
        if (gb) {
          double[] gOut = new double[out.length];
          for (int i = 0; i < gOut.length; i++) {
            gOut[i] = -(g[i] * out[i]); // -(g out / b), in ND4J's order: g * out, / b, negated
          }
          gy = HostArrays.binary(HostArrays.DIV, gOut, so, b, sb, so);
        }
        return new double[][] {ga ? gx : null, gy};
      };
    };
    return hostOp(out, so, back, this, other);
  }

  /** this + other (broadcasting). */
  public Var add(Var other) {
    if (host(this, other)) {
      return hostBinary(HostArrays.ADD, other);
    }
    INDArray[] ab = aligned(value(), other.value());
    return op(ab[0].add(ab[1]), g -> new INDArray[] {g, g}, this, other);
  }

  /** this + c. */
  public Var add(double c) {
    if (host(this)) {
      return hostOp(HostArrays.shift(hostData(), c), shape, g -> new double[][] {g}, this);
    }
    return op(value().add(c), g -> new INDArray[] {g}, this);
  }

  /** this - other (broadcasting). */
  public Var sub(Var other) {
    if (host(this, other)) {
      return hostBinary(HostArrays.SUB, other);
    }
    INDArray[] ab = aligned(value(), other.value());
    return op(ab[0].sub(ab[1]), g -> new INDArray[] {g, other.requiresGrad ? g.neg() : null}, this, other);
  }

  /** this - c. */
  public Var sub(double c) {
    if (host(this)) {
      return hostOp(HostArrays.shift(hostData(), -c), shape, g -> new double[][] {g}, this);
    }
    return op(value().sub(c), g -> new INDArray[] {g}, this);
  }

  /** c - this. */
  public Var rsub(double c) {
    if (host(this)) {
      double[] x = hostData();
      double[] out = new double[x.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = c - x[i];
      }
      return hostOp(out, shape, g -> new double[][] {HostArrays.neg(g)}, this);
    }
    return op(value().rsub(c), g -> new INDArray[] {g.neg()}, this);
  }

  /** this * other (broadcasting). */
  public Var mul(Var other) {
    if (host(this, other)) {
      return hostBinary(HostArrays.MUL, other);
    }
    INDArray[] ab = aligned(value(), other.value());
    return op(ab[0].mul(ab[1]), g -> new INDArray[] {
        requiresGrad ? g.mul(ab[1]) : null,
        other.requiresGrad ? g.mul(ab[0]) : null}, this, other);
  }

  /** this * c. */
  public Var mul(double c) {
    if (host(this)) {
      return hostOp(HostArrays.scale(hostData(), c), shape, g -> new double[][] {HostArrays.scale(g, c)}, this);
    }
    return op(value().mul(c), g -> new INDArray[] {g.mul(c)}, this);
  }

  /** this / other (broadcasting). */
  public Var div(Var other) {
    if (host(this, other)) {
      return hostBinary(HostArrays.DIV, other);
    }
    INDArray[] ab = aligned(value(), other.value());
    INDArray out = ab[0].div(ab[1]);
    return op(out, g -> new INDArray[] {
        requiresGrad ? g.div(ab[1]) : null,
        other.requiresGrad ? g.mul(out).divi(ab[1]).negi() : null}, this, other);
  }

  /** this / c. */
  public Var div(double c) {
    return mul(1.0 / c);
  }

  /** c / this. */
  public Var rdiv(double c) {
    if (host(this)) {
      double[] x = hostData();
      double[] out = new double[x.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = c / x[i];
      }
      return hostOp(out, shape, g -> {
        double[] r = new double[g.length];
        for (int i = 0; i < r.length; i++) {
          r[i] = -(g[i] * out[i] / x[i]);
        }
        return new double[][] {r};
      }, this);
    }
    INDArray x = value();
    INDArray out = x.rdiv(c);
    return op(out, g -> new INDArray[] {g.mul(out).divi(x).negi()}, this);
  }

  /** Element-wise maximum (the gradient goes to the larger input; ties to this). */
  public Var max(Var other) {
    if (host(this, other)) {
      long[] so = HostArrays.broadcast(shape, other.shape);
      double[] a = HostArrays.expand(hostData(), shape, so);
      double[] b = HostArrays.expand(other.hostData(), other.shape, so);
      double[] out = new double[a.length];
      for (int i = 0; i < out.length; i++) {
        double d = a[i] - b[i];
        out[i] = (d > 0 ? d : 0.0) + b[i]; // as relu(a - b) + b on the ND4J path
      }
      return hostOp(out, so, g -> {
        double[] ga = new double[g.length];
        double[] gb = new double[g.length];
        for (int i = 0; i < g.length; i++) {
          if (a[i] - b[i] >= 0.0) {
            ga[i] = g[i];
          } else {
            gb[i] = g[i];
          }
        }
        return new double[][] {ga, gb};
      }, this, other);
    }
    INDArray[] ab = aligned(value(), other.value());
    INDArray diff = ab[0].sub(ab[1]);
    INDArray out = Transforms.relu(diff, true).addi(ab[1]);
    return op(out, g -> {
      INDArray mask = diff.gte(0.0).castTo(g.dataType());
      return new INDArray[] {g.mul(mask), g.mul(mask.rsub(1.0))};
    }, this, other);
  }

  /** Element-wise minimum (the gradient goes to the smaller input; ties to this). */
  public Var min(Var other) {
    return neg().max(other.neg()).neg();
  }

  // ---------------------------------------------------------------- element-wise unary

  /** A host op y = f(x) whose derivative is dy/dx = d(x, y). */
  private Var hostUnary(DoubleUnaryOperator f, DoubleBinaryOperator d) {
    double[] x = hostData();
    double[] out = HostArrays.map(x, f);
    return hostOp(out, shape, g -> {
      double[] r = new double[g.length];
      for (int i = 0; i < r.length; i++) {
        r[i] = g[i] * d.applyAsDouble(x[i], out[i]);
      }
      return new double[][] {r};
    }, this);
  }

  /** -this. */
  public Var neg() {
    if (host(this)) {
      return hostOp(HostArrays.neg(hostData()), shape, g -> new double[][] {HostArrays.neg(g)}, this);
    }
    return op(value().neg(), g -> new INDArray[] {g.neg()}, this);
  }

  /** exp(this). */
  public Var exp() {
    if (host(this)) {
      double[] x = hostData();
      double[] out = new double[x.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = Math.exp(x[i]);
      }
      return hostOp(out, shape, g -> new double[][] {HostArrays.binary(HostArrays.MUL, g, out)}, this);
    }
    INDArray out = Transforms.exp(value(), true);
    return op(out, g -> new INDArray[] {g.mul(out)}, this);
  }

  /** log(this). */
  public Var log() {
    if (host(this)) {
      double[] x = hostData();
      double[] out = new double[x.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = Math.log(x[i]);
      }
      return hostOp(out, shape, g -> new double[][] {HostArrays.binary(HostArrays.DIV, g, x)}, this);
    }
    INDArray x = value();
    return op(Transforms.log(x, true), g -> new INDArray[] {g.div(x)}, this);
  }

  /** log(1 + this), accurate for small values. */
  public Var log1p() {
    if (host(this)) {
      return hostUnary(Math::log1p, (x, y) -> 1.0 / (x + 1.0));
    }
    INDArray x = value();
    return op(Transforms.log1p(x, true), g -> new INDArray[] {g.div(x.add(1.0))}, this);
  }

  /** exp(this) - 1, accurate for small values. */
  public Var expm1() {
    if (host(this)) {
      return hostUnary(Math::expm1, (x, y) -> y + 1.0);
    }
    INDArray out = Transforms.expm1(value(), true);
    return op(out, g -> new INDArray[] {g.mul(out.add(1.0))}, this);
  }

  /** sqrt(this). */
  public Var sqrt() {
    if (host(this)) {
      double[] x = hostData();
      double[] out = HostArrays.map(x, Math::sqrt);
      return hostOp(out, shape, g -> {
        double[] r = new double[g.length];
        for (int i = 0; i < r.length; i++) {
          r[i] = g[i] / out[i] * 0.5;
        }
        return new double[][] {r};
      }, this);
    }
    INDArray out = Transforms.sqrt(value(), true);
    return op(out, g -> new INDArray[] {g.div(out).muli(0.5)}, this);
  }

  /** this^2. */
  public Var square() {
    if (host(this)) {
      double[] x = hostData();
      double[] out = new double[x.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = x[i] * x[i];
      }
      return hostOp(out, shape, g -> {
        double[] r = new double[g.length];
        for (int i = 0; i < r.length; i++) {
          r[i] = g[i] * x[i] * 2.0;
        }
        return new double[][] {r};
      }, this);
    }
    INDArray x = value();
    return op(x.mul(x), g -> new INDArray[] {g.mul(x).muli(2.0)}, this);
  }

  /** this^p for a constant p. */
  public Var pow(double p) {
    if (p == 2.0) {
      return square();
    }
    if (host(this)) {
      return hostUnary(x -> Math.pow(x, p), (x, y) -> Math.pow(x, p - 1.0) * p);
    }
    INDArray x = value();
    INDArray out = Transforms.pow(x, p, true);
    return op(out, g -> new INDArray[] {g.mul(Transforms.pow(x, p - 1.0, true)).muli(p)}, this);
  }

  /** 1 / this. */
  public Var reciprocal() {
    return rdiv(1.0);
  }

  /** |this| (subgradient 0 at 0). */
  public Var abs() {
    if (host(this)) {
      return hostUnary(Math::abs, (x, y) -> Math.signum(x));
    }
    INDArray x = value();
    return op(Transforms.abs(x, true), g -> new INDArray[] {g.mul(Transforms.sign(x, true))}, this);
  }

  /** tanh(this). */
  public Var tanh() {
    if (host(this)) {
      return hostUnary(Math::tanh, (x, y) -> 1.0 - y * y);
    }
    INDArray out = Transforms.tanh(value(), true);
    return op(out, g -> new INDArray[] {g.mul(out.mul(out).rsubi(1.0))}, this);
  }

  /** The logistic sigmoid 1 / (1 + exp(-this)). */
  public Var sigmoid() {
    if (host(this)) {
      return hostUnary(x -> 1.0 / (1.0 + Math.exp(-x)), (x, y) -> y * (1.0 - y));
    }
    INDArray out = Transforms.sigmoid(value(), true);
    return op(out, g -> new INDArray[] {g.mul(out).muli(out.rsub(1.0))}, this);
  }

  /** max(this, 0) (subgradient 0 at 0). */
  public Var relu() {
    if (host(this)) {
      return hostUnary(x -> x > 0 ? x : 0.0, (x, y) -> x > 0 ? 1.0 : 0.0);
    }
    INDArray x = value();
    INDArray out = Transforms.relu(x, true);
    return op(out, g -> new INDArray[] {g.mul(x.gt(0.0).castTo(g.dataType()))}, this);
  }

  /** log(1 + exp(this)) in the stable form max(x, 0) + log1p(exp(-|x|)); gradient sigmoid(x). */
  public Var softplus() {
    if (host(this)) {
      return hostUnary(Special::softplus, (x, y) -> 1.0 / (1.0 + Math.exp(-x)));
    }
    INDArray x = value();
    return op(Special.softplus(x), g -> new INDArray[] {g.mul(Transforms.sigmoid(x, true))}, this);
  }

  /** log sigmoid(this) = -softplus(-this), stable for large |x|. */
  public Var logSigmoid() {
    return neg().softplus().neg();
  }

  /** log Gamma(this), for positive values; gradient digamma. */
  public Var lgamma() {
    if (host(this)) {
      return hostUnary(Special::lgamma, (x, y) -> Special.digamma(x));
    }
    INDArray x = value();
    return op(Special.lgamma(x), g -> new INDArray[] {g.mul(Special.digamma(x))}, this);
  }

  /** digamma(this), for positive values; gradient trigamma. */
  public Var digamma() {
    if (host(this)) {
      return hostUnary(Special::digamma, (x, y) -> Special.trigamma(x));
    }
    INDArray x = value();
    return op(Special.digamma(x), g -> new INDArray[] {g.mul(Special.trigamma(x))}, this);
  }

  /** Element-wise clamp to [lo, hi]; the gradient is zero outside. */
  public Var clamp(double lo, double hi) {
    if (host(this)) {
      return hostUnary(x -> Math.min(Math.max(x, lo), hi), (x, y) -> x >= lo && x <= hi ? 1.0 : 0.0);
    }
    INDArray x = value();
    INDArray out = Transforms.min(Transforms.max(x, lo, true), hi, false);
    return op(out, g -> new INDArray[] {g.mul(x.gte(lo).castTo(g.dataType()).muli(x.lte(hi).castTo(g.dataType())))}, this);
  }

  // ---------------------------------------------------------------- reductions

  /** Sum of all elements (rank 0). */
  public Var sum() {
    if (host(this)) {
      int n = hostData().length;
      return hostOp(new double[] {HostArrays.sum(hostData())}, new long[0], g -> {
        double[] r = new double[n];
        Arrays.fill(r, g[0]);
        return new double[][] {r};
      }, this);
    }
    INDArray x = value();
    long[] shape = x.shape();
    return op(x.sum(), g -> new INDArray[] {Nd4j.zeros(x.dataType(), shape).addi(g.getDouble(0))}, this);
  }

  /** Sum over the given dimensions, which are removed. */
  public Var sum(int... dims) {
    if (host(this)) {
      return hostSum(dims, false);
    }
    return reduce(value().sum(false, dims), dims);
  }

  /** Sum over the given dimensions, kept with size 1. */
  public Var sumKeep(int... dims) {
    if (host(this)) {
      return hostSum(dims, true);
    }
    INDArray x = value();
    INDArray out = x.sum(true, dims);
    long[] shape = x.shape();
    return op(out, g -> new INDArray[] {Nd4j.zeros(x.dataType(), shape).addi(g)}, this);
  }

  private Var hostSum(int[] dims, boolean keepDims) {
    int[] nd = normalize(dims, shape.length);
    long[] keep = keptShape(shape, nd);
    double[] out = HostArrays.sumDims(hostData(), shape, nd);
    long[] outShape = keepDims ? keep : removeDims(shape, nd);
    long[] in = shape;
    return hostOp(out, outShape, g -> new double[][] {HostArrays.expand(g, keep, in)}, this);
  }

  private Var reduce(INDArray out, int[] dims) {
    INDArray x = value();
    long[] keep = keptShape(x.shape(), dims);
    long[] shape = x.shape();
    return op(out, g -> new INDArray[] {Nd4j.zeros(x.dataType(), shape).addi(g.reshape(keep))}, this);
  }

  /** Mean of all elements (rank 0). */
  public Var mean() {
    return sum().div(length());
  }

  /** Mean over the given dimensions, which are removed. */
  public Var mean(int... dims) {
    long n = 1;
    for (int d : normalize(dims, rank())) {
      n *= shape[d];
    }
    return sum(dims).div(n);
  }

  /**
   * log sum exp over one dimension (removed), stable: m + log sum exp(x - m) with m the maximum
   * over that dimension; the gradient is softmax(x) along the dimension. A slice that is all -inf
   * gives -inf (shift 0, {@link Special#finiteShift}) with a zero gradient.
   */
  public Var logSumExp(int dim) {
    if (host(this)) {
      int d = normalize(new int[] {dim}, shape.length)[0];
      double[] x = hostData();
      long[] keep = keptShape(shape, new int[] {d});
      double[] m = HostArrays.maxDim(x, shape, d);
      for (int i = 0; i < m.length; i++) {
        if (m[i] == Double.NEGATIVE_INFINITY) {
          m[i] = 0.0; // an all -inf slice: shift by 0, so it gives log 0 = -inf, not NaN
        }
      }
      double[] e = HostArrays.binary(HostArrays.SUB, x, shape, m, keep, shape);
      for (int i = 0; i < e.length; i++) {
        e[i] = Math.exp(e[i]);
      }
      double[] s = HostArrays.sumDims(e, shape, new int[] {d});
      double[] out = new double[s.length];
      double[] safe = new double[s.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = Math.log(s[i]) + m[i];
        safe[i] = s[i] == 0.0 ? 1.0 : s[i]; // 0/0 -> 0 on all -inf slices
      }
      long[] in = shape;
      return hostOp(out, removeDim(keep, d), g -> {
        double[] p = HostArrays.binary(HostArrays.DIV, e, in, safe, keep, in);
        double[] gg = HostArrays.expand(g, keep, in);
        for (int i = 0; i < p.length; i++) {
          p[i] *= gg[i];
        }
        return new double[][] {p};
      }, this);
    }
    INDArray x = value();
    INDArray m = Special.finiteShift(x.max(true, dim));
    INDArray shifted = x.sub(m);
    INDArray e = Transforms.exp(shifted, false);
    INDArray s = e.sum(true, dim);
    INDArray outKeep = Transforms.log(s, true).addi(m);
    long[] keep = outKeep.shape();
    INDArray out = outKeep.reshape(removeDim(keep, normalize(new int[] {dim}, x.rank())[0]));
    INDArray safe = s.add(s.eq(0.0).castTo(s.dataType())); // 0/0 -> 0 on all -inf slices
    return op(out, g -> new INDArray[] {e.div(safe).muli(g.reshape(keep))}, this);
  }

  /** softmax along one dimension. */
  public Var softmax(int dim) {
    return logSoftmax(dim).exp();
  }

  /** log softmax along one dimension: x - logSumExp(x) (stable). */
  public Var logSoftmax(int dim) {
    Var lse = logSumExp(dim);
    return sub(lse.reshape(keptShape(shape, new int[] {dim})));
  }

  // ---------------------------------------------------------------- shapes and linear algebra

  /** Matrix product (rank 2 by rank 2). */
  public Var matmul(Var other) {
    if (host(this, other) && shape.length == 2 && other.shape.length == 2) {
      int m = (int) shape[0];
      int k = (int) shape[1];
      int n = (int) other.shape[1];
      if (other.shape[0] != k) {
        throw new IllegalArgumentException("matmul needs [m, k] by [k, n], found " + Arrays.toString(shape)
            + " and " + Arrays.toString(other.shape));
      }
      double[] a = hostData();
      double[] b = other.hostData();
      boolean ga = requiresGrad;
      boolean gb = other.requiresGrad;
      return hostOp(HostArrays.matmul(a, m, k, b, n), new long[] {m, n}, g -> new double[][] {
          ga ? HostArrays.matmul(g, m, n, HostArrays.permute(b, new long[] {k, n}, new int[] {1, 0}), k) : null,
          gb ? HostArrays.matmul(HostArrays.permute(a, new long[] {m, k}, new int[] {1, 0}), k, m, g, n) : null},
          this, other);
    }
    INDArray a = value();
    INDArray b = other.value();
    return op(a.mmul(b), g -> new INDArray[] {
        requiresGrad ? g.mmul(b.transpose()) : null,
        other.requiresGrad ? a.transpose().mmul(g) : null}, this, other);
  }

  /** Transpose of a rank-2 value (the dimensions reversed, as ND4J does for any rank). */
  public Var transpose() {
    if (host(this)) {
      int r = shape.length;
      int[] order = new int[r];
      for (int i = 0; i < r; i++) {
        order[i] = r - 1 - i;
      }
      return permute(order);
    }
    return op(value().transpose(), g -> new INDArray[] {g.transpose()}, this);
  }

  /** The same values in a new shape (C order; one size may be -1, inferred). */
  public Var reshape(long... shape) {
    if (host(this)) {
      long[] to = HostArrays.resolve(shape, length());
      return hostOp(hostData(), to, g -> new double[][] {g}, this);
    }
    long[] old = value().shape();
    return op(value().reshape('c', shape), g -> new INDArray[] {g.reshape('c', old)}, this);
  }

  /** Dimensions reordered. */
  public Var permute(int... order) {
    int[] inverse = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      inverse[order[i]] = i;
    }
    if (host(this)) {
      if (order.length != shape.length) {
        throw new IllegalArgumentException("permute needs " + shape.length + " dimensions, found "
            + Arrays.toString(order));
      }
      long[] out = HostArrays.permuteShape(shape, order);
      return hostOp(HostArrays.permute(hostData(), shape, order), out,
          g -> new double[][] {HostArrays.permute(g, out, inverse)}, this);
    }
    return op(value().permute(order), g -> new INDArray[] {g.permute(inverse)}, this);
  }

  /** A sub-array selected by ND4J indices (the gradient is scattered back into zeros). */
  public Var get(INDArrayIndex... indices) {
    INDArray x = value();
    INDArray out = x.get(indices);
    return op(out, g -> {
      INDArray full = Nd4j.zeros(x.dataType(), x.shape());
      full.get(indices).assign(g.reshape(out.shape()));
      return new INDArray[] {full};
    }, this);
  }

  /**
   * The elements at positions [start, start + length) along dimension {@code dim} (kept, with
   * size {@code length}); the gradient is scattered back into zeros. Added for the generic
   * inference: one parameter's block of a draw of all the unconstrained parameters.
   *
   * @throws IllegalArgumentException if the block is not inside the dimension
   */
  public Var narrow(int dim, long start, long length) {
    int d = normalize(new int[] {dim}, shape.length)[0];
    if (start < 0 || length < 0 || start + length > shape[d]) {
      throw new IllegalArgumentException("narrow: block [" + start + ", " + (start + length)
          + ") is not inside dimension " + dim + " of size " + shape[d]);
    }
    if (host(this)) {
      long[] in = shape;
      long[] out = in.clone();
      out[d] = length;
      return hostOp(HostArrays.narrow(hostData(), in, d, start, length), out, g -> {
        double[] full = new double[(int) HostArrays.length(in)];
        HostArrays.addBlock(full, in, d, start, g, length);
        return new double[][] {full};
      }, this);
    }
    INDArrayIndex[] idx = new INDArrayIndex[shape.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i == d ? NDArrayIndex.interval(start, start + length) : NDArrayIndex.all();
    }
    long[] out = shape.clone();
    out[d] = length;
    INDArray x = value();
    INDArray part = x.get(idx).dup('c').reshape('c', out);
    return op(part, g -> {
      INDArray full = Nd4j.zeros(x.dataType(), x.shape());
      full.get(idx).assign(g.reshape(out));
      return new INDArray[] {full};
    }, this);
  }

  /**
   * The slice at {@code index} along dimension {@code dim}, which is removed (NumPy's
   * {@code x[:, index]} for dim 1). Added for the generic inference: one column of a batch of
   * draws.
   */
  public Var select(int dim, long index) {
    int d = normalize(new int[] {dim}, shape.length)[0];
    return narrow(d, index, 1).reshape(removeDim(shape, d));
  }

  /** Values joined along one dimension. */
  public static Var concat(int dim, Var... parts) {
    boolean allHost = hostEnabled() && parts.length > 0;
    boolean born = false;
    for (Var p : parts) {
      allHost &= p.hostable();
      born |= p.hostBorn;
    }
    allHost &= born;
    if (allHost) {
      int rank = parts[0].shape.length;
      int d = normalize(new int[] {dim}, rank)[0];
      long[] out = parts[0].shape.clone();
      out[d] = 0;
      for (Var p : parts) {
        if (p.shape.length != rank) {
          throw new IllegalArgumentException("concat needs parts of one rank, found "
              + Arrays.toString(parts[0].shape) + " and " + Arrays.toString(p.shape));
        }
        for (int i = 0; i < rank; i++) {
          if (i != d && p.shape[i] != parts[0].shape[i]) {
            throw new IllegalArgumentException("concat needs parts that agree off dimension " + dim
                + ", found " + Arrays.toString(parts[0].shape) + " and " + Arrays.toString(p.shape));
          }
        }
        out[d] += p.shape[d];
      }
      double[] r = new double[(int) HostArrays.length(out)];
      long[] offsets = new long[parts.length];
      long offset = 0;
      for (int i = 0; i < parts.length; i++) {
        offsets[i] = offset;
        HostArrays.addBlock(r, out, d, offset, parts[i].hostData(), parts[i].shape[d]);
        offset += parts[i].shape[d];
      }
      return hostOp(r, out, g -> {
        double[][] grads = new double[parts.length][];
        for (int i = 0; i < parts.length; i++) {
          if (parts[i].requiresGrad) {
            grads[i] = HostArrays.narrow(g, out, d, offsets[i], parts[i].shape[d]);
          }
        }
        return grads;
      }, parts);
    }
    INDArray[] values = new INDArray[parts.length];
    for (int i = 0; i < parts.length; i++) {
      values[i] = parts[i].value();
    }
    INDArray out = Nd4j.concat(dim, values);
    return op(out, g -> {
      INDArray[] grads = new INDArray[parts.length];
      long offset = 0;
      for (int i = 0; i < parts.length; i++) {
        long len = values[i].size(dim);
        INDArrayIndex[] idx = new INDArrayIndex[out.rank()];
        for (int d = 0; d < idx.length; d++) {
          idx[d] = d == dim ? org.nd4j.linalg.indexing.NDArrayIndex.interval(offset, offset + len)
              : org.nd4j.linalg.indexing.NDArrayIndex.all();
        }
        grads[i] = g.get(idx).dup();
        offset += len;
      }
      return grads;
    }, parts);
  }

  /**
   * Values of one shape stacked along a new dimension {@code dim} (NumPy's {@code stack}). Added
   * for the generic inference: per-parameter columns joined into a batch of draws.
   *
   * @throws IllegalArgumentException if there are no parts or their shapes differ
   */
  public static Var stack(int dim, Var... parts) {
    if (parts.length == 0) {
      throw new IllegalArgumentException("stack needs at least one part, found 0");
    }
    long[] s = parts[0].shape;
    int r = s.length + 1;
    int d = dim < 0 ? dim + r : dim;
    if (d < 0 || d >= r) {
      throw new IllegalArgumentException("dimension " + dim + " out of range for rank " + r);
    }
    long[] ns = new long[r];
    for (int i = 0, j = 0; i < r; i++) {
      ns[i] = i == d ? 1 : s[j++];
    }
    Var[] reshaped = new Var[parts.length];
    for (int i = 0; i < parts.length; i++) {
      if (!Arrays.equals(parts[i].shape, s)) {
        throw new IllegalArgumentException("stack needs parts of one shape, found "
            + Arrays.toString(s) + " and " + Arrays.toString(parts[i].shape));
      }
      reshaped[i] = parts[i].reshape(ns);
    }
    return concat(d, reshaped);
  }

  /** This value cast to another floating-point type (gradients cast back). */
  public Var castTo(DataType type) {
    DataType mine = dataType();
    if (mine == type) {
      return this;
    }
    return op(value().castTo(type), g -> new INDArray[] {g.castTo(mine)}, this);
  }

  // ---------------------------------------------------------------- helpers

  static int[] normalize(int[] dims, int rank) {
    int[] out = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      out[i] = dims[i] < 0 ? dims[i] + rank : dims[i];
      if (out[i] < 0 || out[i] >= rank) {
        throw new IllegalArgumentException("dimension " + dims[i] + " out of range for rank " + rank);
      }
    }
    return out;
  }

  static long[] keptShape(long[] shape, int[] dims) {
    long[] keep = shape.clone();
    for (int d : normalize(dims, shape.length)) {
      keep[d] = 1;
    }
    return keep;
  }

  private static long[] removeDim(long[] shape, int dim) {
    long[] out = new long[shape.length - 1];
    for (int i = 0, j = 0; i < shape.length; i++) {
      if (i != dim) {
        out[j++] = shape[i];
      }
    }
    return out;
  }

  private static long[] removeDims(long[] shape, int[] dims) {
    boolean[] drop = new boolean[shape.length];
    int k = 0;
    for (int d : dims) {
      if (!drop[d]) {
        drop[d] = true;
        k++;
      }
    }
    long[] out = new long[shape.length - k];
    for (int i = 0, j = 0; i < shape.length; i++) {
      if (!drop[i]) {
        out[j++] = shape[i];
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "Var" + Arrays.toString(shape) + (requiresGrad ? "(grad)" : "") + " " + value();
  }
}
