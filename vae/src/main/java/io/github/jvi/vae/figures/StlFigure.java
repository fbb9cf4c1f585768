package io.github.jvi.vae.figures;

import io.github.jvi.core.autodiff.Gradients;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.io.AtomicFiles;
import io.github.jvi.core.plot.Charts;
import io.github.jvi.core.plot.Figure;
import io.github.jvi.core.plot.FigureContext;
import io.github.jvi.core.plot.FigureMain;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.data.Dataset;
import io.github.jvi.vae.model.Vae;
import io.github.jvi.vae.model.VaeConfig;
import io.github.jvi.vae.nn.Params;
import io.github.jvi.vae.objective.GradientEstimator;
import io.github.jvi.vae.objective.Objective;
import io.github.jvi.vae.objective.ObjectiveKind;
import io.github.jvi.vae.train.TrainConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The standard gradient against sticking the landing (Roeder, Wu &amp; Duvenaud 2017), for the ELBO
 * and for the IWAE bound with k = 5, on binarised MNIST: the test bound each model is trained on
 * over training steps (same seed, same data order, same initial weights), and the variance of the
 * encoder's gradient at the end of training (sum over encoder parameters of the variance across 30
 * independent draws on one fixed batch of 128 test images, each estimator evaluated at the same
 * weights).
 *
 * <p>Full run: the default network (784-512-512, d = 32), 20 epochs on 60000 images, Adam at
 * learning rate 1e-3, curves on 1000 test images. Quick run: 256-256, d = 16, 3 epochs on 4000
 * images, curves on 300 test images.
 */
public final class StlFigure implements Figure {
  @Override
  public String name() {
    return "stl-vs-standard";
  }

  @Override
  public String caption() {
    return "Standard against sticking-the-landing (STL) gradients: the test ELBO of VAEs trained on the ELBO, and the "
        + "test IWELBO_5 of IWAEs (k = 5), over training steps, from the same initial weights and data order; the table "
        + "gives the variance of the encoder gradient after training for both estimators at the same weights. STL "
        + "drops the score term, whose variance does not vanish as q approaches the posterior; for k > 1 it is biased.";
  }

  @Override
  public List<Path> render(FigureContext ctx) {
    boolean full = ctx.full();
    VaeConfig c = full ? VaeConfig.defaults() : VaeConfig.defaults().withHidden(256, 256).withLatentDim(16);
    int images = full ? Integer.MAX_VALUE : 4000;
    int epochs = full ? Runs.FULL_EPOCHS : 3;
    Dataset train = Traces.train(ctx, c, images);
    Dataset test = Traces.test(ctx, c, full ? 1000 : 300);
    INDArray batch = test.images().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, Math.min(128, test.size())),
        org.nd4j.linalg.indexing.NDArrayIndex.all());
    int every = full ? 469 : 16;
    XYChart elboChart = Charts.lines("ELBO training: test ELBO", "training step", "nats per image");
    XYChart iwaeChart = Charts.lines("IWAE (k = 5) training: test IWELBO_5", "training step", "nats per image");
    List<String> lines = new ArrayList<>();
    String header = String.format(Locale.ROOT, "%-20s %10s %10s %20s %20s", "model", "test ELBO", "IWELBO_5",
        "var(grad) standard", "var(grad) STL");
    lines.add(header);
    lines.add("-".repeat(header.length()));
    StringBuilder csv = new StringBuilder("model,estimator,step,train_bound,test_elbo,test_iwelbo_5\n");
    for (int k : new int[] {1, 5}) {
      int colour = 0;
      for (GradientEstimator e : GradientEstimator.values()) {
        TrainConfig t = new TrainConfig(epochs, 128, 1e-3, ctx.seed(), 1.0, images)
            .withObjective(k == 1 ? ObjectiveKind.ELBO : ObjectiveKind.IWAE, k, e);
        String model = k == 1 ? "VAE" : "IWAE k=5";
        Traces.Run r = Traces.run(model + " " + e.id(), c, t, train, test, every, 5, ctx.seed() + 17);
        XYChart chart = k == 1 ? elboChart : iwaeChart;
        Traces.line(chart, e.id(), r.steps(), k == 1 ? r.testElbo() : r.testIwelbo(), colour++, false);
        Objective standard = t.withObjective(t.objective(), k, GradientEstimator.STANDARD).makeObjective();
        Objective stl = t.withObjective(t.objective(), k, GradientEstimator.STL).makeObjective();
        lines.add(String.format(Locale.ROOT, "%-20s %10.2f %10.2f %20.4g %20.4g", model + ", " + e.id(),
            r.last().testElbo(), r.last().testIwelbo(), encoderGradientVariance(r.vae(), standard, batch, ctx.seed()),
            encoderGradientVariance(r.vae(), stl, batch, ctx.seed())));
        for (Traces.Point p : r.points()) {
          csv.append(String.format(Locale.ROOT, "%s,%s,%d,%.4f,%.4f,%.4f%n", model, e.id(), p.step(), p.trainBound(),
              p.testElbo(), p.testIwelbo()));
        }
      }
    }
    lines.add("");
    lines.add("var(grad): sum over encoder parameters of the gradient's variance over 30 draws, one batch of 128");
    lines.add(full ? "20 epochs on 60000 images; bounds on 1000 test images"
        : "quick run: 3 epochs on 4000 images (MLP 256-256, d = 16); bounds on 300 test images");
    elboChart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
    iwaeChart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
    AtomicFiles.writeString(ctx.file("stl.csv"), csv.toString());
    return List.of(Charts.savePng(elboChart, ctx.file("stl-elbo.png")), Charts.savePng(iwaeChart, ctx.file("stl-iwae.png")),
        Charts.saveImage(Runs.table("Standard against STL gradients", lines), ctx.file("stl-table.png")));
  }

  /** Sum over encoder parameters of the variance of d loss / d parameter across 30 draws on {@code x}. */
  static double encoderGradientVariance(Vae vae, Objective o, INDArray x, long seed) {
    List<Var> leaves = vae.parameters().leafList();
    List<Integer> encoder = new ArrayList<>();
    for (int i = 0; i < leaves.size(); i++) {
      if (vae.parameters().name(i).startsWith("encoder")) {
        encoder.add(i);
      }
    }
    int draws = 30;
    INDArray[] sum = new INDArray[encoder.size()];
    INDArray[] sumSq = new INDArray[encoder.size()];
    for (int s = 0; s < draws; s++) {
      Gradients g = Gradients.of(o.estimate(vae, Params.of(leaves), x, Rng.of(seed * 7919 + s)).loss());
      for (int j = 0; j < encoder.size(); j++) {
        INDArray gj = g.get(leaves.get(encoder.get(j))).castTo(DataType.DOUBLE);
        sum[j] = sum[j] == null ? gj.dup() : sum[j].addi(gj);
        sumSq[j] = sumSq[j] == null ? gj.mul(gj) : sumSq[j].addi(gj.mul(gj));
      }
    }
    double total = 0;
    for (int j = 0; j < encoder.size(); j++) {
      INDArray mean = sum[j].div(draws);
      total += sumSq[j].div(draws).subi(mean.mul(mean)).sumNumber().doubleValue() * draws / (draws - 1.0);
    }
    return total;
  }

  /** Renders this figure: {@code [--out DIR] [--seed N] [--full] [--data DIR]}. */
  public static void main(String[] args) throws Exception {
    FigureMain.run(new StlFigure(), args);
  }
}
