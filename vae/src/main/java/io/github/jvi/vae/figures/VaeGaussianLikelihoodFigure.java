package io.github.jvi.vae.figures;

import io.github.jvi.core.plot.Charts;
import io.github.jvi.core.plot.Figure;
import io.github.jvi.core.plot.FigureContext;
import io.github.jvi.core.plot.FigureMain;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.eval.Plots;
import io.github.jvi.vae.model.VaeConfig;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gaussian likelihoods on continuous MNIST: for the same draws z ~ p(z), a sample x ~ p(x|z) next
 * to the mean E[x|z], with a learned per-pixel standard deviation and with one fixed standard
 * deviation (0.1).
 */
public final class VaeGaussianLikelihoodFigure implements Figure {
  @Override
  public String name() {
    return "vae-gaussian-likelihood";
  }

  @Override
  public String caption() {
    return "Gaussian likelihoods on continuous MNIST (d = 10): for the same z ~ p(z), samples x ~ p(x|z) (left) "
        + "against the means E[x|z] (right), with a learned per-pixel variance (top) and a fixed sigma = 0.1 "
        + "(bottom). The samples carry independent pixel noise that the means do not show; a learned variance adapts "
        + "the noise per pixel (it shrinks towards its floor of 0.01 on the always-white border as training goes on).";
  }

  @Override
  public List<Path> render(FigureContext ctx) {
    VaeConfig base = VaeConfig.defaults().withLatentDim(10);
    java.util.List<java.awt.image.BufferedImage> grids = new java.util.ArrayList<>();
    java.util.List<String> titles = new java.util.ArrayList<>();
    for (VaeConfig.LikelihoodKind lik : new VaeConfig.LikelihoodKind[] {
        VaeConfig.LikelihoodKind.GAUSSIAN, VaeConfig.LikelihoodKind.GAUSSIAN_FIXED}) {
      Runs.Trained t = Runs.train(ctx, base.withLikelihood(lik, 0.1), 12000, 5, 2000);
      INDArray z = t.vae().prior().sample(null, Rng.of(ctx.seed() + 3), 36).castTo(DataType.FLOAT);
      String label = lik == VaeConfig.LikelihoodKind.GAUSSIAN ? "learned variance" : "fixed sigma 0.1";
      grids.add(Plots.grid(Plots.fromLatents(t.vae(), z, false, Rng.of(ctx.seed() + 4)), 28, 28, 6));
      titles.add(label + ": samples");
      grids.add(Plots.grid(Plots.fromLatents(t.vae(), z, true, Rng.of(ctx.seed() + 4)), 28, 28, 6));
      titles.add(label + ": means");
    }
    return List.of(Charts.saveImage(Runs.panels(grids, titles, 2), ctx.file("samples-vs-means.png")));
  }

  /** Renders this figure: {@code [--out DIR] [--seed N] [--full] [--data DIR]}. */
  public static void main(String[] args) throws Exception {
    FigureMain.run(new VaeGaussianLikelihoodFigure(), args);
  }
}
