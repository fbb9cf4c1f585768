package io.github.jvi.verification.figures;

import io.github.jvi.core.cli.Distributions;
import io.github.jvi.core.distribution.Distribution;
import io.github.jvi.core.kl.Kl;
import io.github.jvi.core.plot.Charts;
import io.github.jvi.core.plot.Figure;
import io.github.jvi.core.plot.FigureContext;
import io.github.jvi.core.plot.FigureMain;
import io.github.jvi.gpu.Rng;
import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Monte Carlo KL estimates converging to the closed forms: for several pairs (written as
 * {@code jvi kl} specifications), the running estimate (1/n) sum_{i &lt;= n} log p(x_i)/q(x_i),
 * x_i ~ p, over n = 10 .. 10^5 (10^6 with {@code --full}) on a log axis, with a band of +-2
 * standard errors (sd / sqrt(n) from the same draws) and the closed form as a dashed line; and a
 * summary panel of |estimate - closed form| for every pair against n on log-log axes, where the
 * errors should fall like n^(-1/2) (the dashed guide).
 */
public final class KlMonteCarloFigure implements Figure {
  private static final String[][] PAIRS = {
      {"Normal(mu=0.5,sigma=1.2)", "Normal(mu=0,sigma=1)"},
      {"Gamma(shape=2,rate=3)", "Gamma(shape=4,rate=2)"},
      {"Beta(alpha=2,beta=3)", "Beta(alpha=0.8,beta=0.8)"},
      {"Dirichlet(concentration=[1,2,3])", "Dirichlet(concentration=[3,2,1])"},
      {"MultivariateNormal(mean=[0,1],cov=[[1,0.5],[0.5,2]])", "MultivariateNormal(mean=[1,-1],cov=[[2,0],[0,1]])"},
      {"Poisson(rate=4)", "Poisson(rate=2)"}};
  private static final String[] FILES = {"normal", "gamma", "beta", "dirichlet", "multivariate-normal", "poisson"};
  /** Short titles (the MultivariateNormal specification does not fit on one line). */
  private static final String[] TITLES = {"KL(N(0.5, 1.2^2) || N(0, 1))", "KL(Gamma(2, rate 3) || Gamma(4, rate 2))",
      "KL(Beta(2, 3) || Beta(0.8, 0.8))", "KL(Dir(1, 2, 3) || Dir(3, 2, 1))",
      "KL(N([0, 1], [[1, .5], [.5, 2]]) || N([1, -1], diag(2, 1)))", "KL(Poisson(4) || Poisson(2))"};

  @Override
  public String name() {
    return "kl-monte-carlo";
  }

  @Override
  public String caption() {
    return "KL closed form (dashed) against its Monte Carlo estimate as the number of draws grows, with a band of "
        + "+-2 standard errors; the last panel shows |estimate - closed form| for every pair falling like n^(-1/2).";
  }

  /** Sample counts 10, 20, 50, 100, ... up to max. */
  static int[] counts(int max) {
    List<Integer> c = new ArrayList<>();
    for (int decade = 10; decade <= max; decade *= 10) {
      for (int m : new int[] {1, 2, 5}) {
        if (decade * m <= max) {
          c.add(decade * m);
        }
      }
    }
    return c.stream().mapToInt(Integer::intValue).toArray();
  }

  @Override
  public List<Path> render(FigureContext ctx) {
    int max = ctx.full() ? 1_000_000 : 100_000;
    int[] ns = counts(max);
    double[] xs = new double[ns.length];
    for (int i = 0; i < ns.length; i++) {
      xs[i] = ns[i];
    }
    Rng rng = Rng.of(ctx.seed());
    List<Path> files = new ArrayList<>();
    XYChart summary = Charts.lines("|Monte Carlo - closed form| for every pair", "draws n", "|estimate - KL|");
    summary.getStyler().setXAxisLogarithmic(true);
    summary.getStyler().setYAxisLogarithmic(true);
    summary.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
    summary.getStyler().setXAxisDecimalPattern("0");
    double[] guideY = new double[ns.length];
    for (int k = 0; k < PAIRS.length; k++) {
      Distribution p = Distributions.fromSpec(PAIRS[k][0]);
      Distribution q = Distributions.fromSpec(PAIRS[k][1]);
      double exact = Kl.divergence(p, q).item();
      double[] r = Kl.logRatios(p, q, max, rng.split()).value().castTo(DataType.DOUBLE).dup('c').data().asDouble();
      double[] est = new double[ns.length];
      double[] lo = new double[ns.length];
      double[] hi = new double[ns.length];
      double[] err = new double[ns.length];
      double sum = 0;
      double sumSq = 0;
      int j = 0;
      for (int i = 0; i < max && j < ns.length; i++) {
        sum += r[i];
        sumSq += r[i] * r[i];
        if (i + 1 == ns[j]) {
          int n = ns[j];
          double mean = sum / n;
          double var = Math.max(sumSq / n - mean * mean, 0) * n / (n - 1);
          double se = Math.sqrt(var / n);
          est[j] = mean;
          lo[j] = mean - 2 * se;
          hi[j] = mean + 2 * se;
          err[j] = Math.max(Math.abs(mean - exact), 1e-12);
          j++;
        }
      }
      XYChart chart = Charts.lines(TITLES[k], "draws n", "KL estimate");
      chart.getStyler().setYAxisDecimalPattern("0.0##");
      chart.getStyler().setXAxisLogarithmic(true);
      chart.getStyler().setXAxisDecimalPattern("0");
      chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
      double[] bandX = new double[2 * ns.length];
      double[] bandY = new double[2 * ns.length];
      for (int i = 0; i < ns.length; i++) {
        bandX[i] = xs[i];
        bandY[i] = hi[i];
        bandX[2 * ns.length - 1 - i] = xs[i];
        bandY[2 * ns.length - 1 - i] = lo[i];
      }
      XYSeries band = chart.addSeries("+-2 standard errors", bandX, bandY);
      band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
      band.setMarker(SeriesMarkers.NONE);
      band.setFillColor(new Color(31, 119, 180, 60));
      band.setLineColor(new Color(31, 119, 180, 60));
      XYSeries line = Charts.line(chart, "Monte Carlo estimate", xs, est);
      line.setLineColor(new Color(31, 119, 180));
      line.setMarker(SeriesMarkers.CIRCLE);
      line.setMarkerColor(new Color(31, 119, 180));
      XYSeries closed = Charts.hline(chart, String.format("closed form %.6f", exact), exact, xs[0], xs[xs.length - 1]);
      closed.setLineColor(new Color(214, 39, 40));
      chart.getStyler().setMarkerSize(6);
      files.add(Charts.savePng(chart, ctx.file(FILES[k] + ".png")));
      if (k == 0) { // guide: the first pair's standard deviation of the log-ratio over sqrt(n)
        double sd = Math.sqrt(Math.max(sumSq / max - (sum / max) * (sum / max), 0));
        for (int i = 0; i < ns.length; i++) {
          guideY[i] = sd / Math.sqrt(ns[i]);
        }
      }
      XYSeries s = Charts.line(summary, FILES[k], xs, err);
      s.setMarker(SeriesMarkers.CIRCLE);
    }
    XYSeries guide = Charts.line(summary, "sd / sqrt(n) of the normal pair", xs, guideY);
    guide.setLineColor(Color.DARK_GRAY);
    guide.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
    summary.getStyler().setMarkerSize(5);
    files.add(Charts.savePng(summary, ctx.file("summary.png")));
    return files;
  }

  /** Renders this figure alone: {@code [--out DIR] [--seed N] [--full]}. */
  public static void main(String[] args) throws Exception {
    FigureMain.run(new KlMonteCarloFigure(), args);
  }
}
