package io.github.jvi.vae.figures;

import io.github.jvi.core.io.AtomicFiles;
import io.github.jvi.core.plot.Charts;
import io.github.jvi.core.plot.Figure;
import io.github.jvi.core.plot.FigureContext;
import io.github.jvi.core.plot.FigureMain;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.data.Dataset;
import io.github.jvi.vae.eval.Plots;
import io.github.jvi.vae.model.LatentConfig;
import io.github.jvi.vae.model.VaeConfig;
import io.github.jvi.vae.train.TrainConfig;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;

/**
 * The categorical VAE of Jang, Gu &amp; Poole (2017) on binarised MNIST: 20 categorical variables of
 * 10 classes, Gumbel-Softmax relaxed in training with the temperature annealed as
 * tau = max(0.5, exp(-r t)), exact one-hot draws at evaluation, uniform prior; trained with the
 * relaxed draws and with the straight-through estimator. Outputs: means of p(x|z) for codes z drawn
 * from the uniform prior (one-hot), the temperature schedule of the run, and the test ELBO of the
 * discrete model (hard one-hot draws) over training steps.
 *
 * <p>Full run: MLP 512-512, 20 epochs on 60000 images, Adam at 1e-3, r = 1e-4 updated every 500
 * steps (the paper's values). Quick run: 5 epochs on 10000 images, r = 3e-3 updated every 10 steps,
 * so that the temperature reaches its floor within the run.
 */
public final class GumbelSoftmaxFigure implements Figure {
  @Override
  public String name() {
    return "gumbel-softmax";
  }

  @Override
  public String caption() {
    return "Categorical VAE (20 variables of 10 classes, Gumbel-Softmax) on binarised MNIST: decoder means for random "
        + "one-hot codes from the uniform prior, for relaxed and straight-through training; the annealed temperature "
        + "tau = max(0.5, exp(-r t)); and the test ELBO of the discrete model (exact one-hot draws) over training.";
  }

  @Override
  public List<Path> render(FigureContext ctx) {
    boolean full = ctx.full();
    LatentConfig lc = LatentConfig.defaults().withKind(LatentConfig.Kind.CATEGORICAL).withCategories(10);
    lc = full ? lc : lc.withAnnealing(3e-3, 0.5, 10);
    VaeConfig base = VaeConfig.defaults().withLatentDim(20).withLatent(lc);
    int images = full ? Integer.MAX_VALUE : 10000;
    int epochs = full ? Runs.FULL_EPOCHS : 5;
    Dataset train = Traces.train(ctx, base, images);
    Dataset test = Traces.test(ctx, base, full ? 1000 : 500);
    int every = full ? 469 : 26;
    XYChart elbo = Charts.lines("Test ELBO of the discrete model (hard one-hot draws)", "training step", "nats per image");
    List<BufferedImage> grids = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    StringBuilder csv = new StringBuilder("estimator,step,temperature,train_bound,test_elbo\n");
    long lastStep = 0;
    int colour = 0;
    for (boolean st : new boolean[] {false, true}) {
      VaeConfig c = base.withLatent(lc.withStraightThrough(st));
      TrainConfig t = new TrainConfig(epochs, 128, 1e-3, ctx.seed(), 1.0, images);
      String label = st ? "straight-through" : "relaxed";
      Traces.Run r = Traces.run(label, c, t, train, test, every, 0, ctx.seed() + 23);
      Traces.line(elbo, label, r.steps(), r.testElbo(), colour++, false);
      grids.add(Plots.grid(Plots.generate(r.vae(), 64, true, Rng.of(ctx.seed() + 29)), 28, 28, 8));
      titles.add(String.format(Locale.ROOT, "%s: test ELBO %.1f", label, r.last().testElbo()));
      for (Traces.Point p : r.points()) {
        csv.append(String.format(Locale.ROOT, "%s,%d,%.6f,%.4f,%.4f%n", label, p.step(), lc.temperature(p.step() - 1),
            p.trainBound(), p.testElbo()));
      }
      lastStep = r.last().step();
    }
    int n = (int) lastStep;
    double[] steps = new double[n];
    double[] tau = new double[n];
    for (int i = 0; i < n; i++) {
      steps[i] = i;
      tau[i] = lc.temperature(i);
    }
    XYChart schedule = Charts.lines(String.format(Locale.ROOT, "Temperature: tau = max(%.1f, exp(-%.0e t)), every %d steps",
        lc.tauMin(), lc.tauRate(), lc.tauInterval()), "training step t", "tau");
    Charts.line(schedule, "tau", steps, tau);
    schedule.getStyler().setYAxisMin(0.0);
    schedule.getStyler().setYAxisMax(1.05);
    elbo.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
    AtomicFiles.writeString(ctx.file("gumbel-softmax.csv"), csv.toString());
    return List.of(Charts.saveImage(Runs.panels(grids, titles, 2), ctx.file("gumbel-samples.png")),
        Charts.savePng(schedule, ctx.file("gumbel-temperature.png")), Charts.savePng(elbo, ctx.file("gumbel-elbo.png")));
  }

  /** Renders this figure: {@code [--out DIR] [--seed N] [--full] [--data DIR]}. */
  public static void main(String[] args) throws Exception {
    FigureMain.run(new GumbelSoftmaxFigure(), args);
  }
}
