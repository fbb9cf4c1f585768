/**
 * Variational autoencoders as compositions (Kingma &amp; Welling 2014; Rezende, Mohamed &amp;
 * Wierstra 2014): a {@link io.github.jvi.vae.model.Prior} p(z), an encoder network with a
 * {@link io.github.jvi.vae.model.Posterior} family q(z|x), and a decoder network with a
 * {@link io.github.jvi.vae.model.Likelihood} p(x|z), chosen independently by a
 * {@link io.github.jvi.vae.model.VaeConfig} and assembled by {@link io.github.jvi.vae.model.Vae}.
 *
 * <p>Priors: standard Gaussian (closed-form KL against a diagonal Gaussian posterior) and a
 * learnable mixture of Gaussians (Monte Carlo KL). Likelihoods: Bernoulli from logits, Gaussian with
 * a fixed or a learned per-pixel variance, continuous Bernoulli. The hot element-wise parts
 * (reparameterised sampling, the Gaussian KL, the likelihoods) are fused graph nodes with
 * hand-written backward rules.
 *
 * <p>Latent structures ({@link io.github.jvi.vae.model.LatentConfig}): diagonal Gaussian;
 * categorical latents relaxed by Gumbel-Softmax with an annealed temperature
 * ({@link io.github.jvi.vae.model.CategoricalPosterior},
 * {@link io.github.jvi.vae.model.UniformCategoricalPrior}); the Gaussian-mixture VAE
 * ({@link io.github.jvi.vae.model.GmPosterior}, {@link io.github.jvi.vae.model.GmPrior}); two
 * Gaussian layers ({@link io.github.jvi.vae.model.HierarchicalPosterior},
 * {@link io.github.jvi.vae.model.HierarchicalPrior}). Each prior supplies the KL term of its ELBO
 * ({@link io.github.jvi.vae.model.Prior#klTerm}) and its path-derivative form. A linear-Gaussian
 * model with exact evidence and posterior ({@link io.github.jvi.vae.model.LinearGaussianVae})
 * serves the verification of bounds and estimators.
 */
package io.github.jvi.vae.model;
