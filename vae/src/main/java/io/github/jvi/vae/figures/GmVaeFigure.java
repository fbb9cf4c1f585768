package io.github.jvi.vae.figures;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.plot.Charts;
import io.github.jvi.core.plot.Figure;
import io.github.jvi.core.plot.FigureContext;
import io.github.jvi.core.plot.FigureMain;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.data.Dataset;
import io.github.jvi.vae.eval.Plots;
import io.github.jvi.vae.model.GmPosterior;
import io.github.jvi.vae.model.GmPrior;
import io.github.jvi.vae.model.LatentConfig;
import io.github.jvi.vae.model.Vae;
import io.github.jvi.vae.model.VaeConfig;
import io.github.jvi.vae.nn.Params;
import io.github.jvi.vae.train.TrainConfig;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The Gaussian-mixture VAE p(y) p(w|y) p(x|w) on binarised MNIST, y uniform over 10 components, w in
 * R^2: the posterior means of w for test images coloured by digit with the learned component means,
 * decoder means for draws of w from each component (one row per component), and the test ELBO with
 * its three terms. The cluster accuracy assigns each test image to argmax_y q(y | w = mu(x), x)
 * and each cluster to its most frequent digit.
 *
 * <p>Full run: MLP 512-512, 20 epochs on 60000 images, Adam at 1e-3; the plots use 5000 test
 * images. Quick run: 5 epochs on 10000 images, 2000 test images.
 */
public final class GmVaeFigure implements Figure {
  private static final int COMPONENTS = 10;

  @Override
  public String name() {
    return "gm-vae";
  }

  @Override
  public String caption() {
    return "Gaussian-mixture VAE (10 components, w in R^2) on binarised MNIST: posterior means of w coloured by digit "
        + "with the learned component means (black), decoder means for w drawn from each component (one row each), and "
        + "the test ELBO = reconstruction - conditional prior term - KL(q(y|w,x) || p(y)); cluster accuracy maps "
        + "each component to its most frequent digit.";
  }

  @Override
  public List<Path> render(FigureContext ctx) {
    boolean full = ctx.full();
    VaeConfig c = VaeConfig.defaults().withLatentDim(2).withPrior(VaeConfig.PriorKind.GAUSSIAN, COMPONENTS)
        .withLatent(LatentConfig.defaults().withKind(LatentConfig.Kind.GM));
    int images = full ? Integer.MAX_VALUE : 10000;
    Dataset train = Traces.train(ctx, c, images);
    Dataset test = Traces.test(ctx, c, full ? 5000 : 2000);
    TrainConfig t = new TrainConfig(full ? Runs.FULL_EPOCHS : 5, 128, 1e-3, ctx.seed(), 1.0, images);
    Traces.Run r = Traces.run("GM-VAE", c, t, train, test, Integer.MAX_VALUE, 0, ctx.seed() + 31);
    Vae vae = r.vae();
    Params p = vae.parameters().constants();
    GmPrior prior = (GmPrior) vae.prior();
    // posterior means, cluster assignments and the ELBO's three terms on the test set
    GmPosterior q = (GmPosterior) vae.encode(p, test.images());
    INDArray mu = q.mean().value();
    int[] cluster = q.componentLogits(q.mean()).value().argMax(1).toIntVector();
    double accuracy = clusterAccuracy(cluster, test.labels());
    Var draw = q.rsample(Rng.of(ctx.seed() + 37));
    GmPrior.Terms terms = prior.terms(p, q, draw);
    double reconstruction = vae.likelihood().logProb(p, vae.decode(p, draw), test.images()).value().meanNumber()
        .doubleValue();
    double conditional = terms.conditional().value().meanNumber().doubleValue();
    double component = terms.component().value().meanNumber().doubleValue();
    double elbo = reconstruction - conditional - component;
    // scatter with the component means
    XYChart chart = Plots.labelledScatter(String.format(Locale.ROOT,
        "GM-VAE posterior means of w (test ELBO %.1f, cluster accuracy %.2f)", elbo, accuracy),
        mu.castTo(DataType.DOUBLE).toDoubleMatrix(), test.labels(), false);
    INDArray means = vae.parameters().value(vae.parameters().indexOf("prior.means"));
    XYSeries m = chart.addSeries("component means", means.getColumn(0).toDoubleVector(), means.getColumn(1).toDoubleVector());
    m.setMarker(SeriesMarkers.CROSS);
    m.setMarkerColor(Color.BLACK);
    chart.getStyler().setMarkerSize(4);
    List<Path> files = new ArrayList<>();
    files.add(Charts.savePng(chart, ctx.file("gm-clusters.png")));
    // decoder means for 10 draws from each component
    INDArray logScales = vae.parameters().value(vae.parameters().indexOf("prior.logScales"));
    int per = 10;
    INDArray w = Nd4j.create(means.dataType(), (long) COMPONENTS * per, 2);
    INDArray eps = Rng.of(ctx.seed() + 41).normal(means.dataType(), (long) COMPONENTS * per, 2);
    for (int y = 0; y < COMPONENTS; y++) {
      for (int j = 0; j < per; j++) {
        w.putRow(y * per + j, eps.getRow(y * per + j).mul(Transforms.exp(logScales.getRow(y), true)).addi(means.getRow(y)));
      }
    }
    INDArray images10 = vae.likelihood().mean(p, vae.decode(p, Var.constant(w)).value());
    files.add(Charts.saveImage(Runs.panels(List.of(Plots.grid(images10, 28, 28, per)),
        List.of("decoder means of w ~ p(w|y), one row per component y"), 1), ctx.file("gm-components.png")));
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "test ELBO                                   %9.2f", elbo));
    lines.add(String.format(Locale.ROOT, "  E_q[log p(x|w)]                           %9.2f", reconstruction));
    lines.add(String.format(Locale.ROOT, "  - E_q[sum_y q(y|w,x) log q(w|x)/p(w|y)]   %9.2f", -conditional));
    lines.add(String.format(Locale.ROOT, "  - E_q[KL(q(y|w,x) || p(y))]               %9.2f", -component));
    lines.add(String.format(Locale.ROOT, "cluster accuracy (majority digit per component) %5.3f", accuracy));
    lines.add("");
    lines.add(full ? "20 epochs on 60000 images; 5000 test images"
        : "quick run: 5 epochs on 10000 images; 2000 test images");
    lines.add("(one draw of w per image for all three terms; y summed exactly)");
    files.add(Charts.saveImage(Runs.table("GM-VAE: the ELBO's three terms (nats per image)", lines), ctx.file("gm-terms.png")));
    return files;
  }

  /** The fraction of examples whose cluster's most frequent label is their own. */
  static double clusterAccuracy(int[] cluster, int[] labels) {
    int maxC = 0;
    int maxL = 0;
    for (int i = 0; i < cluster.length; i++) {
      maxC = Math.max(maxC, cluster[i]);
      maxL = Math.max(maxL, labels[i]);
    }
    int[][] counts = new int[maxC + 1][maxL + 1];
    for (int i = 0; i < cluster.length; i++) {
      counts[cluster[i]][labels[i]]++;
    }
    int hits = 0;
    for (int[] row : counts) {
      int best = 0;
      for (int v : row) {
        best = Math.max(best, v);
      }
      hits += best;
    }
    return hits / (double) cluster.length;
  }

  /** Renders this figure: {@code [--out DIR] [--seed N] [--full] [--data DIR]}. */
  public static void main(String[] args) throws Exception {
    FigureMain.run(new GmVaeFigure(), args);
  }
}
