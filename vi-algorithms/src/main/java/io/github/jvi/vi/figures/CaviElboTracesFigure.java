package io.github.jvi.vi.figures;

import io.github.jvi.core.plot.Charts;
import io.github.jvi.core.plot.Figure;
import io.github.jvi.core.plot.FigureContext;
import io.github.jvi.core.plot.FigureMain;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.cavi.BayesianGmm;
import io.github.jvi.vi.cavi.CaviFit;
import io.github.jvi.vi.cavi.CaviOptions;
import io.github.jvi.vi.cavi.EarthquakeModel;
import io.github.jvi.vi.cavi.GmmLight;
import io.github.jvi.vi.cavi.Init;
import io.github.jvi.vi.cavi.NormalGammaModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;

/**
 * ELBO over CAVI sweeps for the four models, several random initialisations each (the mixtures'
 * runs can end in different local optima; every trace is non-decreasing). The Normal-Gamma panel
 * marks the exact log evidence, which the ELBO approaches from below.
 */
public final class CaviElboTracesFigure implements Figure {
  @Override
  public String name() {
    return "cavi-elbo-traces";
  }

  @Override
  public String caption() {
    return "CAVI: the ELBO after each sweep for the Normal-Gamma model (dashed: exact log p(x)), GMM-light, "
        + "the Bayesian GMM and the earthquake model, from several random initialisations. Every trace rises "
        + "monotonically; the mixtures' runs may settle in different local optima.";
  }

  @Override
  public List<Path> render(FigureContext ctx) throws Exception {
    int scale = ctx.full() ? 5 : 1;
    int runs = ctx.full() ? 8 : 4;
    Rng data = Rng.of(ctx.seed());
    CaviOptions opts = CaviOptions.defaults().withInit(Init.RANDOM).withMaxIter(300);
    List<XYChart> charts = new ArrayList<>();

    NormalGammaModel ng = NormalGammaModel.of(0, 1, 1, 1);
    double[] x = NormalGammaModel.simulate(1.5, 2, 100 * scale, data).x();
    XYChart c1 = Charts.lines("Normal-Gamma (N = " + x.length + ")", "sweep", "ELBO");
    CaviFit f1 = ng.fit(x, opts);
    addTrace(c1, "q(mu) q(tau)", f1);
    Charts.hline(c1, "log p(x)", ng.logEvidence(x), 1, f1.iterations());
    charts.add(c1);

    GmmLight gl = GmmLight.of(new double[] {0.3, 0.4, 0.3}, 0, 0.01, 1, 1);
    double[] xl = gl.simulate(new double[] {-4, 0, 3.5}, new double[] {1, 2, 0.7}, 500 * scale, data).x();
    XYChart c2 = Charts.lines("GMM-light (N = " + xl.length + ", K = 3)", "sweep", "ELBO");
    for (int r = 0; r < runs; r++) {
      addTrace(c2, "init " + (r + 1), gl.fit(xl, opts, Rng.of(ctx.seed() + 100 + r)));
    }
    charts.add(c2);

    BayesianGmm.Simulation gs = BayesianGmm.simulate(new double[] {0.4, 0.35, 0.25},
        new double[][] {{-3, 0}, {2, 2}, {2, -2.5}},
        new double[][][] {{{1, 0.6}, {0.6, 1}}, {{0.6, 0}, {0, 0.6}}, {{1.2, -0.4}, {-0.4, 0.5}}}, 1000 * scale, data);
    BayesianGmm bg = BayesianGmm.of(5, 0.1, new double[] {0, 0}, 1, new double[][] {{0.5, 0}, {0, 0.5}}, 2);
    XYChart c3 = Charts.lines("Bayesian GMM (N = " + 1000 * scale + ", K = 5, alpha0 = 0.1)", "sweep", "ELBO");
    for (int r = 0; r < runs; r++) {
      addTrace(c3, "init " + (r + 1), bg.fit(gs.x(), opts, Rng.of(ctx.seed() + 200 + r)));
    }
    charts.add(c3);

    EarthquakeModel eq = EarthquakeModel.of(new double[] {0.3, 0.3, 0.4}, 1, 0.05, 1, new double[] {0, 0}, 0.01);
    EarthquakeModel.Simulation es = eq.simulate(new double[] {4, 12, 30}, new double[][] {{-3, 0}, {2, 2}, {1, -2}},
        500 * scale, data);
    XYChart c4 = Charts.lines("Earthquake model (N = " + 500 * scale + ", K = 3)", "sweep", "ELBO");
    for (int r = 0; r < runs; r++) {
      addTrace(c4, "init " + (r + 1), eq.fit(es.locations(), es.counts(), opts, Rng.of(ctx.seed() + 300 + r)));
    }
    charts.add(c4);

    for (XYChart c : charts) {
      c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
    }
    return List.of(Charts.saveImage(CaviPlots.grid(charts, 2), ctx.file("elbo-traces.png")));
  }

  private static void addTrace(XYChart chart, String name, CaviFit fit) {
    double[] t = fit.elboTrace();
    double[] it = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      it[i] = i + 1;
    }
    Charts.line(chart, name + String.format(" (%.1f)", fit.elbo()), it, t);
  }

  /** Renders this figure: {@code [--out DIR] [--seed N] [--full]}. */
  public static void main(String[] args) throws Exception {
    FigureMain.run(new CaviElboTracesFigure(), args);
  }
}
