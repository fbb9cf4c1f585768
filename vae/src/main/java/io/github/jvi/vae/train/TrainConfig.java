package io.github.jvi.vae.train;

import io.github.jvi.core.util.Check;
import io.github.jvi.vae.objective.GradientEstimator;
import io.github.jvi.vae.objective.Objective;
import io.github.jvi.vae.objective.ObjectiveKind;
import java.util.Properties;

/**
 * How a VAE is trained.
 *
 * @param epochs passes over the training set (&gt;= 1)
 * @param batchSize examples per minibatch (&gt;= 1)
 * @param lr Adam's learning rate (&gt; 0)
 * @param seed the seed of every random choice (initialisation, shuffling, noise)
 * @param beta the KL weight of the beta-ELBO (1 = the ELBO)
 * @param trainLimit use only the first this many training images (for quick runs)
 * @param objective the bound trained on: the (beta-)ELBO or the IWAE bound
 * @param k importance samples of the IWAE bound (1 for the ELBO)
 * @param estimator the gradient estimator (standard or sticking-the-landing)
 */
public record TrainConfig(int epochs, int batchSize, double lr, long seed, double beta, int trainLimit,
    ObjectiveKind objective, int k, GradientEstimator estimator) {
  /** The (beta-)ELBO with the standard gradient. */
  public TrainConfig(int epochs, int batchSize, double lr, long seed, double beta, int trainLimit) {
    this(epochs, batchSize, lr, seed, beta, trainLimit, ObjectiveKind.ELBO, 1, GradientEstimator.STANDARD);
  }

  /** Validates (the objective's arguments as {@link ObjectiveKind#create} does). */
  public TrainConfig {
    Check.atLeast("epochs", epochs, 1);
    Check.atLeast("batchSize", batchSize, 1);
    Check.positive("lr", lr);
    Check.nonNegative("beta", beta);
    Check.atLeast("trainLimit", trainLimit, 1);
    Check.atLeast("k", k, 1);
    if (objective == null || estimator == null) {
      throw new IllegalArgumentException("objective and estimator must be given, found " + objective + " and " + estimator);
    }
    objective.create(k, beta, estimator);
  }

  /** The objective this configuration trains on. */
  public Objective makeObjective() {
    return objective.create(k, beta, estimator);
  }

  /** A copy with another objective. */
  public TrainConfig withObjective(ObjectiveKind o, int samples, GradientEstimator e) {
    return new TrainConfig(epochs, batchSize, lr, seed, beta, trainLimit, o, samples, e);
  }

  /** 10 epochs of batches of 128 at lr 1e-3, seed 0, beta 1, all training data. */
  public static TrainConfig defaults() {
    return new TrainConfig(10, 128, 1e-3, 0, 1.0, Integer.MAX_VALUE);
  }

  /** A copy with another number of epochs. */
  public TrainConfig withEpochs(int e) {
    return new TrainConfig(e, batchSize, lr, seed, beta, trainLimit, objective, k, estimator);
  }

  /** A copy with another training-set limit. */
  public TrainConfig withTrainLimit(int n) {
    return new TrainConfig(epochs, batchSize, lr, seed, beta, n, objective, k, estimator);
  }

  /** A copy with another seed. */
  public TrainConfig withSeed(long s) {
    return new TrainConfig(epochs, batchSize, lr, s, beta, trainLimit, objective, k, estimator);
  }

  /** As properties under {@code train.*}. */
  public Properties toProperties() {
    Properties p = new Properties();
    p.setProperty("train.epochs", Integer.toString(epochs));
    p.setProperty("train.batchSize", Integer.toString(batchSize));
    p.setProperty("train.lr", Double.toString(lr));
    p.setProperty("train.seed", Long.toString(seed));
    p.setProperty("train.beta", Double.toString(beta));
    p.setProperty("train.trainLimit", Integer.toString(trainLimit));
    p.setProperty("train.objective", objective.id());
    p.setProperty("train.k", Integer.toString(k));
    p.setProperty("train.estimator", estimator.id());
    return p;
  }

  /**
   * Reads {@link #toProperties()}; errors name the key. Files written before objectives were
   * configurable read as the ELBO with the standard gradient.
   */
  public static TrainConfig fromProperties(Properties p) {
    try {
      return new TrainConfig(Integer.parseInt(get(p, "train.epochs")), Integer.parseInt(get(p, "train.batchSize")),
          Double.parseDouble(get(p, "train.lr")), Long.parseLong(get(p, "train.seed")),
          Double.parseDouble(get(p, "train.beta")), Integer.parseInt(get(p, "train.trainLimit")),
          ObjectiveKind.of(p.getProperty("train.objective", "elbo")), Integer.parseInt(p.getProperty("train.k", "1")),
          GradientEstimator.of(p.getProperty("train.estimator", "standard")));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("malformed training configuration: " + e.getMessage());
    }
  }

  private static String get(Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null) {
      throw new IllegalArgumentException("training configuration lacks '" + key + "'");
    }
    return v;
  }
}
