package io.github.jvi.vae.train;

/** Progress callbacks (the command line draws a progress bar from them); all methods optional. */
public interface TrainingListener {
  /** A listener that ignores everything. */
  TrainingListener NONE = new TrainingListener() {};

  /** Before the first batch of an epoch. */
  default void epochStarted(int epoch, int epochs, int batches) {}

  /** After each step: the running mean ELBO of the epoch so far. */
  default void batchDone(int epoch, int batch, double runningElbo) {}

  /** After an epoch (and its checkpoint). */
  default void epochDone(EpochStats stats) {}
}
