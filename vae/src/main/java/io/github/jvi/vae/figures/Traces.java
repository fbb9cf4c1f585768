package io.github.jvi.vae.figures;

import io.github.jvi.core.plot.Charts;
import io.github.jvi.core.plot.FigureContext;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.data.Dataset;
import io.github.jvi.vae.data.Mnist;
import io.github.jvi.vae.eval.Evaluator;
import io.github.jvi.vae.model.Vae;
import io.github.jvi.vae.model.VaeConfig;
import io.github.jvi.vae.cli.Threads;
import io.github.jvi.vae.train.EpochStats;
import io.github.jvi.vae.train.TrainConfig;
import io.github.jvi.vae.train.Trainer;
import io.github.jvi.vae.train.TrainingListener;
import java.awt.BasicStroke;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training runs that record bounds over iterations, for the estimator figures: every
 * {@code every} steps (and after the last), the test-set ELBO (exact one-hot draws for categorical
 * latents) and IWELBO_K on a fixed test subset, with the running training bound.
 */
@SuppressWarnings("try") // the thread setting is held only for its scope
final class Traces {
  private static final Logger LOG = LoggerFactory.getLogger(Traces.class);

  private Traces() {}

  /** One evaluation point. */
  record Point(long step, double trainBound, double testElbo, double testIwelbo) {}

  /**
   * A trained model with its trace, its test subset, its epochs and their training seconds (the
   * epoch's time without the evaluations of the trace).
   */
  record Run(String label, Vae vae, List<Point> points, Dataset test, List<EpochStats> epochs, List<Double> trainSeconds) {
    double meanTrainSeconds() {
      return trainSeconds.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    double[] steps() {
      return points.stream().mapToDouble(Point::step).toArray();
    }

    double[] testElbo() {
      return points.stream().mapToDouble(Point::testElbo).toArray();
    }

    double[] testIwelbo() {
      return points.stream().mapToDouble(Point::testIwelbo).toArray();
    }

    double[] trainBound() {
      return points.stream().mapToDouble(Point::trainBound).toArray();
    }

    Point last() {
      return points.get(points.size() - 1);
    }
  }

  /** MNIST training images for a model (the first {@code limit}). */
  static Dataset train(FigureContext ctx, VaeConfig c, int limit) {
    Vae probe = Vae.create(c, org.nd4j.linalg.api.buffer.DataType.FLOAT, Rng.of(0));
    return Mnist.load(ctx.dataDir(), Mnist.Split.TRAIN, probe.likelihood().pixels(), limit);
  }

  /** MNIST test images for a model (the first {@code limit}). */
  static Dataset test(FigureContext ctx, VaeConfig c, int limit) {
    Vae probe = Vae.create(c, org.nd4j.linalg.api.buffer.DataType.FLOAT, Rng.of(0));
    return Mnist.load(ctx.dataDir(), Mnist.Split.TEST, probe.likelihood().pixels(), limit);
  }

  /**
   * Trains {@code c} with {@code t} on {@code train}, evaluating on {@code test} every {@code every}
   * steps with IWELBO_{iwK} (0: no IWELBO).
   */
  static Run run(String label, VaeConfig c, TrainConfig t, Dataset train, Dataset test, int every, int iwK, long seed) {
    Trainer trainer = Trainer.start(c, t);
    List<Point> points = new ArrayList<>();
    List<Double> trainSeconds = new ArrayList<>();
    int[] batches = new int[1];
    long[] evalNanos = new long[1];
    TrainingListener recorder = new TrainingListener() {
      @Override
      public void epochStarted(int epoch, int epochs, int n) {
        batches[0] = n;
      }

      @Override
      public void batchDone(int epoch, int batch, double runningElbo) {
        long step = (long) (epoch - 1) * batches[0] + batch;
        boolean last = epoch == t.epochs() && batch == batches[0];
        if (step % every == 0 || last) {
          long t0 = System.nanoTime();
          Vae vae = trainer.model();
          double elbo = Evaluator.elbo(vae, test, 500, Rng.of(seed + step)).elbo();
          double iw = iwK > 0 ? Evaluator.iwelbo(vae, test, iwK, Rng.of(seed + 7 * step)) : Double.NaN;
          points.add(new Point(step, runningElbo, elbo, iw));
          evalNanos[0] += System.nanoTime() - t0;
        }
      }

      @Override
      public void epochDone(EpochStats s) {
        double seconds = s.seconds() - evalNanos[0] / 1e9;
        evalNanos[0] = 0;
        trainSeconds.add(seconds);
        LOG.info("{}: epoch {} train bound {} ({} s training)", label, s.epoch(), s.elbo(), seconds);
      }
    };
    List<EpochStats> epochs;
    try (Threads threads = Threads.elementWise(1)) {
      epochs = trainer.train(train, null, recorder);
    }
    return new Run(label, trainer.model(), points, test, epochs, trainSeconds);
  }

  /** Adds a line series with the given palette colour, dashed if asked. */
  static XYSeries line(XYChart chart, String name, double[] x, double[] y, int colour, boolean dashed) {
    XYSeries s = Charts.line(chart, name, x, y);
    s.setLineColor(Charts.PALETTE[colour % Charts.PALETTE.length]);
    s.setLineStyle(dashed
        ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f)
        : new BasicStroke(2f));
    return s;
  }
}
