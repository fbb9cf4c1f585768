/**
 * Coordinate-ascent variational inference (CAVI; Bishop 2006, ch. 10; Blei, Kucukelbir and
 * McAuliffe 2017) for four conjugate models, each with closed-form updates, the exact evidence
 * lower bound (ELBO) after every sweep, a simulator that draws data from the model, and restarts
 * that keep the best ELBO:
 *
 * <ul>
 *   <li>{@link io.github.jvi.vi.cavi.NormalGammaModel}: unknown mean and precision of a Gaussian,
 *       mean field q(mu) q(tau), with the exact NormalGamma posterior and log evidence to compare
 *       against;</li>
 *   <li>{@link io.github.jvi.vi.cavi.GmmLight}: a 1-D Gaussian mixture with known weights and a
 *       NormalGamma prior per component;</li>
 *   <li>{@link io.github.jvi.vi.cavi.BayesianGmm}: the full Bayesian Gaussian mixture of Bishop
 *       section 10.2 (Dirichlet weights, Gaussian-Wishart components, full covariances);</li>
 *   <li>{@link io.github.jvi.vi.cavi.EarthquakeModel}: Poisson counts and isotropic Gaussian
 *       locations that share a cluster label.</li>
 * </ul>
 *
 * <p>The three mixtures share one vectorised E-step: with the data mapped once to a feature matrix
 * (for example {@code (1, x, x^2)}), the expected complete-data log-likelihood of every point under
 * every component is linear in the features, so one matrix product gives all N x K logits, a
 * stable column soft-max gives the responsibilities, and a second product gives every sufficient
 * statistic the M-step needs. The cost per iteration is linear in N with no Java loop over points.
 * {@link io.github.jvi.vi.cavi.CaviOptions} holds the iteration limit, the relative ELBO tolerance,
 * the number of restarts and the initialisation ({@link io.github.jvi.vi.cavi.Init}).
 */
package io.github.jvi.vi.cavi;
