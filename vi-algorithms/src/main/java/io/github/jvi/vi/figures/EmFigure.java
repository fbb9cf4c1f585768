package io.github.jvi.vi.figures;

import io.github.jvi.core.plot.Charts;
import io.github.jvi.core.plot.Figure;
import io.github.jvi.core.plot.FigureContext;
import io.github.jvi.core.plot.FigureMain;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.em.GaussianMixtureEm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * EM for a 2-D, 3-component Gaussian mixture as coordinate ascent on F(theta, q): F after every
 * E- and M-step with log p(x | theta), and the data coloured by the final responsibilities.
 */
public final class EmFigure implements Figure {
  @Override
  public String name() {
    return "em-gmm";
  }

  @Override
  public String caption() {
    return "EM for a 3-component Gaussian mixture in 2-D (N = 500) written as coordinate ascent on "
        + "F(theta, q) = E_q[log p(x, z | theta)] + H(q) (Neal & Hinton 1998). Left: F after each M-step "
        + "(half-integer x) and each E-step (integer x), with log p(x | theta), which F meets after every E-step and "
        + "bounds from below after every M-step; F never decreases. Middle: per iteration, the rise of log p and the "
        + "gap the E-step closes (KL from q to the new posterior), both non-negative. Right: the data coloured by the "
        + "most responsible component, with the fitted means.";
  }

  @Override
  public List<Path> render(FigureContext ctx) {
    GaussianMixtureEm.Parameters truth = new GaussianMixtureEm.Parameters(Nd4j.createFromArray(0.45, 0.35, 0.2),
        Nd4j.createFromArray(new double[][] {{0, 0}, {3, 3}, {-3, 2.5}}),
        Nd4j.createFromArray(new double[][][] {{{1.2, 0.6}, {0.6, 1}}, {{0.8, -0.3}, {-0.3, 0.6}}, {{0.5, 0}, {0, 1.5}}}));
    INDArray x = GaussianMixtureEm.sample(truth, 500, Rng.of(ctx.seed()));
    GaussianMixtureEm.Result r = GaussianMixtureEm.of(3, 40, 0, 0).fit(x, Rng.of(ctx.seed() + 1));
    int t = r.iterations();
    double[] halfX = new double[2 * t + 1];
    double[] f = new double[2 * t + 1];
    for (int i = 0; i <= t; i++) {
      halfX[2 * i] = i;
      f[2 * i] = r.freeEnergyAfterE()[i];
      if (i < t) {
        halfX[2 * i + 1] = i + 0.5;
        f[2 * i + 1] = r.freeEnergyAfterM()[i];
      }
    }
    XYChart c = Charts.lines("EM as coordinate ascent on F (N = 500, K = 3)", "iteration (E-step at integers, M-step at +0.5)",
        "nats");
    XYSeries fs = Charts.line(c, "F(theta, q) after each half-step", halfX, f);
    fs.setMarker(SeriesMarkers.CIRCLE);
    c.getStyler().setMarkerSize(5);
    XYSeries ll = c.addSeries("log p(x | theta)", Charts.range(t + 1), r.logLikelihood());
    ll.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    ll.setMarker(SeriesMarkers.CROSS);
    c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
    double lo = Math.min(f[0], r.logLikelihood()[0]);
    c.getStyler().setYAxisMin(Math.max(lo, r.finalLogLikelihood() - 200));
    c.getStyler().setXAxisMax(Math.min(t, 20.0));

    // the two gaps of coordinate ascent, per iteration t: after the M-step, log p(x | theta_t+1) -
    // F(theta_t+1, q_t) = KL(q_t || p(z | x, theta_t+1)) >= 0, closed by the E-step; and the gain
    // log p(x | theta_t+1) - log p(x | theta_t) >= 0
    double[] kl = new double[t];
    double[] gain = new double[t];
    double[] its = new double[t];
    for (int i = 0; i < t; i++) {
      its[i] = i + 1;
      kl[i] = Math.max(r.logLikelihood()[i + 1] - r.freeEnergyAfterM()[i], 1e-14);
      gain[i] = Math.max(r.logLikelihood()[i + 1] - r.logLikelihood()[i], 1e-14);
    }
    XYChart g = Charts.lines("The two steps' gains (log scale)", "iteration t", "nats");
    Charts.line(g, "log p(x | theta_t) - log p(x | theta_t-1)", its, gain).setMarker(SeriesMarkers.CIRCLE);
    Charts.line(g, "E-step gain = KL(q_t-1 || p(z | x, theta_t))", its, kl).setMarker(SeriesMarkers.DIAMOND);
    g.getStyler().setYAxisLogarithmic(true);
    g.getStyler().setMarkerSize(5);

    XYChart s = Charts.scatter("Data by most responsible component", "x1", "x2");
    INDArray resp = r.responsibilities();
    INDArray label = resp.argMax(1);
    for (int k = 0; k < 3; k++) {
      List<Double> px = new ArrayList<>();
      List<Double> py = new ArrayList<>();
      for (int i = 0; i < x.size(0); i++) {
        if (label.getInt(i) == k) {
          px.add(x.getDouble(i, 0));
          py.add(x.getDouble(i, 1));
        }
      }
      if (!px.isEmpty()) {
        s.addSeries("component " + (k + 1) + String.format(" (weight %.2f)", r.parameters().weights().getDouble(k)), px, py);
      }
    }
    INDArray mu = r.parameters().means();
    XYSeries means = s.addSeries("fitted means", mu.getColumn(0).toDoubleVector(), mu.getColumn(1).toDoubleVector());
    means.setMarker(SeriesMarkers.CROSS);
    means.setMarkerColor(java.awt.Color.BLACK);
    s.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
    return List.of(Panels.save(List.of(c, g, s), 3, ctx.file("em-gmm.png")));
  }

  /** Renders the figure: {@code [--out DIR] [--seed N] [--full]}. */
  public static void main(String[] args) throws Exception {
    FigureMain.run(new EmFigure(), args);
  }
}
