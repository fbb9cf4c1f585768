package io.github.jvi.vae.train;

import io.github.jvi.core.util.Check;
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
 */
public record TrainConfig(int epochs, int batchSize, double lr, long seed, double beta, int trainLimit) {
  /** Validates. */
  public TrainConfig {
    Check.atLeast("epochs", epochs, 1);
    Check.atLeast("batchSize", batchSize, 1);
    Check.positive("lr", lr);
    Check.nonNegative("beta", beta);
    Check.atLeast("trainLimit", trainLimit, 1);
  }

  /** 10 epochs of batches of 128 at lr 1e-3, seed 0, beta 1, all training data. */
  public static TrainConfig defaults() {
    return new TrainConfig(10, 128, 1e-3, 0, 1.0, Integer.MAX_VALUE);
  }

  /** A copy with another number of epochs. */
  public TrainConfig withEpochs(int e) {
    return new TrainConfig(e, batchSize, lr, seed, beta, trainLimit);
  }

  /** A copy with another training-set limit. */
  public TrainConfig withTrainLimit(int n) {
    return new TrainConfig(epochs, batchSize, lr, seed, beta, n);
  }

  /** A copy with another seed. */
  public TrainConfig withSeed(long s) {
    return new TrainConfig(epochs, batchSize, lr, s, beta, trainLimit);
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
    return p;
  }

  /** Reads {@link #toProperties()}; errors name the key. */
  public static TrainConfig fromProperties(Properties p) {
    try {
      return new TrainConfig(Integer.parseInt(get(p, "train.epochs")), Integer.parseInt(get(p, "train.batchSize")),
          Double.parseDouble(get(p, "train.lr")), Long.parseLong(get(p, "train.seed")),
          Double.parseDouble(get(p, "train.beta")), Integer.parseInt(get(p, "train.trainLimit")));
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
