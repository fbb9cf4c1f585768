package io.github.jvi.vi.figures;

import io.github.jvi.core.distribution.NormalGamma;
import io.github.jvi.core.plot.Charts;
import io.github.jvi.core.plot.Figure;
import io.github.jvi.core.plot.FigureContext;
import io.github.jvi.core.plot.FigureMain;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.cavi.CaviOptions;
import io.github.jvi.vi.cavi.NormalGammaFit;
import io.github.jvi.vi.cavi.NormalGammaModel;
import io.github.jvi.vi.cavi.NormalGammaParams;
import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Contours of the mean-field q(mu) q(tau) against the exact NormalGamma posterior for N = 10 and
 * N = 100 draws (Bishop 2006, figure 10.4): the regions of highest density holding 39%, 86% and 99%
 * of the mass (the 1, 2, 3 standard-deviation ellipses of a 2-D Gaussian), each computed from the
 * density tabulated on a grid.
 */
public final class CaviNormalGammaFigure implements Figure {
  private static final double[] MASSES = {0.393, 0.865, 0.989};

  @Override
  public String name() {
    return "cavi-normal-gamma";
  }

  @Override
  public String caption() {
    return "Normal-Gamma model, data from N(mu = 1, 1/tau = 1/2): contours of the mean-field q(mu) q(tau) "
        + "(solid) against the exact NormalGamma posterior (dashed) for N = 10 and N = 100, enclosing 39%, 86% "
        + "and 99% of the mass; the cross marks the true (mu, tau). The factorised q misses the dependence "
        + "between mu and tau (the exact posterior spreads out in mu where tau is small); the two agree more "
        + "closely, and concentrate, as N grows.";
  }

  @Override
  public List<Path> render(FigureContext ctx) throws Exception {
    NormalGammaModel model = NormalGammaModel.of(0, 1, 1, 1);
    double mu = 1;
    double tau = 2;
    Rng rng = Rng.of(ctx.seed());
    double[] all = NormalGammaModel.simulate(mu, tau, 100, rng).x();
    int grid = ctx.full() ? 400 : 200;
    List<XYChart> charts = new ArrayList<>();
    for (int n : new int[] {10, 100}) {
      double[] x = java.util.Arrays.copyOf(all, n);
      NormalGammaFit q = model.fit(x, CaviOptions.defaults());
      NormalGammaParams post = model.posterior(x);
      // window: the exact posterior's mean +- 4 standard deviations in mu, and its tau range
      double sdMu = Math.sqrt(post.b() / (post.lambda() * (post.a() - 1)));
      double sdTau = Math.sqrt(post.a()) / post.b();
      double[] mus = linspace(post.mu() - 4 * sdMu, post.mu() + 4 * sdMu, grid);
      double[] taus = linspace(Math.max(1e-6, post.meanTau() - 3.5 * sdTau), post.meanTau() + 5 * sdTau, grid);
      XYChart chart = Charts.lines("N = " + n, "mu", "tau");
      chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
      addContours(chart, "q(mu) q(tau)", mus, taus, grid(mus, taus, q::logDensity), Charts.PALETTE[0], null);
      addContours(chart, "exact posterior", mus, taus, gridLogDensity(post.distribution(), mus, taus),
          Charts.PALETTE[3], new float[] {7f, 5f});
      XYSeries truth = chart.addSeries("true (mu, tau)", new double[] {mu}, new double[] {tau});
      truth.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      truth.setMarker(new CaviPlots.Sized(SeriesMarkers.CROSS, 14));
      truth.setMarkerColor(Color.BLACK);
      chart.getStyler().setXAxisMin(mus[0]).setXAxisMax(mus[grid - 1]);
      chart.getStyler().setYAxisMin(taus[0]).setYAxisMax(taus[grid - 1]);
      charts.add(chart);
    }
    return List.of(Charts.saveImage(CaviPlots.row(charts), ctx.file("normal-gamma-contours.png")));
  }

  /** A log-density tabulated on the grid, z[i][j] at (xs[i], ys[j]). */
  private static double[][] grid(double[] xs, double[] ys, DoubleBinaryOperator logDensity) {
    double[][] z = new double[xs.length][ys.length];
    for (int i = 0; i < xs.length; i++) {
      for (int j = 0; j < ys.length; j++) {
        z[i][j] = logDensity.applyAsDouble(xs[i], ys[j]);
      }
    }
    return z;
  }

  /** The log-density of inference-core's NormalGamma on the grid, in one batched call. */
  private static double[][] gridLogDensity(NormalGamma ng, double[] xs, double[] ys) {
    double[][] pts = new double[xs.length * ys.length][];
    for (int i = 0; i < xs.length; i++) {
      for (int j = 0; j < ys.length; j++) {
        pts[i * ys.length + j] = new double[] {xs[i], ys[j]};
      }
    }
    double[] lp = ng.logProb(Nd4j.createFromArray(pts)).value().castTo(DataType.DOUBLE).toDoubleVector();
    double[][] z = new double[xs.length][ys.length];
    for (int i = 0; i < xs.length; i++) {
      System.arraycopy(lp, i * ys.length, z[i], 0, ys.length);
    }
    return z;
  }

  private static void addContours(XYChart chart, String name, double[] xs, double[] ys, double[][] z,
      Color color, float[] dash) {
    double max = Double.NEGATIVE_INFINITY;
    for (double[] row : z) {
      for (double v : row) {
        max = Math.max(max, v);
      }
    }
    for (double[] row : z) {
      for (int j = 0; j < row.length; j++) {
        row[j] = Math.exp(row[j] - max);
      }
    }
    double[] levels = CaviPlots.massLevels(z, MASSES);
    boolean first = true;
    for (double level : levels) {
      for (double[][] raw : CaviPlots.contour(xs, ys, z, level)) {
        double[][] line = CaviPlots.thin(raw, xs[xs.length - 1] - xs[0], ys[ys.length - 1] - ys[0], 0.02);
        XYSeries s = Charts.line(chart, first ? name : name + " " + chart.getSeriesMap().size(), line[0], line[1]);
        s.setLineColor(color);
        s.setLineStyle(dash == null ? new BasicStroke(2f)
            : new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f));
        s.setShowInLegend(first);
        first = false;
      }
    }
  }

  private static double[] linspace(double a, double b, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = a + (b - a) * i / (n - 1);
    }
    return v;
  }

  /** Renders this figure: {@code [--out DIR] [--seed N] [--full]}. */
  public static void main(String[] args) throws Exception {
    FigureMain.run(new CaviNormalGammaFigure(), args);
  }
}
