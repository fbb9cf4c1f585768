package io.github.jvi.vi.figures;

import io.github.jvi.core.plot.Charts;
import io.github.jvi.core.plot.Figure;
import io.github.jvi.core.plot.FigureContext;
import io.github.jvi.core.plot.FigureMain;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.bbvi.BbviResult;
import io.github.jvi.vi.bbvi.BlackBoxVi;
import io.github.jvi.vi.bbvi.GradientEstimator;
import io.github.jvi.vi.bbvi.MeanFieldNormalGamma;
import io.github.jvi.vi.bbvi.NormalGammaModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * BBVI on the Normal-Gamma model with N = 100: the exact ELBO over iterations for each estimator
 * against the CAVI optimum; the noisy Monte Carlo ELBO estimate next to the exact ELBO; E_q[mu]
 * and E_q[tau] over iterations.
 */
public final class BbviNormalGammaFigure implements Figure {
  @Override
  public String name() {
    return "bbvi-normal-gamma";
  }

  @Override
  public String caption() {
    return "Black-box VI (Ranganath et al. 2014) on the Normal-Gamma model, N = 100, S = 100 draws per iteration, "
        + "AdaGrad eta = 0.5, from q = N(0,1) Gamma(1,1). Left: the exact ELBO of each iterate per estimator, "
        + "dashed: the CAVI optimum (the maximum over the family). Control variates reach it within a few hundred "
        + "iterations; REINFORCE and Rao-Blackwellization alone stay noisy below it (every term of this log joint "
        + "involves tau, so Rao-Blackwellization drops little). Second image: the Monte Carlo ELBO estimate scatters "
        + "around the exact ELBO. Third: E_q[mu] and E_q[tau] with the CAVI values dashed.";
  }

  @Override
  public List<Path> render(FigureContext ctx) {
    NormalGammaModel model = BbviSetup.model(ctx.seed());
    MeanFieldNormalGamma opt = model.caviOptimum();
    double caviElbo = model.elbo(opt);
    int t = BbviSetup.iterations(ctx.full());
    List<GradientEstimator> estimators = BbviSetup.estimators();
    List<BbviResult> results = new ArrayList<>();
    for (int i = 0; i < estimators.size(); i++) {
      results.add(BlackBoxVi.of(model, estimators.get(i), BbviSetup.SAMPLES, BbviSetup.ETA)
          .run(Nd4j.zeros(DataType.DOUBLE, MeanFieldNormalGamma.DIM), t, Rng.of(ctx.seed() + 1 + i)));
    }
    int thin = Math.max(1, t / 1000);
    double[] iters = Panels.thin(Charts.range(t + 1), thin);

    XYChart elbo = Charts.lines("Exact ELBO of the BBVI iterates (N = 100, S = 100)", "iteration", "ELBO (nats)");
    for (int i = 0; i < results.size(); i++) {
      Charts.line(elbo, BbviSetup.label(estimators.get(i)), iters, Panels.thin(results.get(i).exactElbo(), thin));
    }
    Charts.hline(elbo, "CAVI optimum", caviElbo, 0, t);
    elbo.getStyler().setYAxisMin(caviElbo - 12);
    elbo.getStyler().setYAxisMax(caviElbo + 1);
    elbo.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);

    XYChart zoom = Charts.lines("The same, last half, ELBO gap to CAVI (log scale)", "iteration", "CAVI ELBO - ELBO (nats)");
    for (int i = 0; i < results.size(); i++) {
      double[] ex = results.get(i).exactElbo();
      int from = t / 2;
      double[] x = new double[t + 1 - from];
      double[] gap = new double[x.length];
      for (int j = 0; j < x.length; j++) {
        x[j] = from + j;
        gap[j] = Math.max(caviElbo - ex[from + j], 1e-6);
      }
      Charts.line(zoom, BbviSetup.label(estimators.get(i)), Panels.thin(x, thin), Panels.thin(gap, thin));
    }
    zoom.getStyler().setYAxisLogarithmic(true);
    zoom.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);

    Path elboFile = Panels.save(List.of(elbo, zoom), 2, ctx.file("bbvi-elbo.png"));

    // the noisy estimate against the exact ELBO, for REINFORCE and control variates
    List<XYChart> noisy = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      BbviResult r = results.get(i);
      XYChart c = Charts.lines("ELBO estimate vs exact: " + BbviSetup.label(estimators.get(i)), "iteration", "ELBO (nats)");
      XYSeries est = c.addSeries("Monte Carlo estimate (S = 100)", Charts.range(t), r.elboEstimate());
      est.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      est.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE);
      est.setMarkerColor(new java.awt.Color(31, 119, 180, 60));
      c.getStyler().setMarkerSize(3);
      Charts.line(c, "exact ELBO", iters, Panels.thin(r.exactElbo(), thin)).setLineColor(java.awt.Color.BLACK);
      Charts.hline(c, "CAVI optimum", caviElbo, 0, t);
      c.getStyler().setYAxisMin(caviElbo - 12);
      c.getStyler().setYAxisMax(caviElbo + 4);
      c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
      noisy.add(c);
    }
    Path noisyFile = Panels.save(noisy, 2, ctx.file("bbvi-elbo-estimate.png"));

    XYChart mu = Charts.lines("E_q[mu] over iterations", "iteration", "E_q[mu]");
    XYChart tau = Charts.lines("E_q[tau] over iterations", "iteration", "E_q[tau]");
    for (int i = 0; i < results.size(); i++) {
      Charts.line(mu, BbviSetup.label(estimators.get(i)), iters, Panels.thin(results.get(i).summaryTrace(0), thin));
      Charts.line(tau, BbviSetup.label(estimators.get(i)), iters, Panels.thin(results.get(i).summaryTrace(1), thin));
    }
    Charts.hline(mu, "CAVI: " + String.format("%.4f", opt.meanMu()), opt.meanMu(), 0, t);
    Charts.hline(tau, "CAVI: " + String.format("%.4f", opt.meanTau()), opt.meanTau(), 0, t);
    mu.getStyler().setYAxisMin(opt.meanMu() - 0.3);
    mu.getStyler().setYAxisMax(opt.meanMu() + 0.3);
    tau.getStyler().setYAxisMin(0.0);
    tau.getStyler().setYAxisMax(opt.meanTau() * 1.6);
    mu.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
    tau.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
    Path moments = Panels.save(List.of(mu, tau), 2, ctx.file("bbvi-moments.png"));
    return List.of(elboFile, noisyFile, moments);
  }

  /** Renders the figure: {@code [--out DIR] [--seed N] [--full]}. */
  public static void main(String[] args) throws Exception {
    FigureMain.run(new BbviNormalGammaFigure(), args);
  }
}
