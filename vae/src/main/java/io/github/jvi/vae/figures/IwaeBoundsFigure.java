package io.github.jvi.vae.figures;

import io.github.jvi.core.io.AtomicFiles;
import io.github.jvi.core.plot.Charts;
import io.github.jvi.core.plot.Figure;
import io.github.jvi.core.plot.FigureContext;
import io.github.jvi.core.plot.FigureMain;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.data.Dataset;
import io.github.jvi.vae.eval.Evaluator;
import io.github.jvi.vae.model.VaeConfig;
import io.github.jvi.vae.objective.GradientEstimator;
import io.github.jvi.vae.objective.ObjectiveKind;
import io.github.jvi.vae.train.TrainConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;

/**
 * The VAE (k = 1) against IWAEs with k = 5 and 50 (Burda, Grosse &amp; Salakhutdinov 2016) on
 * binarised MNIST: the test-set ELBO and IWELBO_K over training iterations for each, and a table of
 * the final bounds with IWELBO_5000 as the log-likelihood estimate (full run).
 *
 * <p>Full run: the default network (784-512-512, d = 32), 20 epochs on 60000 images, Adam at
 * learning rate 1e-3, curves on 1000 test images with K = 100 every 469 steps, final IWELBO_5000
 * on 2000 test images. Quick run: hidden widths 256-256, d = 16, 3 epochs on 4000 images, curves
 * on 300 test images with K = 50, final IWELBO_500.
 */
public final class IwaeBoundsFigure implements Figure {
  @Override
  public String name() {
    return "iwae-bounds";
  }

  @Override
  public String caption() {
    return "VAE (k = 1) against IWAE (k = 5, 50) on binarised MNIST: test ELBO (solid) and IWELBO_K (dashed) over "
        + "training steps, and the final bounds (IWELBO_5000 in the full run). Training on the k-sample bound raises "
        + "the IWELBO and typically lowers the ELBO: the encoder is no longer trained to be a good single-sample "
        + "posterior. Quick runs use a smaller network for a few epochs and K = 50 / 500.";
  }

  @Override
  public List<Path> render(FigureContext ctx) {
    boolean full = ctx.full();
    VaeConfig c = full ? VaeConfig.defaults() : VaeConfig.defaults().withHidden(256, 256).withLatentDim(16);
    int images = full ? Integer.MAX_VALUE : 4000;
    int epochs = full ? Runs.FULL_EPOCHS : 3;
    Dataset train = Traces.train(ctx, c, images);
    Dataset test = Traces.test(ctx, c, full ? 1000 : 300);
    int every = full ? 469 : 16;
    int curveK = full ? 100 : 50;
    int finalK = full ? 5000 : 500;
    Dataset finalTest = full ? Traces.test(ctx, c, 2000) : test;
    XYChart chart = Charts.lines("Test bounds while training (nats per image)", "training step", "nats");
    List<String> lines = new ArrayList<>();
    String header = String.format(Locale.ROOT, "%-12s %10s %12s %12s %10s", "model", "test ELBO", "IWELBO_" + curveK,
        "IWELBO_" + finalK, "s/epoch");
    lines.add(header);
    lines.add("-".repeat(header.length()));
    StringBuilder csv = new StringBuilder("model,step,train_bound,test_elbo,test_iwelbo_" + curveK + "\n");
    int colour = 0;
    for (int k : new int[] {1, 5, 50}) {
      TrainConfig t = new TrainConfig(epochs, 128, 1e-3, ctx.seed(), 1.0, images)
          .withObjective(k == 1 ? ObjectiveKind.ELBO : ObjectiveKind.IWAE, k, GradientEstimator.STANDARD);
      String label = k == 1 ? "VAE" : "IWAE k=" + k;
      Traces.Run r = Traces.run(label, c, t, train, test, every, curveK, ctx.seed() + 11);
      Traces.line(chart, label + " ELBO", r.steps(), r.testElbo(), colour, false);
      Traces.line(chart, label + " IWELBO_" + curveK, r.steps(), r.testIwelbo(), colour, true);
      colour++;
      double iwFinal = Evaluator.iwelbo(r.vae(), finalTest, finalK, Rng.of(ctx.seed() + 13));
      double seconds = r.meanTrainSeconds();
      lines.add(String.format(Locale.ROOT, "%-12s %10.2f %12.2f %12.2f %10.1f", label, r.last().testElbo(),
          r.last().testIwelbo(), iwFinal, seconds));
      for (Traces.Point p : r.points()) {
        csv.append(String.format(Locale.ROOT, "%s,%d,%.4f,%.4f,%.4f%n", label, p.step(), p.trainBound(), p.testElbo(),
            p.testIwelbo()));
      }
    }
    lines.add("");
    lines.add(full ? "20 epochs on 60000 images; curves on 1000 test images, IWELBO_5000 on 2000"
        : "quick run: 3 epochs on 4000 images (MLP 256-256, d = 16); bounds on 300 test images");
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
    AtomicFiles.writeString(ctx.file("iwae-bounds.csv"), csv.toString());
    return List.of(Charts.savePng(chart, ctx.file("iwae-bounds.png")),
        Charts.saveImage(Runs.table("Final test bounds (nats per image)", lines), ctx.file("iwae-table.png")));
  }

  /** Renders this figure: {@code [--out DIR] [--seed N] [--full] [--data DIR]}. */
  public static void main(String[] args) throws Exception {
    FigureMain.run(new IwaeBoundsFigure(), args);
  }
}
