package io.github.jvi.verification.figures;

import io.github.jvi.core.distribution.Beta;
import io.github.jvi.core.distribution.Categorical;
import io.github.jvi.core.distribution.ContinuousBernoulli;
import io.github.jvi.core.distribution.Distribution;
import io.github.jvi.core.distribution.Exponential;
import io.github.jvi.core.distribution.Gamma;
import io.github.jvi.core.distribution.MixtureSameFamily;
import io.github.jvi.core.distribution.Normal;
import io.github.jvi.core.plot.Charts;
import io.github.jvi.core.plot.Figure;
import io.github.jvi.core.plot.FigureContext;
import io.github.jvi.core.plot.FigureMain;
import io.github.jvi.gpu.Rng;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Draws against densities: for each continuous family (Normal, Gamma, Exponential, Beta,
 * continuous Bernoulli, and the course's mixture 1/3 N(-3, 1) + 2/3 N(3, 1)) a density-normalised
 * histogram of n draws (20 000 by default, 200 000 with {@code --full}) with exp(logProb) drawn
 * over it, one PNG per family. The histogram's bars should follow the curve within their
 * sampling noise (a bar holding c draws has relative standard deviation about 1/sqrt(c)).
 */
public final class DistributionsFigure implements Figure {
  private static final int BINS = 60;

  /** One panel: a name for the file, a title, the distribution and the plotted range. */
  private record Panel(String file, String title, Distribution d, double lo, double hi) {}

  @Override
  public String name() {
    return "distributions";
  }

  @Override
  public String caption() {
    return "Draws against densities: a density-normalised histogram of draws from each continuous family "
        + "(sample) with its density exp(logProb) over it (density); the bars follow the curve up to sampling noise.";
  }

  private static List<Panel> panels() {
    List<Panel> p = new ArrayList<>();
    p.add(new Panel("normal", "Normal(mu = 0.5, sigma = 1.2)", Normal.of(0.5, 1.2), -4.5, 5.5));
    p.add(new Panel("gamma", "Gamma(shape = 2.5, rate = 1.5)", Gamma.of(2.5, 1.5), 0, 7));
    p.add(new Panel("exponential", "Exponential(rate = 1.5)", Exponential.of(1.5), 0, 4));
    p.add(new Panel("beta", "Beta(alpha = 2, beta = 5)", Beta.of(2, 5), 0, 1));
    p.add(new Panel("continuous-bernoulli", "ContinuousBernoulli(lambda = 0.2)", ContinuousBernoulli.of(0.2), 0, 1));
    p.add(new Panel("mixture", "1/3 N(-3, 1) + 2/3 N(3, 1)", MixtureSameFamily.of(Categorical.ofProbs(1.0 / 3, 2.0 / 3),
        Normal.of(Nd4j.createFromArray(-3.0, 3.0), Nd4j.createFromArray(1.0, 1.0))), -7, 7));
    return p;
  }

  @Override
  public List<Path> render(FigureContext ctx) {
    int n = ctx.full() ? 200_000 : 20_000;
    Rng rng = Rng.of(ctx.seed());
    List<Path> files = new ArrayList<>();
    for (Panel panel : panels()) {
      double[] draws = panel.d().sample(rng.split(), n).castTo(DataType.DOUBLE).dup('c').data().asDouble();
      double width = (panel.hi() - panel.lo()) / BINS;
      double[] counts = new double[BINS];
      for (double x : draws) {
        int b = (int) Math.floor((x - panel.lo()) / width);
        if (b == BINS && x == panel.hi()) {
          b = BINS - 1;
        }
        if (b >= 0 && b < BINS) {
          counts[b]++;
        }
      }
      // the histogram as an outline of steps filled to zero: (e0, 0), (e0, h0), (e1, h0), (e1, h1), ...
      double[] hx = new double[2 * BINS + 2];
      double[] hy = new double[2 * BINS + 2];
      hx[0] = panel.lo();
      for (int b = 0; b < BINS; b++) {
        double h = counts[b] / (n * width);
        hx[2 * b + 1] = panel.lo() + b * width;
        hy[2 * b + 1] = h;
        hx[2 * b + 2] = panel.lo() + (b + 1) * width;
        hy[2 * b + 2] = h;
      }
      hx[2 * BINS + 1] = panel.hi();
      // density on a fine grid, avoiding the end points where some densities are infinite or 0 log 0
      int m = 400;
      double eps = (panel.hi() - panel.lo()) * 1e-4;
      double[] gx = Nd4j.linspace(panel.lo() + eps, panel.hi() - eps, m, DataType.DOUBLE).data().asDouble();
      double[] gy = Transforms.exp(panel.d().logProb(Nd4j.createFromArray(gx)).value(), true)
          .castTo(DataType.DOUBLE).dup('c').data().asDouble();
      XYChart chart = Charts.lines(panel.title(), "x", "density");
      XYSeries hist = chart.addSeries(String.format("%,d draws (histogram)", n), hx, hy);
      hist.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
      hist.setMarker(SeriesMarkers.NONE);
      hist.setFillColor(new Color(31, 119, 180, 90));
      hist.setLineColor(new Color(31, 119, 180));
      hist.setLineWidth(1f);
      XYSeries dens = Charts.line(chart, "density exp(logProb)", gx, gy);
      dens.setLineColor(new Color(214, 39, 40));
      dens.setLineWidth(2.5f);
      chart.getStyler().setXAxisMin(panel.lo());
      chart.getStyler().setXAxisMax(panel.hi());
      chart.getStyler().setYAxisMin(0.0);
      chart.getStyler().setYAxisDecimalPattern("0.0##");
      files.add(Charts.savePng(chart, ctx.file(panel.file() + ".png")));
    }
    return files;
  }

  /** Renders this figure alone: {@code [--out DIR] [--seed N] [--full]}. */
  public static void main(String[] args) throws Exception {
    FigureMain.run(new DistributionsFigure(), args);
  }
}
