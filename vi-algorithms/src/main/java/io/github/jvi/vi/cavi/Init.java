package io.github.jvi.vi.cavi;

/**
 * How a mixture's responsibilities are initialised before the first M-step.
 *
 * <ul>
 *   <li>{@link #KMEANS_PLUS_PLUS}: K centres chosen by k-means++ seeding (Arthur and Vassilvitskii
 *       2007: the first uniformly, each next one with probability proportional to the squared
 *       distance to the nearest centre chosen so far), then each point assigned to its nearest
 *       centre (one-hot responsibilities).</li>
 *   <li>{@link #RANDOM}: responsibilities drawn from a flat Dirichlet(1, ..., 1) per point
 *       (normalised standard exponentials).</li>
 * </ul>
 * The Normal-Gamma model has no latent labels and starts from the prior's E[tau] either way.
 */
public enum Init {
  /** k-means++ seeding, then nearest-centre one-hot responsibilities. */
  KMEANS_PLUS_PLUS,
  /** Flat-Dirichlet random responsibilities. */
  RANDOM
}
