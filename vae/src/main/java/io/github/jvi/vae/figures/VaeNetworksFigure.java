package io.github.jvi.vae.figures;

import io.github.jvi.core.plot.Charts;
import io.github.jvi.core.plot.Figure;
import io.github.jvi.core.plot.FigureContext;
import io.github.jvi.core.plot.FigureMain;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.eval.Plots;
import io.github.jvi.vae.model.VaeConfig;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Fully connected against convolutional encoder and decoder: samples and means for the same z. */
public final class VaeNetworksFigure implements Figure {
  @Override
  public String name() {
    return "vae-mlp-vs-cnn";
  }

  @Override
  public String caption() {
    return "MLP (512-512) against CNN (two stride-2 4x4 convolutions, 32 and 64 channels in the full run, 16 and 32 "
        + "in the quick one, mirrored by transposed convolutions) encoder and decoder, d = 10, Bernoulli likelihood: "
        + "means of p(x|z) and binary samples x ~ p(x|z) for the same z ~ N(0, I), with each model's test ELBO.";
  }

  @Override
  public List<Path> render(FigureContext ctx) {
    VaeConfig base = VaeConfig.defaults().withLatentDim(10);
    INDArray z = Rng.of(ctx.seed() + 5).normal(DataType.FLOAT, 36, 10);
    List<BufferedImage> grids = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    // quick runs use a narrower CNN (16 and 32 channels) so that it sees as many images as the MLP
    VaeConfig cnn = base.withHidden(ctx.full() ? new int[] {32, 64} : new int[] {16, 32}).withNet(VaeConfig.Net.CNN);
    for (VaeConfig c : new VaeConfig[] {base, cnn}) {
      Runs.Trained t = Runs.train(ctx, c, 12000, 5, 2000);
      String label = c.net().id().toUpperCase(java.util.Locale.ROOT);
      grids.add(Plots.grid(Plots.fromLatents(t.vae(), z, true, Rng.of(ctx.seed() + 6)), 28, 28, 6));
      titles.add(String.format("%s means (test ELBO %.1f)", label, t.test().elbo()));
      grids.add(Plots.grid(Plots.fromLatents(t.vae(), z, false, Rng.of(ctx.seed() + 6)), 28, 28, 6));
      titles.add(label + " samples");
    }
    return List.of(Charts.saveImage(Runs.panels(grids, titles, 2), ctx.file("mlp-vs-cnn.png")));
  }

  /** Renders this figure: {@code [--out DIR] [--seed N] [--full] [--data DIR]}. */
  public static void main(String[] args) throws Exception {
    FigureMain.run(new VaeNetworksFigure(), args);
  }
}
