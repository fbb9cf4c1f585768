package io.github.jvi.vae.figures;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.plot.Charts;
import io.github.jvi.core.plot.Figure;
import io.github.jvi.core.plot.FigureContext;
import io.github.jvi.core.plot.FigureMain;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.data.Dataset;
import io.github.jvi.vae.eval.Evaluator;
import io.github.jvi.vae.eval.Plots;
import io.github.jvi.vae.model.GaussianPosterior;
import io.github.jvi.vae.model.HierarchicalPrior;
import io.github.jvi.vae.model.LatentConfig;
import io.github.jvi.vae.model.Vae;
import io.github.jvi.vae.model.VaeConfig;
import io.github.jvi.vae.nn.Params;
import io.github.jvi.vae.train.TrainConfig;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The two-level VAE p(x|z1) p(z1|z2) p(z2) (z1 in R^32, z2 in R^16) on binarised MNIST, trained on
 * E_Q[ln p(x|z1) - ln q(z1|x)/p(z1|z2) - KL(q(z2|z1) || p(z2))], next to a one-level VAE with the
 * same networks (z in R^32): decoder means for ancestral draws z2 ~ N(0, I), z1 ~ p(z1|z2), and,
 * to show what each level carries, draws with z2 fixed per row and z1 ~ p(z1|z2) varying along it.
 * Titles give the test ELBO and IWELBO_100.
 *
 * <p>Full run: MLP 512-512, 20 epochs on 60000 images, Adam at 1e-3, bounds on 2000 test images.
 * Quick run: 5 epochs on 10000 images, bounds on 500 test images.
 */
public final class HierarchicalVaeFigure implements Figure {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HierarchicalVaeFigure.class);

  @Override
  public String name() {
    return "hierarchical-vae";
  }

  @Override
  public String caption() {
    return "Two-level VAE p(x|z1) p(z1|z2) p(z2) with bottom-up q(z1|x) q(z2|z1) on binarised MNIST against a one-level "
        + "VAE with the same networks (z1, z in R^32, z2 in R^16): decoder means for ancestral samples, and for one "
        + "draw of z2 per row with z1 ~ p(z1|z2) varying along it; titles give test ELBO and IWELBO_100.";
  }

  @Override
  public List<Path> render(FigureContext ctx) {
    boolean full = ctx.full();
    VaeConfig flat = VaeConfig.defaults();
    VaeConfig two = flat.withLatent(LatentConfig.defaults().withKind(LatentConfig.Kind.HIERARCHICAL).withTopDim(16));
    int images = full ? Integer.MAX_VALUE : 10000;
    Dataset train = Traces.train(ctx, flat, images);
    Dataset test = Traces.test(ctx, flat, full ? 2000 : 500);
    List<BufferedImage> grids = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    for (VaeConfig c : List.of(two, flat)) {
      boolean hierarchical = c == two;
      TrainConfig t = new TrainConfig(full ? Runs.FULL_EPOCHS : 5, 128, 1e-3, ctx.seed(), 1.0, images);
      String label = hierarchical ? "two-level" : "one-level";
      Traces.Run r = Traces.run(label, c, t, train, test, Integer.MAX_VALUE, 0, ctx.seed() + 43);
      double iw = Evaluator.iwelbo(r.vae(), test, 100, Rng.of(ctx.seed() + 47));
      grids.add(Plots.grid(Plots.generate(r.vae(), 64, true, Rng.of(ctx.seed() + 53)), 28, 28, 8));
      titles.add(String.format(Locale.ROOT, "%s: ELBO %.1f, IWELBO_100 %.1f", label, r.last().testElbo(), iw));
      LOG.info("{}: test ELBO {}, IWELBO_100 {}", label, r.last().testElbo(), iw);
      if (hierarchical) {
        grids.add(Plots.grid(fixedTop(r.vae(), 8, 8, ctx.seed() + 59), 28, 28, 8));
        titles.add("two-level: one z2 per row");
      }
    }
    return List.of(Charts.saveImage(Runs.panels(grids, titles, 3), ctx.file("hierarchical-samples.png")));
  }

  /** Decoder means for {@code rows} draws of z2, each with {@code cols} draws of z1 ~ p(z1|z2). */
  static INDArray fixedTop(Vae vae, int rows, int cols, long seed) {
    Params p = vae.parameters().constants();
    HierarchicalPrior prior = (HierarchicalPrior) vae.prior();
    int d2 = vae.config().latent().topDim();
    Rng rng = Rng.of(seed);
    // row r of the grid: images r * cols ... r * cols + cols - 1 share draw r of z2
    INDArray z2 = Nd4j.tile(rng.normal(p.dataType(), rows, 1, d2), 1, cols, 1).reshape(rows * cols, d2);
    GaussianPosterior cond = prior.conditional(p, Var.constant(z2));
    INDArray z1 = cond.rsample(rng).value();
    INDArray z = Nd4j.concat(1, z1, z2);
    return vae.likelihood().mean(p, vae.decode(p, Var.constant(z)).value());
  }

  /** Renders this figure: {@code [--out DIR] [--seed N] [--full] [--data DIR]}. */
  public static void main(String[] args) throws Exception {
    FigureMain.run(new HierarchicalVaeFigure(), args);
  }
}
