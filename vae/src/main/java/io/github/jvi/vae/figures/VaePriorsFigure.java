package io.github.jvi.vae.figures;

import io.github.jvi.core.plot.Charts;
import io.github.jvi.core.plot.Figure;
import io.github.jvi.core.plot.FigureContext;
import io.github.jvi.core.plot.FigureMain;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.eval.Plots;
import io.github.jvi.vae.model.VaeConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A VAE with a standard Gaussian prior against one with a learnable mixture-of-Gaussians prior
 * (10 components), latent dimension 10, Bernoulli likelihood on binarised MNIST: means of p(x|z)
 * for z drawn from each prior, and the aggregate posterior of the test set (posterior means,
 * projected onto their two principal components, coloured by digit).
 */
public final class VaePriorsFigure implements Figure {
  @Override
  public String name() {
    return "vae-priors";
  }

  @Override
  public String caption() {
    return "VAE on binarised MNIST (d = 10, MLP 512-512, Bernoulli): means of p(x|z) for z from a standard Gaussian "
        + "prior and from a learnable 10-component mixture-of-Gaussians prior, and the aggregate posterior of the "
        + "test set (posterior means, PCA to 2-D, coloured by digit) for each. The mixture prior's samples land on "
        + "the clusters the encoder forms; the Gaussian prior asks the aggregate posterior to fill one round blob.";
  }

  @Override
  public List<Path> render(FigureContext ctx) {
    VaeConfig base = VaeConfig.defaults().withLatentDim(10);
    List<java.awt.image.BufferedImage> grids = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    List<Path> posteriors = new ArrayList<>();
    for (VaeConfig.PriorKind prior : VaeConfig.PriorKind.values()) {
      Runs.Trained t = Runs.train(ctx, base.withPrior(prior, 10), 12000, 5, 3000);
      String label = prior == VaeConfig.PriorKind.GAUSSIAN ? "Gaussian prior" : "MoG prior (10)";
      grids.add(Plots.grid(Plots.generate(t.vae(), 64, true, Rng.of(ctx.seed() + 2)), 28, 28, 8));
      titles.add(String.format("%s: test ELBO %.1f", label, t.test().elbo()));
      posteriors.add(Plots.posteriorPlot(t.vae(), t.testSet(), "aggregate posterior, " + label + " (PCA of d = 10)",
          ctx.file("posterior-" + prior.id() + ".png")));
    }
    files.add(Charts.saveImage(Runs.panels(grids, titles, 2), ctx.file("samples.png")));
    files.addAll(posteriors);
    return files;
  }

  /** Renders this figure: {@code [--out DIR] [--seed N] [--full] [--data DIR]}. */
  public static void main(String[] args) throws Exception {
    FigureMain.run(new VaePriorsFigure(), args);
  }
}
