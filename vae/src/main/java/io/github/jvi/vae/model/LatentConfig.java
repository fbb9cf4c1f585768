package io.github.jvi.vae.model;

import io.github.jvi.core.util.Check;
import java.util.Locale;
import java.util.Properties;

/**
 * The latent structure of a VAE, part of its {@link VaeConfig}. With the config's latent width d
 * and mixture components C:
 *
 * <ul>
 *   <li>{@link Kind#GAUSSIAN}: z in R^d, q(z|x) a diagonal Gaussian, the prior of the config
 *       (standard Gaussian or mixture);</li>
 *   <li>{@link Kind#CATEGORICAL}: d categorical variables of {@code categories} classes each,
 *       one-hot, relaxed by Gumbel-Softmax in training (Jang, Gu &amp; Poole 2017) with the
 *       temperature tau(t) = max(tauMin, exp(-tauRate t')), t' the global training step rounded
 *       down to a multiple of {@code tauInterval}, optionally straight-through; uniform prior;</li>
 *   <li>{@link Kind#GM}: the Gaussian-mixture VAE p(y) p(w|y) p(x|w), y uniform over C
 *       components, w|y Gaussian in R^d with learnable means and variances, q(w|x) q(y|w,x);</li>
 *   <li>{@link Kind#HIERARCHICAL}: two Gaussian layers p(x|z1) p(z1|z2) p(z2), z1 in R^d and z2
 *       in R^{topDim}, bottom-up q(z1|x) q(z2|z1).</li>
 * </ul>
 *
 * @param kind the latent structure
 * @param categories classes per categorical variable (&gt;= 2)
 * @param topDim width of the top layer z2 of the hierarchical latent (&gt;= 1)
 * @param tauRate the annealing rate r of the Gumbel-Softmax temperature (&gt;= 0; 0 keeps tau = 1)
 * @param tauMin the floor of the temperature (&gt; 0, &lt;= 1)
 * @param tauInterval the temperature is updated every this many steps (&gt;= 1)
 * @param straightThrough whether categorical draws in training are hard one-hot vectors with the
 *     soft draw's gradient (straight-through Gumbel-Softmax)
 */
public record LatentConfig(Kind kind, int categories, int topDim, double tauRate, double tauMin, int tauInterval,
    boolean straightThrough) {

  /** Latent structures. */
  public enum Kind {
    /** Diagonal Gaussian latents. */
    GAUSSIAN,
    /** Categorical latents relaxed by Gumbel-Softmax. */
    CATEGORICAL,
    /** The Gaussian-mixture VAE. */
    GM,
    /** Two Gaussian layers. */
    HIERARCHICAL;

    /** The command-line name. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The kind for its command-line name.
     *
     * @throws IllegalArgumentException naming the value otherwise
     */
    public static Kind of(String id) {
      for (Kind k : values()) {
        if (k.id().equals(id)) {
          return k;
        }
      }
      throw new IllegalArgumentException("latent must be gaussian, categorical, gm or hierarchical, found '" + id + "'");
    }
  }

  /** Validates. */
  public LatentConfig {
    if (kind == null) {
      throw new IllegalArgumentException("kind must be given, found null");
    }
    Check.atLeast("categories", categories, 2);
    Check.atLeast("topDim", topDim, 1);
    Check.nonNegative("tauRate", tauRate);
    Check.positive("tauMin", tauMin);
    if (!(tauMin <= 1)) {
      throw new IllegalArgumentException("tauMin must be <= 1, found " + tauMin);
    }
    Check.atLeast("tauInterval", tauInterval, 1);
  }

  /**
   * Gaussian latents; for the other kinds: 10 categories, a top layer of 16, the annealing of Jang
   * et al. (r = 1e-4, floor 0.5, updated every 500 steps), no straight-through.
   */
  public static LatentConfig defaults() {
    return new LatentConfig(Kind.GAUSSIAN, 10, 16, 1e-4, 0.5, 500, false);
  }

  /** A copy of another kind. */
  public LatentConfig withKind(Kind k) {
    return new LatentConfig(k, categories, topDim, tauRate, tauMin, tauInterval, straightThrough);
  }

  /** A copy with another number of categories. */
  public LatentConfig withCategories(int k) {
    return new LatentConfig(kind, k, topDim, tauRate, tauMin, tauInterval, straightThrough);
  }

  /** A copy with another top-layer width. */
  public LatentConfig withTopDim(int d) {
    return new LatentConfig(kind, categories, d, tauRate, tauMin, tauInterval, straightThrough);
  }

  /** A copy with another temperature schedule. */
  public LatentConfig withAnnealing(double rate, double min, int interval) {
    return new LatentConfig(kind, categories, topDim, rate, min, interval, straightThrough);
  }

  /** A copy with straight-through categorical draws on or off. */
  public LatentConfig withStraightThrough(boolean st) {
    return new LatentConfig(kind, categories, topDim, tauRate, tauMin, tauInterval, st);
  }

  /** The temperature max(tauMin, exp(-tauRate t')) at global step t &gt;= 0 (t' = t rounded down to the interval). */
  public double temperature(long step) {
    long t = Math.max(0, step) / tauInterval * tauInterval;
    return Math.max(tauMin, Math.exp(-tauRate * t));
  }

  /** Adds the {@code model.latent.*} properties. */
  void addTo(Properties p) {
    p.setProperty("model.latent", kind.id());
    p.setProperty("model.latent.categories", Integer.toString(categories));
    p.setProperty("model.latent.topDim", Integer.toString(topDim));
    p.setProperty("model.latent.tauRate", Double.toString(tauRate));
    p.setProperty("model.latent.tauMin", Double.toString(tauMin));
    p.setProperty("model.latent.tauInterval", Integer.toString(tauInterval));
    p.setProperty("model.latent.straightThrough", Boolean.toString(straightThrough));
  }

  /** Reads {@link #addTo}; model files written before latents existed read as the defaults. */
  static LatentConfig from(Properties p) {
    LatentConfig d = defaults();
    try {
      return new LatentConfig(Kind.of(p.getProperty("model.latent", d.kind.id())),
          Integer.parseInt(p.getProperty("model.latent.categories", Integer.toString(d.categories))),
          Integer.parseInt(p.getProperty("model.latent.topDim", Integer.toString(d.topDim))),
          Double.parseDouble(p.getProperty("model.latent.tauRate", Double.toString(d.tauRate))),
          Double.parseDouble(p.getProperty("model.latent.tauMin", Double.toString(d.tauMin))),
          Integer.parseInt(p.getProperty("model.latent.tauInterval", Integer.toString(d.tauInterval))),
          Boolean.parseBoolean(p.getProperty("model.latent.straightThrough", "false")));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("malformed latent configuration (model.latent.*): " + e.getMessage());
    }
  }
}
