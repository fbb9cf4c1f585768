/**
 * The VAE figures of {@code jvi reproduce}, one {@link io.github.jvi.core.plot.Figure} (with its own
 * {@code main}) each: samples and aggregate posteriors for a Gaussian against a mixture prior,
 * Gaussian-likelihood samples against means, MLP against CNN samples, and a table of test ELBOs;
 * for the estimators and latent structures, ELBO against IWELBO curves of the VAE and IWAEs with
 * k = 5, 50, standard against sticking-the-landing gradients, Gumbel-Softmax samples with the
 * temperature schedule, GM-VAE clusters and hierarchical-VAE samples.
 * Quick runs train on a subset of MNIST for a few epochs; {@code --full} trains on all 60000 images
 * for 20 epochs.
 */
package io.github.jvi.vae.figures;
