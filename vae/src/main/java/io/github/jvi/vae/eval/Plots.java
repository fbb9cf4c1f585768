package io.github.jvi.vae.eval;

import io.github.jvi.core.plot.Charts;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.data.Dataset;
import io.github.jvi.vae.model.Vae;
import io.github.jvi.vae.nn.Params;
import io.github.jvi.core.autodiff.Var;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Pictures of a trained VAE: draws x ~ p(x|z) and means E[x|z] for z ~ p(z) as image grids, and
 * the aggregate posterior (the posterior means of a labelled set) as a scatter plot coloured by
 * label, projected onto the two leading principal components when the latent width exceeds 2.
 */
public final class Plots {
  private Plots() {}

  /** {@code n} images [n, D]: samples of p(x|z), or their means when {@code mean}, for z ~ p(z). */
  public static INDArray generate(Vae vae, int n, boolean mean, Rng rng) {
    INDArray z = vae.prior().sample(vae.parameters().constants(), rng, n);
    return fromLatents(vae, z, mean, rng);
  }

  /** Images [n, D] for given latents z [n, d]: draws of p(x|z), or its means when {@code mean}. */
  public static INDArray fromLatents(Vae vae, INDArray z, boolean mean, Rng rng) {
    Params p = vae.parameters().constants();
    INDArray out = vae.decode(p, Var.constant(z.castTo(p.dataType()))).value();
    return mean ? vae.likelihood().mean(p, out) : vae.likelihood().sample(p, out, rng);
  }

  /** An image grid of the rows of {@code images} [n, rows * cols], {@code cols} per row, zoom 2. */
  public static BufferedImage grid(INDArray images, int rows, int cols, int perRow) {
    int n = (int) images.size(0);
    double[] flat = images.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    return Charts.imageGrid(Charts.rows(flat, n, rows * cols), rows, cols, perRow, 2);
  }

  /** Writes a grid of {@code n} generated images (samples or means) to a PNG file. */
  public static Path sampleGrid(Vae vae, int n, boolean mean, Rng rng, Path file) {
    INDArray images = generate(vae, n, mean, rng);
    return Charts.saveImage(grid(images, vae.config().rows(), vae.config().cols(), (int) Math.ceil(Math.sqrt(n))), file);
  }

  /** The posterior means of every example of {@code data}, [n, d]. */
  public static INDArray posteriorMeans(Vae vae, Dataset data, int batchSize) {
    Params p = vae.parameters().constants();
    List<INDArray> parts = new ArrayList<>();
    for (INDArray x : data.batches(batchSize, null)) {
      parts.add(vae.encode(p, x).mean().value().dup());
    }
    return org.nd4j.linalg.factory.Nd4j.concat(0, parts.toArray(new INDArray[0]));
  }

  /**
   * The rows of {@code z} [n, d] projected onto their two leading principal components (centred),
   * or {@code z} itself when d &lt;= 2 (padded with a zero column when d = 1); [n, 2] in float64.
   */
  public static double[][] project2d(INDArray z) {
    int n = (int) z.size(0);
    int d = (int) z.size(1);
    double[][] x = z.castTo(DataType.DOUBLE).toDoubleMatrix();
    double[][] out = new double[n][2];
    if (d <= 2) {
      for (int i = 0; i < n; i++) {
        out[i][0] = x[i][0];
        out[i][1] = d == 2 ? x[i][1] : 0;
      }
      return out;
    }
    double[] mean = new double[d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j] / n;
      }
    }
    double[][] cov = new double[d][d];
    for (double[] row : x) {
      for (int a = 0; a < d; a++) {
        double ca = row[a] - mean[a];
        for (int b = 0; b <= a; b++) {
          cov[a][b] += ca * (row[b] - mean[b]) / n;
        }
      }
    }
    for (int a = 0; a < d; a++) {
      for (int b = a + 1; b < d; b++) {
        cov[a][b] = cov[b][a];
      }
    }
    // eigenvalues in decreasing order (Hipparchus sorts them)
    EigenDecompositionSymmetric eig = new EigenDecompositionSymmetric(new Array2DRowRealMatrix(cov, false));
    double[] v1 = eig.getEigenvector(0).toArray();
    double[] v2 = eig.getEigenvector(1).toArray();
    for (int i = 0; i < n; i++) {
      double s1 = 0;
      double s2 = 0;
      for (int j = 0; j < d; j++) {
        double c = x[i][j] - mean[j];
        s1 += c * v1[j];
        s2 += c * v2[j];
      }
      out[i][0] = s1;
      out[i][1] = s2;
    }
    return out;
  }

  /** A scatter chart of 2-D points coloured by label (one series per label value 0..9). */
  public static XYChart labelledScatter(String title, double[][] points, int[] labels, boolean projected) {
    XYChart chart = Charts.scatter(title, projected ? "principal component 1" : "z1",
        projected ? "principal component 2" : "z2");
    chart.getStyler().setMarkerSize(3);
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
    int maxLabel = 0;
    for (int l : labels) {
      maxLabel = Math.max(maxLabel, l);
    }
    for (int c = 0; c <= maxLabel; c++) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] == c) {
          xs.add(points[i][0]);
          ys.add(points[i][1]);
        }
      }
      if (!xs.isEmpty()) {
        XYSeries s = chart.addSeries(Integer.toString(c), xs, ys);
        s.setMarkerColor(Charts.PALETTE[c % Charts.PALETTE.length]);
        s.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE);
      }
    }
    return chart;
  }

  /** Writes the aggregate posterior of {@code data} as a PNG scatter plot. */
  public static Path posteriorPlot(Vae vae, Dataset data, String title, Path file) {
    INDArray z = posteriorMeans(vae, data, 1000);
    boolean projected = z.size(1) > 2;
    return Charts.savePng(labelledScatter(title, project2d(z), data.labels(), projected), file);
  }
}
