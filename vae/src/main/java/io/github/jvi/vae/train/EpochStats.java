package io.github.jvi.vae.train;

/**
 * One epoch's summary.
 *
 * @param epoch 1-based epoch number
 * @param elbo mean training ELBO over the epoch's minibatches (nats per example; the model moves
 *     during the epoch)
 * @param reconstruction mean E_q[log p(x|z)] over the epoch
 * @param kl mean KL term over the epoch
 * @param seconds wall-clock seconds of the epoch's training steps (checkpoint writing excluded)
 */
public record EpochStats(int epoch, double elbo, double reconstruction, double kl, double seconds) {}
