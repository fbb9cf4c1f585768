/**
 * Training: {@link io.github.jvi.vae.train.Trainer} runs Adam over seeded, shuffled minibatches,
 * reports progress to a {@link io.github.jvi.vae.train.TrainingListener}, writes a
 * {@link io.github.jvi.vae.train.Checkpoint} atomically after every epoch (weights, optimiser state,
 * configuration, epoch and history in one zip file), resumes from one, and stops with
 * {@link io.github.jvi.vae.train.TrainingDivergedException} when the loss or the weights stop
 * being finite, leaving the last good checkpoint in place.
 */
package io.github.jvi.vae.train;
