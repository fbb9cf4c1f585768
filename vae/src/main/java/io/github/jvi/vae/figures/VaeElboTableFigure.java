package io.github.jvi.vae.figures;

import io.github.jvi.core.io.AtomicFiles;
import io.github.jvi.core.plot.Charts;
import io.github.jvi.core.plot.Figure;
import io.github.jvi.core.plot.FigureContext;
import io.github.jvi.core.plot.FigureMain;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.eval.Evaluator;
import io.github.jvi.vae.model.VaeConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Test-set ELBO, its terms and IWELBO_K for each model variant, as a table (PNG and CSV). */
public final class VaeElboTableFigure implements Figure {
  @Override
  public String name() {
    return "vae-elbo-table";
  }

  @Override
  public String caption() {
    return "Test-set bounds (nats per image) of VAE variants on MNIST, d = 32: ELBO, its reconstruction and KL "
        + "terms, and the importance-weighted IWELBO_K, which is tighter. Bernoulli rows are log-probabilities of "
        + "binarised images; the continuous rows are densities of v/255 and are not comparable with them.";
  }

  private static final int QUICK_EPOCHS = 3;

  private record Variant(String label, VaeConfig config, int quickImages) {}

  @Override
  public List<Path> render(FigureContext ctx) {
    VaeConfig base = VaeConfig.defaults();
    List<Variant> variants = List.of(
        new Variant("MLP, Gaussian prior, Bernoulli", base, 10000),
        new Variant("MLP, MoG prior (10), Bernoulli", base.withPrior(VaeConfig.PriorKind.MOG, 10), 10000),
        new Variant(ctx.full() ? "CNN (32-64), Gaussian prior, Bernoulli" : "CNN (16-32), Gaussian prior, Bernoulli",
            base.withHidden(ctx.full() ? new int[] {32, 64} : new int[] {16, 32}).withNet(VaeConfig.Net.CNN), 10000),
        new Variant("MLP, Gaussian prior, continuous Bernoulli", base.withLikelihood(VaeConfig.LikelihoodKind.CB, 0.1), 10000),
        new Variant("MLP, Gaussian prior, Gaussian (fixed 0.1)",
            base.withLikelihood(VaeConfig.LikelihoodKind.GAUSSIAN_FIXED, 0.1), 10000));
    int k = ctx.full() ? 100 : 50;
    int iwImages = ctx.full() ? 10000 : 500;
    List<String> lines = new ArrayList<>();
    String header = String.format(Locale.ROOT, "%-44s %9s %9s %8s %11s", "variant", "ELBO", "recon", "KL", "IWELBO_" + k);
    lines.add(header);
    lines.add("-".repeat(header.length()));
    StringBuilder csv = new StringBuilder("variant,test_elbo,reconstruction,kl,test_iwelbo,iw_samples,epochs,train_images\n");
    for (Variant v : variants) {
      Runs.Trained t = Runs.train(ctx, v.config(), v.quickImages(), QUICK_EPOCHS, 2000);
      double iw = Evaluator.iwelbo(t.vae(), t.testSet().head(iwImages), k, Rng.of(ctx.seed() + 7));
      lines.add(String.format(Locale.ROOT, "%-44s %9.2f %9.2f %8.2f %11.2f", v.label(), t.test().elbo(),
          t.test().reconstruction(), t.test().kl(), iw));
      csv.append(String.format(Locale.ROOT, "%s,%.4f,%.4f,%.4f,%.4f,%d,%d,%d%n", v.label().replace(',', ';'),
          t.test().elbo(), t.test().reconstruction(), t.test().kl(), iw, k,
          ctx.full() ? Runs.FULL_EPOCHS : QUICK_EPOCHS, ctx.full() ? 60000 : v.quickImages()));
    }
    lines.add("");
    lines.add(ctx.full() ? "20 epochs on 60000 images; ELBO on 10000 test images, IWELBO on all of them"
        : "quick run: " + QUICK_EPOCHS + " epochs on " + variants.get(0).quickImages()
            + " images; ELBO on 2000 test images, IWELBO on " + iwImages);
    Path csvFile = ctx.file("elbo-table.csv");
    AtomicFiles.writeString(csvFile, csv.toString());
    return List.of(Charts.saveImage(Runs.table("Test-set bounds of VAE variants (nats per image)", lines),
        ctx.file("elbo-table.png")));
  }

  /** Renders this figure: {@code [--out DIR] [--seed N] [--full] [--data DIR]}. */
  public static void main(String[] args) throws Exception {
    FigureMain.run(new VaeElboTableFigure(), args);
  }
}
