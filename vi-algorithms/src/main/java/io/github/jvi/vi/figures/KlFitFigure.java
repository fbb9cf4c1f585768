package io.github.jvi.vi.figures;

import io.github.jvi.core.plot.Charts;
import io.github.jvi.core.plot.Figure;
import io.github.jvi.core.plot.FigureContext;
import io.github.jvi.core.plot.FigureMain;
import io.github.jvi.vi.divergence.ExclusiveKl;
import io.github.jvi.vi.divergence.GaussianFit;
import io.github.jvi.vi.divergence.GaussianMixture1d;
import io.github.jvi.vi.divergence.InclusiveKl;
import java.awt.BasicStroke;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/** The mixture 1/3 N(-3,1) + 2/3 N(3,1) with its inclusive and exclusive Gaussian fits. */
public final class KlFitFigure implements Figure {
  @Override
  public String name() {
    return "kl-inclusive-exclusive";
  }

  @Override
  public String caption() {
    return "p = 1/3 N(-3,1) + 2/3 N(3,1) (black) and Gaussians q fitted to it. Inclusive KL(p||q) is minimised by "
        + "moment matching (mu = 1, sigma = 3): q covers both modes and puts mass where p has none. Exclusive "
        + "KL(q||p), minimised by gradient descent on deterministic quadrature from 14 starts, has one local minimum "
        + "per mode: the global one at the heavier mode (solid) and one at the lighter mode (dashed); each ignores "
        + "the other mode.";
  }

  @Override
  public List<Path> render(FigureContext ctx) {
    GaussianMixture1d p = GaussianMixture1d.course();
    GaussianFit inc = InclusiveKl.of(p).fit();
    List<ExclusiveKl.LocalMinimum> ex = ExclusiveKl.of(p).fromStarts(ExclusiveKl.defaultStarts(), 0.5, 1e-10, 10_000);
    int n = 801;
    double[] x = new double[n];
    double[] px = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = -10 + 20.0 * i / (n - 1);
      px[i] = Math.exp(p.logDensity(x[i]));
    }
    XYChart c = Charts.lines("Fitting N(mu, sigma^2) to 1/3 N(-3,1) + 2/3 N(3,1)", "x", "density");
    XYSeries target = Charts.line(c, "p (mixture)", x, px);
    target.setLineColor(java.awt.Color.BLACK);
    target.setLineStyle(new BasicStroke(3f));
    Charts.line(c, String.format("inclusive KL(p||q): N(%.2f, %.2f^2), KL = %.3f", inc.mu(), inc.sigma(), inc.kl()),
        x, gauss(x, inc.mu(), inc.sigma()));
    for (int k = 0; k < ex.size(); k++) {
      GaussianFit f = ex.get(k).fit();
      XYSeries s = Charts.line(c, String.format("exclusive KL(q||p)%s: N(%.2f, %.2f^2), KL = %.3f",
          k == 0 ? " global min" : " local min", f.mu(), f.sigma(), f.kl()), x, gauss(x, f.mu(), f.sigma()));
      if (k > 0) {
        s.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
      }
    }
    c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
    c.getStyler().setYAxisMax(0.45);
    return List.of(Charts.savePng(c, ctx.file("kl-inclusive-exclusive.png")));
  }

  private static double[] gauss(double[] x, double mu, double sigma) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double z = (x[i] - mu) / sigma;
      y[i] = Math.exp(-0.5 * z * z) / (sigma * Math.sqrt(2 * Math.PI));
    }
    return y;
  }

  /** Renders the figure: {@code [--out DIR] [--seed N] [--full]}. */
  public static void main(String[] args) throws Exception {
    FigureMain.run(new KlFitFigure(), args);
  }
}
