package io.github.jvi.vi.figures;

import io.github.jvi.core.plot.Charts;
import io.github.jvi.core.plot.Figure;
import io.github.jvi.core.plot.FigureContext;
import io.github.jvi.core.plot.FigureMain;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.cavi.CaviOptions;
import io.github.jvi.vi.cavi.EarthquakeFit;
import io.github.jvi.vi.cavi.EarthquakeModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;

/**
 * The earthquake model fitted by CAVI to simulated events: locations coloured by responsibility,
 * marker size growing with the event's count, posterior mean locations as diamonds. Clusters that
 * overlap in space are told apart by their counts.
 */
public final class CaviEarthquakeFigure implements Figure {
  @Override
  public String name() {
    return "cavi-earthquake";
  }

  @Override
  public String caption() {
    return "Earthquake model (Poisson counts and Gaussian locations sharing a cluster), CAVI on simulated "
        + "events: colour by responsibility (paler where uncertain), marker diameter growing with the square "
        + "root of the count, diamonds at the posterior mean locations; the title gives the true and fitted "
        + "rates. Where the clusters overlap in space, the counts still separate them.";
  }

  @Override
  public List<Path> render(FigureContext ctx) throws Exception {
    int n = ctx.full() ? 3000 : 600;
    double[] rates = {3, 12, 35};
    double[][] centres = {{-2.5, 0}, {1.5, 1.5}, {1, -1.5}};
    EarthquakeModel model = EarthquakeModel.of(new double[] {0.35, 0.35, 0.3}, 1, 0.05, 1, new double[] {0, 0}, 0.01);
    EarthquakeModel.Simulation sim = model.simulate(rates, centres, n, Rng.of(ctx.seed()));
    EarthquakeFit fit = model.fit(sim.locations(), sim.counts(), CaviOptions.defaults().withRestarts(5),
        Rng.of(ctx.seed() + 1));
    double[][] loc = sim.locations().toDoubleMatrix();
    double[] s = sim.counts().toDoubleVector();
    double sMax = java.util.Arrays.stream(s).max().orElse(1);
    double[] x = new double[n];
    double[] y = new double[n];
    double[] size = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = loc[i][0];
      y[i] = loc[i][1];
      size[i] = 3 + 13 * Math.sqrt(s[i] / Math.max(1, sMax));
    }
    double[] est = fit.rates().clone();
    java.util.Arrays.sort(est);
    String title = String.format(Locale.ROOT, "Earthquake model: N = %d; rates true %s, fitted [%.1f, %.1f, %.1f]", n,
        java.util.Arrays.toString(rates), est[0], est[1], est[2]);
    XYChart chart = Charts.scatter(title, "x", "y");
    chart.getStyler().setChartTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 14));
    CaviPlots.responsibilityScatter(chart, x, y, fit.responsibilities().toDoubleMatrix(), size, "cluster");
    CaviPlots.means(chart, fit.means(), new int[] {0, 1, 2}, "posterior mean locations");
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
    return List.of(Charts.savePng(chart, ctx.file("earthquake.png")));
  }

  /** Renders this figure: {@code [--out DIR] [--seed N] [--full]}. */
  public static void main(String[] args) throws Exception {
    FigureMain.run(new CaviEarthquakeFigure(), args);
  }
}
