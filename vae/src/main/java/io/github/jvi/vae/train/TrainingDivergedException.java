package io.github.jvi.vae.train;

/**
 * Training produced a non-finite loss or non-finite weights. The message says where, and which
 * checkpoint (the last good one) was kept.
 */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a message for the user. */
  public TrainingDivergedException(String message) {
    super(message);
  }
}
