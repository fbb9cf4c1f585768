package io.github.jvi.vae.model;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.Categorical;
import io.github.jvi.core.distribution.RelaxedOneHotCategorical;
import io.github.jvi.core.kl.Kl;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * q(z|x) over N independent categorical variables of K classes each, z the concatenation of their
 * one-hot vectors [n, N K], from encoder logits [n, N K] (variable-major: classes of variable 1,
 * then of variable 2, ...). Jang, Gu &amp; Poole (2017), "Categorical reparameterization with
 * Gumbel-Softmax".
 *
 * <pre>
 * rsample (training):   y_v = softmax((l_v + g_v) / tau),  g ~ Gumbel(0, 1)    (core RelaxedOneHotCategorical)
 *   straight-through:   onehot(argmax y_v) forward, the gradient of y_v backward
 * rsample (hard):       z_v = onehot(c_v),  c_v ~ Categorical(softmax(l_v))   (exact draw, no gradient)
 * log q(z) = sum_v sum_k z_vk log softmax(l_v)_k     (the log-probability of one-hot z)
 * KL(q || uniform) = sum_v sum_k q_vk log q_vk + N log K      (closed form; core Kl registry)
 * </pre>
 * Hard draws are made in evaluation ({@link Vae#forEvaluation}, used by
 * {@link io.github.jvi.vae.eval.Evaluator}): the bounds are then those of the discrete model
 * (hard one-hot at evaluation, Jang et al.). For relaxed draws, log q(y)
 * is the categorical cross-entropy term sum_k y_k log q_k (what Jang et al.'s relaxed objectives
 * use), not the Concrete density.
 */
public final class CategoricalPosterior implements Posterior {
  private final Var logits;
  private final int variables;
  private final int categories;
  private final double temperature;
  private final boolean straightThrough;
  private final boolean hard;

  private CategoricalPosterior(Var logits, int variables, int categories, double temperature, boolean straightThrough,
      boolean hard) {
    this.logits = logits;
    this.variables = variables;
    this.categories = categories;
    this.temperature = temperature;
    this.straightThrough = straightThrough;
    this.hard = hard;
  }

  /**
   * q from logits [n, N K] for N variables of K &gt;= 2 classes, relaxed at temperature tau &gt; 0
   * (or, when {@code hard}, drawn exactly as one-hot vectors).
   *
   * @throws IllegalArgumentException for a shape that is not [n, N K] or an invalid temperature
   */
  public static CategoricalPosterior of(Var logits, int variables, int categories, double temperature,
      boolean straightThrough, boolean hard) {
    Check.atLeast("variables", variables, 1);
    Check.atLeast("categories", categories, 2);
    Check.positive("temperature", temperature);
    if (logits.rank() != 2 || logits.shape()[1] != (long) variables * categories) {
      throw new IllegalArgumentException("logits must be [n, " + ((long) variables * categories) + "], found "
          + java.util.Arrays.toString(logits.shape()));
    }
    return new CategoricalPosterior(logits, variables, categories, temperature, straightThrough, hard);
  }

  /**
   * The family for N variables of K classes at training step 0 of the temperature schedule of
   * {@code config}, drawing relaxed samples ({@link Family#atStep}, {@link Family#evaluation}).
   */
  public static Family family(int variables, LatentConfig config) {
    return new Family(variables, config, config.temperature(0), false);
  }

  /**
   * The encoder-to-posterior map at one Gumbel-Softmax temperature, drawing relaxed or exact
   * one-hot samples. Immutable: the step and evaluation variants are new families
   * ({@link Vae#atTrainingStep}, {@link Vae#forEvaluation}), so one family can be shared by threads.
   */
  public static final class Family implements PosteriorFamily {
    private final int variables;
    private final LatentConfig config;
    private final double temperature;
    private final boolean hard;

    private Family(int variables, LatentConfig config, double temperature, boolean hard) {
      this.variables = variables;
      this.config = config;
      this.temperature = temperature;
      this.hard = hard;
    }

    @Override
    public int encoderOutputs(int latentDim) {
      return latentDim * config.categories();
    }

    @Override
    public Posterior posterior(Var h) {
      return of(h, variables, config.categories(), temperature, config.straightThrough(), hard);
    }

    /** This family at the schedule's temperature for global training step t (0-based), relaxed draws. */
    public Family atStep(long t) {
      return new Family(variables, config, config.temperature(t), false);
    }

    /** This family drawing exact one-hot vectors (evaluation), at the same temperature. */
    public Family evaluation() {
      return hard ? this : new Family(variables, config, temperature, true);
    }

    /** The temperature of relaxed draws. */
    public double temperature() {
      return temperature;
    }

    /** Whether draws are exact one-hot vectors (evaluation). */
    public boolean hard() {
      return hard;
    }
  }

  /** The logits [n, N K]. */
  public Var logits() {
    return logits;
  }

  /** Whether draws are exact one-hot vectors. */
  public boolean hard() {
    return hard;
  }

  /** The temperature of relaxed draws. */
  public double temperature() {
    return temperature;
  }

  /** Number of categorical variables N. */
  public int variables() {
    return variables;
  }

  /** Classes per variable K. */
  public int categories() {
    return categories;
  }

  private Var logits3() {
    return logits.reshape(logits.shape()[0], variables, categories);
  }

  @Override
  public long batchSize() {
    return logits.shape()[0];
  }

  @Override
  public long latentDim() {
    return (long) variables * categories;
  }

  @Override
  public Var rsample(Rng rng) {
    long n = batchSize();
    if (hard) {
      Categorical c = Categorical.ofLogits(logits3().value());
      INDArray oneHot = c.oneHot(c.sample(rng));
      return Var.constant(oneHot.reshape('c', n, latentDim()));
    }
    RelaxedOneHotCategorical r = RelaxedOneHotCategorical.of(temperature, logits3());
    Var y = straightThrough ? r.rsampleStraightThrough(rng) : r.rsample(rng);
    return y.reshape(n, latentDim());
  }

  @Override
  public Var logProb(Var z) {
    long n = z.shape()[0];
    return Categorical.ofLogits(logits3()).logProbOneHot(z.reshape(n, variables, categories)).sum(1);
  }

  /** KL(q_i || uniform) for each example [n], in closed form (the core categorical KL, summed over variables). */
  public Var klUniform() {
    Categorical uniform = Categorical.ofLogits(Nd4j.zeros(logits.dataType(), categories));
    return Kl.divergence(Categorical.ofLogits(logits3()), uniform).sum(1);
  }

  /** The class probabilities [n, N K] (the mean of the one-hot vector). */
  @Override
  public Var mean() {
    return logits3().softmax(2).reshape(batchSize(), latentDim());
  }

  @Override
  public Posterior detach() {
    return new CategoricalPosterior(logits.detach(), variables, categories, temperature, straightThrough, hard);
  }

  @Override
  public Posterior repeat(int k) {
    return new CategoricalPosterior(Rows.tile(logits, k), variables, categories, temperature, straightThrough, hard);
  }
}
