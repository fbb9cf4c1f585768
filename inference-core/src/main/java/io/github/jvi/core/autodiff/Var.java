package io.github.jvi.core.autodiff;

import io.github.jvi.core.special.Special;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
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

  private final INDArray value;
  private final Var[] inputs;
  private final Backward backward;
  private final boolean requiresGrad;

  private Var(INDArray value, Var[] inputs, Backward backward, boolean requiresGrad) {
    this.value = value;
    this.inputs = inputs;
    this.backward = backward;
    this.requiresGrad = requiresGrad;
  }

  // ---------------------------------------------------------------- leaves and custom ops

  /** A leaf that needs a gradient. */
  public static Var param(INDArray value) {
    return new Var(Objects.requireNonNull(value, "value"), null, null, true);
  }

  /** A leaf that needs no gradient. */
  public static Var constant(INDArray value) {
    return new Var(Objects.requireNonNull(value, "value"), null, null, false);
  }

  /** A rank-0 float64 constant. */
  public static Var scalar(double value) {
    return constant(Nd4j.scalar(value));
  }

  /** A rank-0 constant of the given type. */
  public static Var scalar(double value, DataType type) {
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

  /** The value. Do not modify it in place. */
  public INDArray value() {
    return value;
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

  /** The shape of the value. */
  public long[] shape() {
    return value.shape();
  }

  /** The rank of the value. */
  public int rank() {
    return value.rank();
  }

  /** The data type of the value. */
  public DataType dataType() {
    return value.dataType();
  }

  /** The value of a single-element array. */
  public double item() {
    if (value.length() != 1) {
      throw new IllegalStateException("item() needs a single element, shape is " + Arrays.toString(value.shape()));
    }
    return value.getDouble(0);
  }

  /** This value with no gradient flowing back through it (stop-gradient). */
  public Var detach() {
    return requiresGrad ? constant(value) : this;
  }

  /** A constant of the same type as this value. */
  public Var like(double c) {
    return scalar(c, value.dataType());
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

  /** this + other (broadcasting). */
  public Var add(Var other) {
    INDArray[] ab = aligned(value, other.value);
    return op(ab[0].add(ab[1]), g -> new INDArray[] {g, g}, this, other);
  }

  /** this + c. */
  public Var add(double c) {
    return op(value.add(c), g -> new INDArray[] {g}, this);
  }

  /** this - other (broadcasting). */
  public Var sub(Var other) {
    INDArray[] ab = aligned(value, other.value);
    return op(ab[0].sub(ab[1]), g -> new INDArray[] {g, other.requiresGrad ? g.neg() : null}, this, other);
  }

  /** this - c. */
  public Var sub(double c) {
    return op(value.sub(c), g -> new INDArray[] {g}, this);
  }

  /** c - this. */
  public Var rsub(double c) {
    return op(value.rsub(c), g -> new INDArray[] {g.neg()}, this);
  }

  /** this * other (broadcasting). */
  public Var mul(Var other) {
    INDArray[] ab = aligned(value, other.value);
    return op(ab[0].mul(ab[1]), g -> new INDArray[] {
        requiresGrad ? g.mul(ab[1]) : null,
        other.requiresGrad ? g.mul(ab[0]) : null}, this, other);
  }

  /** this * c. */
  public Var mul(double c) {
    return op(value.mul(c), g -> new INDArray[] {g.mul(c)}, this);
  }

  /** this / other (broadcasting). */
  public Var div(Var other) {
    INDArray[] ab = aligned(value, other.value);
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
    INDArray out = value.rdiv(c);
    return op(out, g -> new INDArray[] {g.mul(out).divi(value).negi()}, this);
  }

  /** Element-wise maximum (the gradient goes to the larger input; ties to this). */
  public Var max(Var other) {
    INDArray[] ab = aligned(value, other.value);
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

  /** -this. */
  public Var neg() {
    return op(value.neg(), g -> new INDArray[] {g.neg()}, this);
  }

  /** exp(this). */
  public Var exp() {
    INDArray out = Transforms.exp(value, true);
    return op(out, g -> new INDArray[] {g.mul(out)}, this);
  }

  /** log(this). */
  public Var log() {
    return op(Transforms.log(value, true), g -> new INDArray[] {g.div(value)}, this);
  }

  /** log(1 + this), accurate for small values. */
  public Var log1p() {
    return op(Transforms.log1p(value, true), g -> new INDArray[] {g.div(value.add(1.0))}, this);
  }

  /** exp(this) - 1, accurate for small values. */
  public Var expm1() {
    INDArray out = Transforms.expm1(value, true);
    return op(out, g -> new INDArray[] {g.mul(out.add(1.0))}, this);
  }

  /** sqrt(this). */
  public Var sqrt() {
    INDArray out = Transforms.sqrt(value, true);
    return op(out, g -> new INDArray[] {g.div(out).muli(0.5)}, this);
  }

  /** this^2. */
  public Var square() {
    return op(value.mul(value), g -> new INDArray[] {g.mul(value).muli(2.0)}, this);
  }

  /** this^p for a constant p. */
  public Var pow(double p) {
    if (p == 2.0) {
      return square();
    }
    INDArray out = Transforms.pow(value, p, true);
    return op(out, g -> new INDArray[] {g.mul(Transforms.pow(value, p - 1.0, true)).muli(p)}, this);
  }

  /** 1 / this. */
  public Var reciprocal() {
    return rdiv(1.0);
  }

  /** |this| (subgradient 0 at 0). */
  public Var abs() {
    return op(Transforms.abs(value, true), g -> new INDArray[] {g.mul(Transforms.sign(value, true))}, this);
  }

  /** tanh(this). */
  public Var tanh() {
    INDArray out = Transforms.tanh(value, true);
    return op(out, g -> new INDArray[] {g.mul(out.mul(out).rsubi(1.0))}, this);
  }

  /** The logistic sigmoid 1 / (1 + exp(-this)). */
  public Var sigmoid() {
    INDArray out = Transforms.sigmoid(value, true);
    return op(out, g -> new INDArray[] {g.mul(out).muli(out.rsub(1.0))}, this);
  }

  /** max(this, 0) (subgradient 0 at 0). */
  public Var relu() {
    INDArray out = Transforms.relu(value, true);
    return op(out, g -> new INDArray[] {g.mul(value.gt(0.0).castTo(g.dataType()))}, this);
  }

  /** log(1 + exp(this)) in the stable form max(x, 0) + log1p(exp(-|x|)); gradient sigmoid(x). */
  public Var softplus() {
    return op(Special.softplus(value), g -> new INDArray[] {g.mul(Transforms.sigmoid(value, true))}, this);
  }

  /** log sigmoid(this) = -softplus(-this), stable for large |x|. */
  public Var logSigmoid() {
    return neg().softplus().neg();
  }

  /** log Gamma(this), for positive values; gradient digamma. */
  public Var lgamma() {
    return op(Special.lgamma(value), g -> new INDArray[] {g.mul(Special.digamma(value))}, this);
  }

  /** digamma(this), for positive values; gradient trigamma. */
  public Var digamma() {
    return op(Special.digamma(value), g -> new INDArray[] {g.mul(Special.trigamma(value))}, this);
  }

  /** Element-wise clamp to [lo, hi]; the gradient is zero outside. */
  public Var clamp(double lo, double hi) {
    INDArray out = Transforms.min(Transforms.max(value, lo, true), hi, false);
    return op(out, g -> new INDArray[] {g.mul(value.gte(lo).castTo(g.dataType()).muli(value.lte(hi).castTo(g.dataType())))}, this);
  }

  // ---------------------------------------------------------------- reductions

  /** Sum of all elements (rank 0). */
  public Var sum() {
    long[] shape = value.shape();
    return op(value.sum(), g -> new INDArray[] {Nd4j.zeros(value.dataType(), shape).addi(g.getDouble(0))}, this);
  }

  /** Sum over the given dimensions, which are removed. */
  public Var sum(int... dims) {
    return reduce(value.sum(false, dims), dims);
  }

  /** Sum over the given dimensions, kept with size 1. */
  public Var sumKeep(int... dims) {
    INDArray out = value.sum(true, dims);
    long[] shape = value.shape();
    return op(out, g -> new INDArray[] {Nd4j.zeros(value.dataType(), shape).addi(g)}, this);
  }

  private Var reduce(INDArray out, int[] dims) {
    long[] keep = keptShape(value.shape(), dims);
    long[] shape = value.shape();
    return op(out, g -> new INDArray[] {Nd4j.zeros(value.dataType(), shape).addi(g.reshape(keep))}, this);
  }

  /** Mean of all elements (rank 0). */
  public Var mean() {
    return sum().div(value.length());
  }

  /** Mean over the given dimensions, which are removed. */
  public Var mean(int... dims) {
    long n = 1;
    for (int d : normalize(dims, value.rank())) {
      n *= value.size(d);
    }
    return sum(dims).div(n);
  }

  /**
   * log sum exp over one dimension (removed), stable: m + log sum exp(x - m) with m the maximum
   * over that dimension; the gradient is softmax(x) along the dimension. A slice that is all -inf
   * gives -inf (shift 0, {@link Special#finiteShift}) with a zero gradient.
   */
  public Var logSumExp(int dim) {
    INDArray m = Special.finiteShift(value.max(true, dim));
    INDArray shifted = value.sub(m);
    INDArray e = Transforms.exp(shifted, false);
    INDArray s = e.sum(true, dim);
    INDArray outKeep = Transforms.log(s, true).addi(m);
    long[] keep = outKeep.shape();
    INDArray out = outKeep.reshape(removeDim(keep, normalize(new int[] {dim}, value.rank())[0]));
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
    return sub(lse.reshape(keptShape(value.shape(), new int[] {dim})));
  }

  // ---------------------------------------------------------------- shapes and linear algebra

  /** Matrix product (rank 2 by rank 2). */
  public Var matmul(Var other) {
    return op(value.mmul(other.value), g -> new INDArray[] {
        requiresGrad ? g.mmul(other.value.transpose()) : null,
        other.requiresGrad ? value.transpose().mmul(g) : null}, this, other);
  }

  /** Transpose of a rank-2 value. */
  public Var transpose() {
    return op(value.transpose(), g -> new INDArray[] {g.transpose()}, this);
  }

  /** The same values in a new shape (C order). */
  public Var reshape(long... shape) {
    long[] old = value.shape();
    return op(value.reshape('c', shape), g -> new INDArray[] {g.reshape('c', old)}, this);
  }

  /** Dimensions reordered. */
  public Var permute(int... order) {
    int[] inverse = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      inverse[order[i]] = i;
    }
    return op(value.permute(order), g -> new INDArray[] {g.permute(inverse)}, this);
  }

  /** A sub-array selected by ND4J indices (the gradient is scattered back into zeros). */
  public Var get(INDArrayIndex... indices) {
    INDArray out = value.get(indices);
    return op(out, g -> {
      INDArray full = Nd4j.zeros(value.dataType(), value.shape());
      full.get(indices).assign(g.reshape(out.shape()));
      return new INDArray[] {full};
    }, this);
  }

  /** Values joined along one dimension. */
  public static Var concat(int dim, Var... parts) {
    INDArray[] values = new INDArray[parts.length];
    for (int i = 0; i < parts.length; i++) {
      values[i] = parts[i].value;
    }
    INDArray out = Nd4j.concat(dim, values);
    return op(out, g -> {
      INDArray[] grads = new INDArray[parts.length];
      long offset = 0;
      for (int i = 0; i < parts.length; i++) {
        long len = parts[i].value.size(dim);
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

  /** This value cast to another floating-point type (gradients cast back). */
  public Var castTo(DataType type) {
    DataType mine = value.dataType();
    if (mine == type) {
      return this;
    }
    return op(value.castTo(type), g -> new INDArray[] {g.castTo(mine)}, this);
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

  @Override
  public String toString() {
    return "Var" + Arrays.toString(value.shape()) + (requiresGrad ? "(grad)" : "") + " " + value;
  }
}
