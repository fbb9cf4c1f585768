package io.github.jvi.vi.svi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.cavi.BayesianGmm;
import io.github.jvi.vi.cavi.BayesianGmmFit;
import io.github.jvi.vi.cavi.CaviOptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SVI against batch CAVI on 10^6 simulated points (fixed seeds: data 11, CAVI 3, SVI 7).
 *
 * <p>Tolerance: after 2 passes with B = 4096, kappa = 0.7, tau = 1, the ELBO per point of SVI's
 * factors (over all N points) is within 2e-5 relative of CAVI's optimum and every
 * mean within 0.02 of CAVI's (the posterior standard deviation of a mean is about 2e-3 here; SVI's
 * noise at the last step size rho ~ 2e-2 with N/B ~ 250 is of the same order). Failure budget: these are three
 * deterministic comparisons of one seeded run; none is expected to fail.
 */
class StochasticGmmTest {
  static final double[] WEIGHTS = {0.4, 0.35, 0.25};
  static final double[][] MEANS = {{0, 0}, {6, 2}, {-3, 7}};
  static final double[][][] COVS = {{{1, 0.3}, {0.3, 1}}, {{0.5, 0}, {0, 2}}, {{1.5, -0.4}, {-0.4, 0.7}}};

  static BayesianGmm model(double[] mean) {
    return BayesianGmm.of(3, 1.0 / 3, mean, 1.0, new double[][] {{0.1, 0}, {0, 0.1}}, 2.0);
  }

  @Test
  void sviReachesTheCaviOptimumOnAMillionPoints() {
    int n = 1_000_000;
    INDArray x = BayesianGmm.simulate(WEIGHTS, MEANS, COVS, n, Rng.of(11)).x();
    double[] rows = x.dup('c').data().asDouble();
    double[] mean = x.mean(0).toDoubleVector();
    BayesianGmm model = model(mean);
    BayesianGmmFit cavi = model.fit(x, CaviOptions.defaults(), Rng.of(3));
    double caviPerPoint = cavi.elbo() / n;

    SviOptions o = SviOptions.defaults().withSeed(7);
    SviFit<io.github.jvi.vi.cavi.GmmGlobals> svi = StochasticGmm.of(model, o).fit(ArrayRows.of(rows, 2));
    assertEquals(n, svi.n());
    assertEquals(caviPerPoint, svi.elboPerPoint(), 2e-5 * Math.abs(caviPerPoint),
        "SVI " + svi.elboPerPoint() + " vs CAVI " + caviPerPoint);
    double[][] sm = svi.globals().means();
    double[][] cm = cavi.means();
    for (double[] c : cm) {
      double best = Double.POSITIVE_INFINITY;
      for (double[] s : sm) {
        best = Math.min(best, Math.hypot(s[0] - c[0], s[1] - c[1]));
      }
      assertTrue(best < 0.02, "CAVI mean " + java.util.Arrays.toString(c) + " is " + best + " from SVI's nearest");
    }
    // the held-out trace was recorded and ends near the optimum
    double[] trace = svi.traceHeldOut();
    assertTrue(trace.length >= 4, "reports: " + trace.length);
    assertEquals(caviPerPoint, trace[trace.length - 1], 0.02 * Math.abs(caviPerPoint));
  }
}
