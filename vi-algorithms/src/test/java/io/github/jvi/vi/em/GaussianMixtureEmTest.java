package io.github.jvi.vi.em;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.gpu.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GaussianMixtureEmTest {
  static GaussianMixtureEm.Parameters truth() {
    INDArray w = Nd4j.createFromArray(0.5, 0.3, 0.2);
    INDArray mu = Nd4j.createFromArray(new double[][] {{0, 0}, {4, 4}, {-4, 3}});
    INDArray cov = Nd4j.createFromArray(new double[][][] {{{1, 0.5}, {0.5, 1}}, {{0.5, 0}, {0, 0.5}}, {{1, -0.3}, {-0.3, 0.6}}});
    return new GaussianMixtureEm.Parameters(w, mu, cov);
  }

  @Test
  void logJointMatchesTheBivariateNormalFormula() {
    // reference: the 2-D normal density written out with the explicit 2x2 inverse and determinant
    GaussianMixtureEm.Parameters t = truth();
    INDArray x = Nd4j.createFromArray(new double[][] {{0.3, -1.2}, {3.5, 4.4}});
    INDArray lj = GaussianMixtureEm.logJoint(x, t);
    for (int n = 0; n < 2; n++) {
      for (int k = 0; k < 3; k++) {
        double a = t.covariances().getDouble(k, 0, 0);
        double b = t.covariances().getDouble(k, 0, 1);
        double c = t.covariances().getDouble(k, 1, 1);
        double det = a * c - b * b;
        double dx = x.getDouble(n, 0) - t.means().getDouble(k, 0);
        double dy = x.getDouble(n, 1) - t.means().getDouble(k, 1);
        double q = (c * dx * dx - 2 * b * dx * dy + a * dy * dy) / det;
        double ref = Math.log(t.weights().getDouble(k)) - Math.log(2 * Math.PI) - 0.5 * Math.log(det) - 0.5 * q;
        assertEquals(ref, lj.getDouble(n, k), 1e-12);
      }
    }
  }

  @Test
  void freeEnergyEqualsTheLogLikelihoodAfterEveryEStepAndNeverDecreases() {
    INDArray x = GaussianMixtureEm.sample(truth(), 400, Rng.of(3));
    GaussianMixtureEm.Result r = GaussianMixtureEm.of(3, 200, 1e-10, 0).fit(x, Rng.of(4));
    for (int t = 0; t < r.logLikelihood().length; t++) {
      assertEquals(r.logLikelihood()[t], r.freeEnergyAfterE()[t], 1e-9, "iteration " + t);
    }
    double eps = 1e-9 * Math.abs(r.finalLogLikelihood());
    for (int t = 0; t < r.iterations(); t++) {
      // coordinate ascent: F(theta_t, q_t) <= F(theta_t+1, q_t) <= F(theta_t+1, q_t+1)
      assertTrue(r.freeEnergyAfterM()[t] >= r.freeEnergyAfterE()[t] - eps, "M-step at " + t);
      assertTrue(r.freeEnergyAfterE()[t + 1] >= r.freeEnergyAfterM()[t] - eps, "E-step at " + t);
    }
    assertTrue(r.converged());
    // the fitted weights are the true ones within sampling error (N = 400: SE about 0.025)
    double[] w = r.parameters().weights().toDoubleVector();
    java.util.Arrays.sort(w);
    assertEquals(0.2, w[0], 0.08);
    assertEquals(0.5, w[2], 0.08);
  }

  /** max_i |a_i - b_i| / max(1, |b_i|) over weights, means and covariances. */
  private static double distance(GaussianMixtureEm.Parameters a, GaussianMixtureEm.Parameters b) {
    double[] x = org.nd4j.linalg.factory.Nd4j.toFlattened(a.weights(), a.means(), a.covariances()).toDoubleVector();
    double[] y = org.nd4j.linalg.factory.Nd4j.toFlattened(b.weights(), b.means(), b.covariances()).toDoubleVector();
    double worst = 0;
    for (int i = 0; i < x.length; i++) {
      worst = Math.max(worst, Math.abs(x[i] - y[i]) / Math.max(1, Math.abs(y[i])));
    }
    return worst;
  }

  @Test
  void theParameterTestRunsToTheFixedPointAndZeroTolerancesToTheLimit() {
    // the same stopping rules as CAVI: EM from one start, stopped by the log-likelihood test
    // (1e-10), by the parameter test (1e-12, log-likelihood test off), and run twice as long as
    // the latter with both tests off (the reference fixed point)
    INDArray x = GaussianMixtureEm.sample(truth(), 400, Rng.of(3));
    GaussianMixtureEm.Result byLl = GaussianMixtureEm.of(3, 5000, 1e-10, 0).fit(x, Rng.of(4));
    GaussianMixtureEm.Result byParams = GaussianMixtureEm.of(3, 5000, 0, 1e-12, 0).fit(x, Rng.of(4));
    int longer = 2 * byParams.iterations();
    GaussianMixtureEm.Result reference = GaussianMixtureEm.of(3, longer, 0, 0, 0).fit(x, Rng.of(4));
    assertEquals(io.github.jvi.vi.cavi.Convergence.Criterion.ELBO_TOLERANCE, byLl.convergence().stoppedBy());
    assertEquals(io.github.jvi.vi.cavi.Convergence.Criterion.PARAMETER_TOLERANCE, byParams.convergence().stoppedBy());
    assertTrue(byParams.convergence().parameterChange() <= 1e-12);
    assertEquals(io.github.jvi.vi.cavi.Convergence.Criterion.ITERATION_LIMIT, reference.convergence().stoppedBy());
    assertEquals(longer, reference.iterations());
    assertTrue(distance(byParams.parameters(), reference.parameters()) <= 1e-9,
        "parameter test: " + distance(byParams.parameters(), reference.parameters()));
    assertTrue(byLl.iterations() <= byParams.iterations());
    assertTrue(distance(byLl.parameters(), reference.parameters()) >= distance(byParams.parameters(), reference.parameters()));
  }

  @Test
  void samplerHasTheMixtureMean() {
    // reference: E[x] = sum pi_k mu_k = (1.2-0.8, 1.2+0.6) = (0.4, 1.8); SE < 0.02 per coordinate at N = 40000
    INDArray x = GaussianMixtureEm.sample(truth(), 40_000, Rng.of(8));
    assertEquals(0.4, x.mean(0).getDouble(0), 0.1);
    assertEquals(1.8, x.mean(0).getDouble(1), 0.1);
  }

  @Test
  void rejectsBadInput() {
    INDArray x = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GaussianMixtureEm.of(3, 10, 1e-6, 0).fit(x, Rng.of(1)));
    assertTrue(e.getMessage().contains("k must be <="), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> GaussianMixtureEm.of(0, 10, 1e-6, 0));
    assertTrue(e.getMessage().contains("k"), e.getMessage());
    INDArray bad = Nd4j.createFromArray(new double[][] {{1, Double.NaN}, {3, 4}});
    e = assertThrows(IllegalArgumentException.class, () -> GaussianMixtureEm.of(1, 10, 1e-6, 0).fit(bad, Rng.of(1)));
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
  }
}
