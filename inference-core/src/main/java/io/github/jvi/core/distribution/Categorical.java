package io.github.jvi.core.distribution;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The categorical distribution over K classes {0, ..., K-1}; the last dimension of the parameter
 * holds the K classes, the leading dimensions are the batch shape, and the event shape is [] (a
 * value is a class index, stored in a floating-point array).
 *
 * <pre>
 * log p(x = k) = log pi_k = l_k - logSumExp(l)
 * log p(y) = sum_k y_k log pi_k                    (logProbOneHot: y one-hot, or relaxed)
 * H = -sum_k pi_k log pi_k                          (0 log 0 = 0)
 * mean = pi,  variance = pi (1 - pi)                (of the one-hot encoding, shape batch ++ [K])
 * </pre>
 *
 * <p>From probabilities: each element must be in [0, 1] and each row's sum, accumulated in
 * float64, must be within 1e-6 of 1; the probabilities are then divided by their row sum (so the
 * distribution is exactly normalised and the division's gradient keeps them on the simplex).
 * Zero probabilities are allowed: their log-probability is -inf and they never get sampled.
 * From logits: every element must be finite; {@link #logits()} returns them normalised by
 * logSoftmax.
 *
 * <p>{@link #mean()} and {@link #variance()} are those of the class index x in {0, ..., K-1},
 * shape {@code batchShape} as the {@link Distribution} contract says; the moments of the one-hot
 * encoding e_x, E[e_x] = pi and Var[e_x]_k = pi_k (1 - pi_k) of shape {@code batchShape ++ [K]},
 * are {@link #oneHotMean()} and {@link #oneHotVariance()}.
 *
 * <p>Sampling uses the Gumbel-max trick, argmax_k (log pi_k + G_k) with G_k ~ Gumbel(0, 1)
 * (Gumbel 1954; Maddison et al. 2014), which is exact and vectorised.
 */
public final class Categorical implements Distribution {
  /** Tolerance on |sum_k p_k - 1| for the probability factories. */
  public static final double SUM_TOLERANCE = 1e-6;
  private final Var probs;
  private final Var logits;
  /** The factory's argument as given (raw probabilities or raw logits). */
  private final Var parameter;
  private final boolean fromLogits;

  private Categorical(Var probs, Var logits, Var parameter, boolean fromLogits) {
    this.probs = probs;
    this.logits = logits;
    this.parameter = parameter;
    this.fromLogits = fromLogits;
  }

  /** Categorical(pi) from probabilities with the classes in the last dimension. */
  public static Categorical ofProbs(Var probs) {
    INDArray p = probs.value();
    checkRank("probs", p);
    Check.inClosed("probs", p, 0.0, 1.0);
    INDArray sums = p.castTo(DataType.DOUBLE).sum(p.rank() - 1);
    double[] s = sums.dup('c').data().asDouble();
    for (int i = 0; i < s.length; i++) {
      if (!(Math.abs(s[i] - 1.0) <= SUM_TOLERANCE)) {
        throw new IllegalArgumentException("probs must sum to 1 (within " + SUM_TOLERANCE
            + ") along the last dimension, found sum " + s[i] + (s.length > 1 ? " in row " + i : ""));
      }
    }
    Var normalised = probs.div(probs.sumKeep(p.rank() - 1));
    return new Categorical(normalised, DiscreteOps.safeLog(normalised), probs, false);
  }

  /** Categorical(pi) from an array of probabilities. */
  public static Categorical ofProbs(INDArray probs) {
    return ofProbs(Var.constant(probs));
  }

  /** A single Categorical(pi) in float64. */
  public static Categorical ofProbs(double... probs) {
    return ofProbs(Nd4j.createFromArray(probs));
  }

  /** Categorical(softmax(l)) from logits with the classes in the last dimension. */
  public static Categorical ofLogits(Var logits) {
    checkRank("logits", logits.value());
    Check.finite("logits", logits.value());
    Var normalised = logits.logSoftmax(logits.rank() - 1);
    return new Categorical(normalised.exp(), normalised, logits, true);
  }

  /** Categorical(softmax(l)) from an array of logits. */
  public static Categorical ofLogits(INDArray logits) {
    return ofLogits(Var.constant(logits));
  }

  /** A single Categorical(softmax(l)) in float64. */
  public static Categorical ofLogits(double... logits) {
    return ofLogits(Nd4j.createFromArray(logits));
  }

  private static void checkRank(String name, INDArray a) {
    Check.shape(a != null && a.rank() >= 1 && a.size(a.rank() - 1) >= 1, name,
        "rank >= 1 with at least one class in the last dimension", a == null ? new long[0] : a.shape());
  }

  /** Whether the factory was given logits ({@link #ofLogits}) rather than probabilities. */
  public boolean fromLogits() {
    return fromLogits;
  }

  /**
   * The factory's argument as given, before normalisation: the probabilities of {@link #ofProbs}
   * or the logits of {@link #ofLogits}, shape batch ++ [K]. The closed-form KL reads it to keep
   * its relative accuracy for nearly equal distributions (normalising rounds each probability).
   */
  public Var parameter() {
    return parameter;
  }

  /** pi, shape batch ++ [K]. */
  public Var probs() {
    return probs;
  }

  /** log pi (normalised logits), shape batch ++ [K]; -inf for zero probabilities. */
  public Var logits() {
    return logits;
  }

  /** The number of classes K. */
  public long numCategories() {
    return probs.value().size(probs.rank() - 1);
  }

  /**
   * log pi_x for class indices x of shape {@code sampleShape ++ batchShape} (broadcasting).
   *
   * @throws IllegalArgumentException if an element of x is not one of 0, ..., K-1
   */
  @Override
  public Var logProb(Var x) {
    INDArray mask = oneHot(x.value());
    return DiscreteOps.mulMasked(Var.constant(mask), logits).sum(Math.max(mask.rank(), logits.rank()) - 1);
  }

  /**
   * sum_k y_k log pi_k for y of shape {@code sampleShape ++ batchShape ++ [K]}: the log-probability
   * of one-hot vectors, and for relaxed (soft) vectors the cross-entropy term that relaxed
   * objectives use. Differentiable in y and the parameters.
   */
  public Var logProbOneHot(Var y) {
    long k = numCategories();
    Check.shape(y.rank() >= 1 && y.value().size(y.rank() - 1) == k, "y",
        "last dimension " + k + " (the number of classes)", y.shape());
    return DiscreteOps.mulMasked(y, logits).sum(Math.max(y.rank(), logits.rank()) - 1);
  }

  /** logProbOneHot for a constant y. */
  public Var logProbOneHot(INDArray y) {
    return logProbOneHot(Var.constant(y));
  }

  /** The one-hot encoding of class indices x, shape x.shape ++ [K], in this data type. */
  public INDArray oneHot(INDArray x) {
    long k = numCategories();
    INDArray mask = oneHotOf(x.castTo(dataType()), k);
    if (mask.length() > 0 && mask.sum(mask.rank() - 1).minNumber().doubleValue() != 1.0) {
      throw new IllegalArgumentException("x must hold class indices in 0.." + (k - 1)
          + ", found " + firstInvalid(x, k));
    }
    return mask;
  }

  /**
   * The one-hot encoding of index array x (any values; out-of-range rows are all zero), shape
   * x.shape ++ [k]. ND4J broadcasts [n, 1] against [k] only at equal rank, so the classes are
   * shaped [1, ..., 1, k].
   */
  static INDArray oneHotOf(INDArray x, long k) {
    long[] ones = new long[x.rank() + 1];
    java.util.Arrays.fill(ones, 1);
    ones[x.rank()] = k;
    INDArray classes = Nd4j.arange(0, k).castTo(x.dataType()).reshape(ones);
    INDArray xe = x.reshape(Shapes.concat(x.shape(), new long[] {1}));
    return xe.sub(classes).eq(0.0).castTo(x.dataType());
  }

  private static String firstInvalid(INDArray x, long k) {
    double[] v = x.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    for (double d : v) {
      if (!(d >= 0 && d < k && d == Math.rint(d))) {
        return Double.toString(d);
      }
    }
    return "?";
  }

  /** Class indices by Gumbel-max, shape sampleShape ++ batchShape. */
  @Override
  public INDArray sample(Rng rng, long... sampleShape) {
    long[] full = Shapes.concat(Shapes.concat(sampleShape, batchShape()), new long[] {numCategories()});
    INDArray scores = gumbel(rng, dataType(), full).addi(logits.value());
    return scores.argMax(full.length - 1).castTo(dataType()).reshape(Shapes.concat(sampleShape, batchShape()));
  }

  /**
   * Standard Gumbel noise -log(-log u), u uniform on [tiny, 1) (tiny = the smallest normal number
   * of the type, so that every draw is finite).
   */
  static INDArray gumbel(Rng rng, DataType type, long... shape) {
    INDArray u = rng.uniform(type, shape);
    double tiny = type == DataType.DOUBLE ? Double.MIN_NORMAL : Float.MIN_NORMAL;
    u = Transforms.max(u, tiny, false);
    return Transforms.log(Transforms.log(u, false).negi(), false).negi();
  }

  /**
   * E[x] = sum_k k pi_k of the class index, shape {@code batchShape} (the {@link Distribution}
   * contract, as for any distribution over integers); {@link #oneHotMean()} is the mean of the
   * one-hot encoding.
   */
  @Override
  public Var mean() {
    return probs.mul(Var.constant(classIndices())).sum(probs.rank() - 1);
  }

  /** Var[x] = sum_k k^2 pi_k - E[x]^2 of the class index, shape {@code batchShape}. */
  @Override
  public Var variance() {
    Var k = Var.constant(classIndices());
    Var m = probs.mul(k).sum(probs.rank() - 1);
    return probs.mul(k.square()).sum(probs.rank() - 1).sub(m.square()).clamp(0, Double.POSITIVE_INFINITY);
  }

  /** pi: the mean of the one-hot encoding e_x, shape {@code batchShape ++ [K]}. */
  public Var oneHotMean() {
    return probs;
  }

  /** pi (1 - pi): the element-wise variance of the one-hot encoding e_x, shape {@code batchShape ++ [K]}. */
  public Var oneHotVariance() {
    return probs.mul(probs.rsub(1.0));
  }

  /** 0, 1, ..., K-1 in the parameters' type. */
  private INDArray classIndices() {
    return Nd4j.arange(0, numCategories()).castTo(dataType());
  }

  @Override
  public Var entropy() {
    return logProbOneHot(probs).neg();
  }

  @Override
  public long[] batchShape() {
    long[] s = probs.shape();
    return Arrays.copyOf(s, s.length - 1);
  }

  @Override
  public long[] eventShape() {
    return new long[0];
  }

  @Override
  public DataType dataType() {
    return probs.dataType();
  }

  @Override
  public String toString() {
    return "Categorical(probs=" + probs.value() + ")";
  }
}
