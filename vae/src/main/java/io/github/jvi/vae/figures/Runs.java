package io.github.jvi.vae.figures;

import io.github.jvi.core.plot.FigureContext;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.data.Dataset;
import io.github.jvi.vae.data.Mnist;
import io.github.jvi.vae.data.Pixels;
import io.github.jvi.vae.eval.Evaluator;
import io.github.jvi.vae.model.Vae;
import io.github.jvi.vae.model.VaeConfig;
import io.github.jvi.vae.cli.Threads;
import io.github.jvi.vae.train.EpochStats;
import io.github.jvi.vae.train.TrainConfig;
import io.github.jvi.vae.train.Trainer;
import io.github.jvi.vae.train.TrainingListener;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Training and image composition shared by the VAE figures. */
@SuppressWarnings("try") // resources held only for their scope (workspaces, thread settings)
final class Runs {
  private static final Logger LOG = LoggerFactory.getLogger(Runs.class);
  /** Epochs of the full runs. */
  static final int FULL_EPOCHS = 20;

  private Runs() {}

  /** A trained model and its test-set ELBO. */
  record Trained(Vae vae, Evaluator.Result test, Dataset testSet) {}

  /**
   * Trains {@code c} on MNIST (encoded for its likelihood): the first {@code quickImages} images for
   * {@code quickEpochs} epochs, or all of them for {@link #FULL_EPOCHS} with {@code ctx.full()};
   * evaluates on the first {@code quickTest} test images (all with full).
   */
  static Trained train(FigureContext ctx, VaeConfig c, int quickImages, int quickEpochs, int quickTest) {
    boolean full = ctx.full();
    TrainConfig t = new TrainConfig(full ? FULL_EPOCHS : quickEpochs, 128, 1e-3, ctx.seed(), 1.0,
        full ? Integer.MAX_VALUE : quickImages);
    Trainer trainer = Trainer.start(c, t);
    Pixels pixels = trainer.model().likelihood().pixels();
    Dataset train = Mnist.load(ctx.dataDir(), Mnist.Split.TRAIN, pixels, t.trainLimit());
    try (Threads threads = Threads.elementWise(1)) {
      trainer.train(train, null, new TrainingListener() {
        @Override
        public void epochDone(EpochStats s) {
          LOG.info("{}: epoch {} train ELBO {} ({} s)", c, s.epoch(), s.elbo(), s.seconds());
        }
      });
    }
    Dataset test = Mnist.load(ctx.dataDir(), Mnist.Split.TEST, pixels, full ? Integer.MAX_VALUE : quickTest);
    return new Trained(trainer.model(), Evaluator.elbo(trainer.model(), test, 1000, Rng.of(ctx.seed() + 1)), test);
  }

  /** Images side by side (rows of {@code perRow}) with a title above each, on white. */
  static BufferedImage panels(List<BufferedImage> images, List<String> titles, int perRow) {
    int cellW = 0;
    int cellH = 0;
    for (BufferedImage im : images) {
      cellW = Math.max(cellW, im.getWidth());
      cellH = Math.max(cellH, im.getHeight());
    }
    int titleH = 26;
    int gap = 12;
    int rows = (images.size() + perRow - 1) / perRow;
    int cols = Math.min(perRow, images.size());
    BufferedImage out = new BufferedImage(cols * (cellW + gap) + gap, rows * (cellH + titleH + gap) + gap,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    for (int k = 0; k < images.size(); k++) {
      int x = gap + (k % perRow) * (cellW + gap);
      int y = gap + (k / perRow) * (cellH + titleH + gap);
      g.setColor(Color.BLACK);
      g.drawString(titles.get(k), x, y + 17);
      g.drawImage(images.get(k), x, y + titleH, null);
    }
    g.dispose();
    return out;
  }

  /** A plain text table rendered as an image (monospaced). */
  static BufferedImage table(String title, List<String> lines) {
    Font font = new Font(Font.MONOSPACED, Font.PLAIN, 15);
    int width = 0;
    for (String l : lines) {
      width = Math.max(width, l.length());
    }
    width = Math.max(width, title.length());
    int lineH = 22;
    BufferedImage out = new BufferedImage(width * 10 + 40, (lines.size() + 2) * lineH + 20, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(title, 20, lineH + 4);
    g.setFont(font);
    for (int i = 0; i < lines.size(); i++) {
      g.drawString(lines.get(i), 20, (i + 2) * lineH + 14);
    }
    g.dispose();
    return out;
  }
}
