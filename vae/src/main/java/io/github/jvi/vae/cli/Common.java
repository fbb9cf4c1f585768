package io.github.jvi.vae.cli;

import io.github.jvi.core.cli.Cli;
import io.github.jvi.vae.data.Dataset;
import io.github.jvi.vae.data.Mnist;
import io.github.jvi.vae.data.Pixels;
import io.github.jvi.vae.model.Vae;
import io.github.jvi.vae.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the commands share: loading models and data with user-facing errors. */
final class Common {
  private Common() {}

  /** The model in {@code file}, or a user error naming it. */
  static Checkpoint checkpoint(Path file) {
    if (!Files.exists(file)) {
      throw new Cli.UserError("model file " + file + " does not exist (train one with: jvi vae train --model " + file + ")");
    }
    return Checkpoint.load(file);
  }

  /** A split of MNIST encoded for the model's likelihood. */
  static Dataset data(Path dir, Vae vae, Mnist.Split split, int limit) {
    Pixels pixels = vae.likelihood().pixels();
    Dataset d = Mnist.load(dir, split, pixels, limit);
    if (d.rows() != vae.config().rows() || d.cols() != vae.config().cols()) {
      throw new Cli.UserError("the model expects " + vae.config().rows() + " x " + vae.config().cols()
          + " images, the data has " + d.rows() + " x " + d.cols());
    }
    return d;
  }

  /** Whether stderr is an interactive terminal (no progress bars in CI or pipes). */
  static boolean interactive() {
    return System.console() != null && System.getenv("CI") == null;
  }
}
