package io.github.jvi.vae.cli;

import io.github.jvi.vae.train.EpochStats;
import io.github.jvi.vae.train.TrainingListener;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar per epoch with the running ELBO on standard error (only when it is a terminal),
 * and one summary line per epoch in any case.
 */
final class ProgressListener implements TrainingListener {
  private final PrintStream err;
  private final boolean bar;
  private ProgressBar current;

  ProgressListener(PrintStream err, boolean bar) {
    this.err = err;
    this.bar = bar;
  }

  @Override
  public void epochStarted(int epoch, int epochs, int batches) {
    if (bar) {
      current = new ProgressBarBuilder().setTaskName("epoch " + epoch + "/" + epochs).setInitialMax(batches)
          .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).setConsumer(new ConsoleProgressBarConsumer(err))
          .clearDisplayOnFinish().build();
    }
  }

  @Override
  public void batchDone(int epoch, int batch, double runningElbo) {
    if (current != null) {
      current.stepTo(batch);
      current.setExtraMessage(String.format(" ELBO %.2f", runningElbo));
    }
  }

  @Override
  public void epochDone(EpochStats s) {
    if (current != null) {
      current.close();
      current = null;
    }
    err.printf("epoch %d: train ELBO %.3f (reconstruction %.3f, KL %.3f), %.1f s%n", s.epoch(), s.elbo(),
        s.reconstruction(), s.kl(), s.seconds());
    err.flush();
  }

  /** Closes a bar left open by an exception. */
  void close() {
    if (current != null) {
      current.close();
      current = null;
    }
  }
}
