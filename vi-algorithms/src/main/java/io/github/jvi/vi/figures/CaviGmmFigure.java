package io.github.jvi.vi.figures;

import io.github.jvi.core.plot.Charts;
import io.github.jvi.core.plot.Figure;
import io.github.jvi.core.plot.FigureContext;
import io.github.jvi.core.plot.FigureMain;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.cavi.BayesianGmm;
import io.github.jvi.vi.cavi.BayesianGmmFit;
import io.github.jvi.vi.cavi.CaviOptions;
import io.github.jvi.vi.cavi.GmmLight;
import io.github.jvi.vi.cavi.GmmLightFit;
import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * Mixture clusters found by CAVI, points coloured by responsibility: the 1-D GMM-light (points as a
 * jittered strip under the fitted mixture density and its components) and the 2-D Bayesian GMM
 * (posterior means and two-standard-deviation ellipses of the expected covariances; components left
 * empty by the Dirichlet prior are not drawn).
 */
public final class CaviGmmFigure implements Figure {
  @Override
  public String name() {
    return "cavi-gmm";
  }

  @Override
  public String caption() {
    return "CAVI clusters coloured by responsibility (paler where the most responsible component has less "
        + "than 0.95): GMM-light with known weights (fitted density and components above a jittered strip of "
        + "the data), and the Bayesian GMM with K = 6 components and alpha0 = 0.05, which leaves the "
        + "components the data do not need empty (diamonds: posterior means; ellipses: 2 standard deviations "
        + "of (nu_k W_k)^-1).";
  }

  @Override
  public List<Path> render(FigureContext ctx) throws Exception {
    int scale = ctx.full() ? 4 : 1;
    Rng rng = Rng.of(ctx.seed());
    CaviOptions opts = CaviOptions.defaults().withRestarts(ctx.full() ? 10 : 4);

    // GMM-light: three overlapping components with known weights
    double[] w = {0.3, 0.45, 0.25};
    GmmLight gl = GmmLight.of(w, 0, 0.01, 1, 0.5);
    GmmLight.Simulation sim = gl.simulate(new double[] {-3, 0.5, 4}, new double[] {1, 1.5, 0.8}, 600 * scale, rng);
    double[] x = sim.x();
    GmmLightFit fit = gl.fit(x, opts, Rng.of(ctx.seed() + 1));
    XYChart c1 = Charts.scatter("GMM-light: N = " + x.length + ", known weights " + java.util.Arrays.toString(w),
        "x", "density");
    double[][] r = fit.responsibilities().toDoubleMatrix();
    double lo = java.util.Arrays.stream(x).min().orElseThrow() - 1;
    double hi = java.util.Arrays.stream(x).max().orElseThrow() + 1;
    double[] grid = new double[400];
    double[] total = new double[grid.length];
    double[] prec = fit.precisions();
    double[] means = fit.means();
    double peak = 0;
    double[][] comp = new double[w.length][grid.length];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = lo + (hi - lo) * i / (grid.length - 1);
      for (int k = 0; k < w.length; k++) {
        double d = grid[i] - means[k];
        comp[k][i] = w[k] * Math.sqrt(prec[k] / (2 * Math.PI)) * Math.exp(-0.5 * prec[k] * d * d);
        total[i] += comp[k][i];
      }
      peak = Math.max(peak, total[i]);
    }
    double[] jitter = rng.uniform(org.nd4j.linalg.api.buffer.DataType.DOUBLE, x.length).muli(-0.12 * peak)
        .subi(0.03 * peak).toDoubleVector();
    CaviPlots.responsibilityScatter(c1, x, jitter, r, null, "component");
    XYSeries mix = Charts.line(c1, "fitted mixture", grid, total);
    mix.setLineColor(Color.BLACK);
    mix.setLineStyle(new BasicStroke(2.5f));
    for (int k = 0; k < w.length; k++) {
      XYSeries s = Charts.line(c1, "pi_k N(m_k, 1/E[tau_k]) " + k, grid, comp[k]);
      s.setLineColor(CaviPlots.shade(k, 1));
      s.setShowInLegend(false);
    }
    double[][] meanPts = new double[w.length][];
    for (int k = 0; k < w.length; k++) {
      meanPts[k] = new double[] {means[k], 0};
    }
    CaviPlots.means(c1, meanPts, new int[] {0, 1, 2}, "posterior means m_k");
    c1.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
    Path p1 = Charts.savePng(c1, ctx.file("gmm-light.png"));

    // Bayesian GMM: four clusters, six components offered
    BayesianGmm.Simulation gs = BayesianGmm.simulate(new double[] {0.35, 0.3, 0.2, 0.15},
        new double[][] {{-3, 0}, {1.5, 2.5}, {2, -2}, {-0.5, -3.5}},
        new double[][][] {{{1.2, 0.7}, {0.7, 1}}, {{0.6, -0.2}, {-0.2, 0.4}}, {{0.8, 0.3}, {0.3, 0.5}},
            {{0.3, 0}, {0, 0.3}}}, 1500 * scale, rng);
    BayesianGmm model = BayesianGmm.of(6, 0.05, new double[] {0, 0}, 1, new double[][] {{0.5, 0}, {0, 0.5}}, 2);
    BayesianGmmFit gf = model.fit(gs.x(), opts, Rng.of(ctx.seed() + 2));
    double[][] pts = gs.x().toDoubleMatrix();
    double[] px = new double[pts.length];
    double[] py = new double[pts.length];
    for (int i = 0; i < pts.length; i++) {
      px[i] = pts[i][0];
      py[i] = pts[i][1];
    }
    double[] weights = gf.weights();
    long used = java.util.Arrays.stream(weights).filter(v -> v > 0.01).count();
    XYChart c2 = Charts.scatter("Bayesian GMM: N = " + pts.length + ", K = 6, " + used + " components used", "x1", "x2");
    CaviPlots.responsibilityScatter(c2, px, py, gf.responsibilities().toDoubleMatrix(), null, "component");
    double[][][] cov = gf.covariances();
    double[][] m = gf.means();
    java.util.List<double[]> shown = new java.util.ArrayList<>();
    java.util.List<Integer> ids = new java.util.ArrayList<>();
    for (int k = 0; k < m.length; k++) {
      if (weights[k] > 0.01) {
        double[][] e = CaviPlots.ellipse(m[k], cov[k], 2);
        XYSeries s = Charts.line(c2, "ellipse " + k, e[0], e[1]);
        s.setLineColor(CaviPlots.shade(k, 1));
        s.setLineStyle(new BasicStroke(2f));
        s.setShowInLegend(false);
        shown.add(m[k]);
        ids.add(k);
      }
    }
    CaviPlots.means(c2, shown.toArray(new double[0][]), ids.stream().mapToInt(Integer::intValue).toArray(),
        "posterior means m_k");
    c2.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
    Path p2 = Charts.savePng(c2, ctx.file("bayesian-gmm.png"));
    return List.of(p1, p2);
  }

  /** Renders this figure: {@code [--out DIR] [--seed N] [--full]}. */
  public static void main(String[] args) throws Exception {
    FigureMain.run(new CaviGmmFigure(), args);
  }
}
