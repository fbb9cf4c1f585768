package io.github.jvi.core.distribution;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A finite mixture of K components of one family, like {@code torch.distributions.MixtureSameFamily}:
 * a mixing {@link Categorical} with batch shape B and K classes, and a component distribution with
 * batch shape B ++ [K] and event shape E; the mixture has batch shape B and event shape E.
 *
 * <pre>
 * log p(x) = logSumExp_k (log pi_k + log p_k(x))         (differentiable in pi and the components)
 * E[x] = sum_k pi_k mu_k
 * Var[x] = sum_k pi_k sigma_k^2 + sum_k pi_k (mu_k - E[x])^2     (law of total variance)
 * sample: k ~ Categorical(pi), then x ~ p_k
 * </pre>
 *
 * <p>The entropy of a mixture has no closed form: {@link #entropy()} throws, and
 * {@link #entropyMonteCarlo(int, Rng)} estimates -E[log p(x)] from draws (standard error
 * sd(log p) / sqrt(n)). Sampling draws every component and keeps the chosen one (vectorised, K
 * times the work of one draw, as PyTorch does). Mixtures are not reparameterisable (the choice of
 * component is discrete), so draws carry no gradient.
 */
public final class MixtureSameFamily implements Distribution {
  private final Categorical mixing;
  private final Distribution component;
  private final int eventRank;

  private MixtureSameFamily(Categorical mixing, Distribution component) {
    this.mixing = mixing;
    this.component = component;
    this.eventRank = component.eventShape().length;
  }

  /**
   * @param mixing the mixture weights, batch shape B, K classes
   * @param component the components, batch shape B ++ [K]
   */
  public static MixtureSameFamily of(Categorical mixing, Distribution component) {
    if (mixing == null || component == null) {
      throw new IllegalArgumentException("mixing and component must not be null, found "
          + mixing + " and " + component);
    }
    long[] b = mixing.batchShape();
    long[] expected = Shapes.concat(b, new long[] {mixing.numCategories()});
    Check.shape(Arrays.equals(component.batchShape(), expected), "component",
        "batch shape " + Arrays.toString(expected) + " (the mixing batch shape ++ [K])", component.batchShape());
    return new MixtureSameFamily(mixing, component);
  }

  /** The mixing distribution over components. */
  public Categorical mixing() {
    return mixing;
  }

  /** The components (batch shape B ++ [K]). */
  public Distribution component() {
    return component;
  }

  /** The dimension of the K axis in an array of shape prefix ++ [K] ++ E. */
  private int componentAxis(int rank) {
    return rank - eventRank - 1;
  }

  @Override
  public Var logProb(Var x) {
    // x: S ++ B ++ E  ->  S ++ B ++ [1] ++ E, broadcast against the components' B ++ [K] ++ E
    long[] s = x.shape();
    int at = s.length - eventRank;
    long[] expanded = Shapes.concat(Shapes.concat(Arrays.copyOf(s, at), new long[] {1}),
        Arrays.copyOfRange(s, at, s.length));
    // broadcast x to S ++ B ++ [K] ++ E first: ND4J (and so Var) does not broadcast [n, 1]
    // against [K] at different ranks, which a component's logProb would otherwise meet
    long[] full = expanded.clone();
    full[at] = mixing.numCategories();
    Var xk = x.reshape(expanded).add(Var.constant(Nd4j.zeros(x.dataType(), full)));
    Var lp = component.logProb(xk); // S ++ B ++ [K]
    Var joint = lp.add(mixing.logits());
    return joint.logSumExp(joint.rank() - 1);
  }

  @Override
  public INDArray sample(Rng rng, long... sampleShape) {
    INDArray all = component.sample(rng, sampleShape); // S ++ B ++ [K] ++ E
    INDArray k = mixing.sample(rng, sampleShape); // S ++ B
    INDArray mask = mixing.oneHot(k).reshape(withTrailingOnes(Shapes.concat(k.shape(),
        new long[] {mixing.numCategories()})));
    return all.mul(mask).sum(componentAxis(all.rank()));
  }

  private long[] withTrailingOnes(long[] shape) {
    long[] ones = new long[eventRank];
    Arrays.fill(ones, 1);
    return Shapes.concat(shape, ones);
  }

  /** pi reshaped to B ++ [K] ++ [1]*|E| so that it broadcasts against component moments. */
  private Var weights() {
    return mixing.probs().reshape(withTrailingOnes(mixing.probs().shape()));
  }

  @Override
  public Var mean() {
    Var m = component.mean();
    return weights().mul(m).sum(componentAxis(m.rank()));
  }

  @Override
  public Var variance() {
    Var m = component.mean();
    int axis = componentAxis(m.rank());
    Var w = weights();
    Var mean = w.mul(m).sumKeep(axis);
    Var within = w.mul(component.variance()).sum(axis);
    Var between = w.mul(m.sub(mean).square()).sum(axis);
    return within.add(between);
  }

  /** Whether the components have a mean. */
  @Override
  public boolean hasMean() {
    return component.hasMean();
  }

  /** Whether the components have a mean and a variance. */
  @Override
  public boolean hasVariance() {
    return component.hasMean() && component.hasVariance();
  }

  /** False: a mixture's entropy has no closed form (see {@link #entropyMonteCarlo(int, Rng)}). */
  @Override
  public boolean hasEntropy() {
    return false;
  }

  /** Not closed form: throws; see {@link #entropyMonteCarlo(int, Rng)}. */
  @Override
  public Var entropy() {
    throw new UnsupportedOperationException("the entropy of a mixture has no closed form; "
        + "use entropyMonteCarlo(samples, rng)");
  }

  /**
   * -(1/n) sum_i log p(x_i), x_i ~ p: an unbiased estimate of the entropy, shape the batch shape,
   * differentiable in the parameters only through log p (the draws carry no gradient).
   *
   * @param samples n &gt;= 1
   */
  @Override
  public Var entropyMonteCarlo(int samples, Rng rng) {
    Check.atLeast("samples", samples, 1);
    return logProb(Var.constant(sample(rng, samples))).mean(0).neg();
  }

  @Override
  public long[] batchShape() {
    return mixing.batchShape();
  }

  @Override
  public long[] eventShape() {
    return component.eventShape();
  }

  @Override
  public DataType dataType() {
    return component.dataType();
  }

  @Override
  public String toString() {
    return "MixtureSameFamily(" + mixing + ", " + component + ")";
  }
}
