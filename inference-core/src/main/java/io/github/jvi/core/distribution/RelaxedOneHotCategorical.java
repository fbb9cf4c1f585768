package io.github.jvi.core.distribution;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.special.Special;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The relaxed one-hot categorical (Gumbel-Softmax, Jang, Gu &amp; Poole 2017; Concrete, Maddison,
 * Mnih &amp; Teh 2017) with temperature lambda &gt; 0 and logits log alpha: a distribution on the
 * open simplex of K components (event shape [K], batch shape the logits' leading dimensions).
 *
 * <pre>
 * rsample:  y = softmax((log alpha + G) / lambda),   G_k ~ Gumbel(0, 1) i.i.d.
 * log p(y) = log (K-1)! + (K-1) log lambda
 *            + sum_k (log alpha_k - (lambda + 1) log y_k)
 *            - K logSumExp_k (log alpha_k - lambda log y_k)
 * </pre>
 *
 * <p>The density is Definition 1 / eq. (1) of Maddison et al. (2017), with respect to Lebesgue
 * measure on the first K-1 coordinates (y_K = 1 - sum of the others); it is invariant to adding a
 * constant to the logits. PyTorch computes the same value as ExpRelaxedCategorical's log density
 * of log y minus the Jacobian sum_k log y_k. For small temperatures, components of y underflow to
 * 0 and log p(y) becomes -inf or NaN: evaluate densities at moderate temperatures.
 *
 * <p>As lambda -&gt; 0 the draws approach one-hot vectors, and for every lambda argmax_k y_k is
 * distributed as Categorical(softmax(log alpha)) (the Gumbel-max trick).
 * {@link #rsampleStraightThrough} returns the hard one-hot argmax with the gradient of the soft
 * sample (the straight-through Gumbel-Softmax estimator of Jang et al., sec. 2.2), which is biased.
 *
 * <p>The temperature is a scalar (rank 0 or one element); it may be a parameter (gradients flow
 * to it through rsample and logProb). Mean, variance and entropy have no closed form and throw
 * {@link UnsupportedOperationException} ({@link #hasMean} etc. say so beforehand; the Monte Carlo
 * forms {@link #meanMonteCarlo} and {@link #entropyMonteCarlo} work).
 */
public final class RelaxedOneHotCategorical implements Reparameterized {
  private final Var temperature;
  private final Var logits;

  private RelaxedOneHotCategorical(Var temperature, Var logits) {
    this.temperature = temperature;
    this.logits = logits;
  }

  /**
   * @param temperature a single finite value &gt; 0
   * @param logits finite, classes in the last dimension (rank &gt;= 1, K &gt;= 2)
   */
  public static RelaxedOneHotCategorical of(Var temperature, Var logits) {
    Check.shape(temperature.value().length() == 1, "temperature", "a single element", temperature.shape());
    Check.positive("temperature", temperature.value());
    INDArray l = logits.value();
    Check.shape(l.rank() >= 1 && l.size(l.rank() - 1) >= 2, "logits",
        "rank >= 1 with at least two classes in the last dimension", l.shape());
    Check.finite("logits", l);
    Var t = temperature.rank() == 0 ? temperature : temperature.reshape();
    return new RelaxedOneHotCategorical(t.castTo(logits.dataType()), logits);
  }

  /** From a constant temperature and logits. */
  public static RelaxedOneHotCategorical of(double temperature, Var logits) {
    Check.positive("temperature", temperature);
    return of(Var.scalar(temperature, logits.dataType()), logits);
  }

  /** From a constant temperature and an array of logits. */
  public static RelaxedOneHotCategorical of(double temperature, INDArray logits) {
    return of(temperature, Var.constant(logits));
  }

  /** The temperature lambda (rank 0). */
  public Var temperature() {
    return temperature;
  }

  /** The logits log alpha, as given. */
  public Var logits() {
    return logits;
  }

  /** The number of classes K. */
  public long numCategories() {
    return logits.value().size(logits.rank() - 1);
  }

  /** The Concrete log-density (class comment) of points y on the open simplex. */
  @Override
  public Var logProb(Var y) {
    long k = numCategories();
    Check.shape(y.rank() >= 1 && y.value().size(y.rank() - 1) == k, "y",
        "last dimension " + k + " (the number of classes)", y.shape());
    int last = Math.max(y.rank(), logits.rank()) - 1;
    Var logy = y.log();
    Var score = logits.sub(logy.mul(temperature));
    Var perClass = score.sub(logy).sum(last);
    Var lse = score.logSumExp(last);
    return perClass.sub(lse.mul((double) k))
        .add(temperature.log().mul((double) (k - 1)))
        .add(Special.lgamma((double) k));
  }

  @Override
  public Var rsample(Rng rng, long... sampleShape) {
    long[] shape = Shapes.concat(sampleShape, logits.shape());
    INDArray g = Categorical.gumbel(rng, dataType(), shape);
    return logits.add(Var.constant(g)).div(temperature).softmax(shape.length - 1);
  }

  /**
   * The straight-through estimator: the value is the one-hot vector of argmax_k y_k for a soft
   * draw y, the gradient is that of y (the identity is used as the Jacobian of the rounding).
   */
  public Var rsampleStraightThrough(Rng rng, long... sampleShape) {
    Var soft = rsample(rng, sampleShape);
    INDArray s = soft.value();
    int last = s.rank() - 1;
    long[] batch = java.util.Arrays.copyOf(s.shape(), last);
    INDArray idx = s.argMax(last).castTo(dataType()).reshape(batch);
    INDArray hard = Categorical.oneHotOf(idx, s.size(last));
    return Var.op(hard, g -> new INDArray[] {g}, soft);
  }

  /** False: no closed-form mean (use {@link #meanMonteCarlo}). */
  @Override
  public boolean hasMean() {
    return false;
  }

  /** False: no closed-form variance. */
  @Override
  public boolean hasVariance() {
    return false;
  }

  /** False: no closed-form entropy (use {@link #entropyMonteCarlo}). */
  @Override
  public boolean hasEntropy() {
    return false;
  }

  /** Not closed form: throws. */
  @Override
  public Var mean() {
    throw new UnsupportedOperationException("RelaxedOneHotCategorical has no closed-form mean; "
        + "estimate it from rsample draws");
  }

  /** Not closed form: throws. */
  @Override
  public Var variance() {
    throw new UnsupportedOperationException("RelaxedOneHotCategorical has no closed-form variance; "
        + "estimate it from rsample draws");
  }

  /** Not closed form: throws. */
  @Override
  public Var entropy() {
    throw new UnsupportedOperationException("RelaxedOneHotCategorical has no closed-form entropy; "
        + "estimate -E[log p(y)] from rsample draws");
  }

  @Override
  public long[] batchShape() {
    long[] s = logits.shape();
    return Arrays.copyOf(s, s.length - 1);
  }

  @Override
  public long[] eventShape() {
    return new long[] {numCategories()};
  }

  @Override
  public DataType dataType() {
    return logits.dataType();
  }

  @Override
  public String toString() {
    return "RelaxedOneHotCategorical(temperature=" + temperature.value() + ", logits=" + logits.value() + ")";
  }
}
