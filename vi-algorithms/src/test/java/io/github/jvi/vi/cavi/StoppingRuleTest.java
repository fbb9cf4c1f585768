package io.github.jvi.vi.cavi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.gpu.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The stopping rules of {@link Convergence}: on a poorly separated three-component set (means 2
 * apart, unit-scale covariances, N = 500), the relative ELBO test at its default 1e-8 stops while
 * the parameters still move, far from the fixed point; the parameter test runs on to it, agreeing
 * with a run twice as long to 1e-9; tolerances of 0 run to the iteration limit. Deterministic (fixed
 * seeds). Measured when written: the ELBO test stops after 753 sweeps with the parameters moving
 * 2.4e-4 per sweep and 5.6e-3 away from the fixed point; the parameter test (1e-12) after 1207
 * sweeps, 2.2e-11 from a 2414-sweep run.
 */
class StoppingRuleTest {
  private static final INDArray X = BayesianGmm.simulate(new double[] {0.4, 0.3, 0.3},
      new double[][] {{0, 0}, {2, 0}, {1, 1.74}},
      new double[][][] {{{1, 0}, {0, 1}}, {{1, 0.3}, {0.3, 1}}, {{0.8, 0}, {0, 1.2}}}, 500, Rng.of(7)).x();
  private static final BayesianGmm MODEL = BayesianGmm.of(3, 1, new double[] {0, 0}, 1,
      new double[][] {{1, 0}, {0, 1}}, 2);

  /** Every reported parameter of the fit, and the responsibilities, as one vector. */
  private static double[] all(BayesianGmmFit f) {
    return Convergence.flatten(f.alphas(), f.betas(), f.means(), f.scales(), f.dofs(),
        f.responsibilities().toDoubleMatrix());
  }

  /** max_i |a_i - b_i| / max(1, |b_i|) over every parameter and responsibility. */
  private static double distance(BayesianGmmFit a, BayesianGmmFit b) {
    return Convergence.Rule.change(all(a), all(b));
  }

  private static BayesianGmmFit fit(CaviOptions o) {
    return MODEL.fit(X, o, Rng.of(3)); // the same k-means++ start for every run
  }

  @Test
  void theParameterTestRunsToTheFixedPointWhereTheElboTestStopsEarly() {
    BayesianGmmFit byElbo = fit(CaviOptions.defaults());
    BayesianGmmFit byParams = fit(CaviOptions.defaults().withTol(0).withParamTol(1e-12).withMaxIter(100_000));
    int longer = 2 * byParams.iterations();
    BayesianGmmFit reference = fit(CaviOptions.defaults().withTol(0).withMaxIter(longer));

    assertEquals(Convergence.Criterion.PARAMETER_TOLERANCE, byParams.convergence().stoppedBy());
    assertTrue(byParams.convergence().parameterChange() <= 1e-12, byParams.convergence().toString());
    assertEquals(Convergence.Criterion.ITERATION_LIMIT, reference.convergence().stoppedBy());
    assertEquals(longer, reference.iterations(), "tol 0 and paramTol 0 run to the limit");
    double d = distance(byParams, reference);
    assertTrue(d <= 1e-9, "parameter test: " + d + " from the fixed point");
    assertTrue(byParams.elbo() <= reference.elbo() + 1e-12 * Math.abs(reference.elbo()));

    // the ELBO test alone stops earlier, with the parameters still moving and off the fixed point
    assertEquals(Convergence.Criterion.ELBO_TOLERANCE, byElbo.convergence().stoppedBy());
    assertTrue(byElbo.convergence().elboChange() <= 1e-8, byElbo.convergence().toString());
    assertTrue(byElbo.iterations() < byParams.iterations(), byElbo.iterations() + " vs " + byParams.iterations());
    assertTrue(byElbo.convergence().parameterChange() > 1e-6, byElbo.convergence().toString());
    assertTrue(distance(byElbo, reference) > 1e-4, "ELBO test: " + distance(byElbo, reference));
    // the same ELBO to about its tolerance: the ELBO hides the parameters' error
    assertEquals(reference.elbo(), byElbo.elbo(), 1e-6 * Math.abs(reference.elbo()));
  }

  @Test
  void whenBothTestsAreOnTheFirstToPassStopsTheFit() {
    BayesianGmmFit both = fit(CaviOptions.defaults().withParamTol(1e-12));
    BayesianGmmFit byElbo = fit(CaviOptions.defaults());
    assertEquals(Convergence.Criterion.ELBO_TOLERANCE, both.convergence().stoppedBy());
    assertEquals(byElbo.iterations(), both.iterations());
    // a loose parameter tolerance passes before the ELBO test
    BayesianGmmFit loose = fit(CaviOptions.defaults().withParamTol(1e-2));
    assertEquals(Convergence.Criterion.PARAMETER_TOLERANCE, loose.convergence().stoppedBy());
    assertTrue(loose.iterations() < byElbo.iterations());
    assertTrue(loose.convergence().parameterChange() <= 1e-2);
  }

  @Test
  void zeroTolerancesRunToTheLimitForEveryModel() {
    CaviOptions none = CaviOptions.defaults().withTol(0).withMaxIter(60);
    NormalGammaModel ng = NormalGammaModel.of(0, 1, 1, 1);
    NormalGammaFit n = ng.fit(ng.simulate(50, Rng.of(1)).x(), none);
    // the Normal-Gamma fixed point is reached to rounding in a few sweeps; the fit still runs on
    assertEquals(60, n.iterations());
    assertEquals(Convergence.Criterion.ITERATION_LIMIT, n.convergence().stoppedBy());
    assertEquals(0.0, n.convergence().parameterChange(), 1e-15);
    NormalGammaFit np = ng.fit(ng.simulate(50, Rng.of(1)).x(), none.withParamTol(1e-12));
    assertEquals(Convergence.Criterion.PARAMETER_TOLERANCE, np.convergence().stoppedBy());
    assertTrue(np.iterations() < 60);
    GmmLight gl = GmmLight.of(new double[] {0.5, 0.5}, 0, 1, 1, 1);
    GmmLightFit g = gl.fit(gl.simulate(80, Rng.of(2)).x(), none, Rng.of(3));
    assertEquals(60, g.iterations());
    assertEquals(Convergence.Criterion.ITERATION_LIMIT, g.convergence().stoppedBy());
    EarthquakeModel eq = EarthquakeModel.of(new double[] {0.5, 0.5}, 1, 1, 1, new double[] {0, 0}, 1);
    EarthquakeModel.Simulation s = eq.simulate(80, Rng.of(4));
    EarthquakeFit e = eq.fit(s.locations(), s.counts(), none, Rng.of(5));
    assertEquals(60, e.iterations());
    assertTrue(!e.converged());
  }

  @Test
  void badTolerancesAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CaviOptions.defaults().withParamTol(-1e-3));
    assertTrue(e.getMessage().contains("paramTol") && e.getMessage().contains("-0.001"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CaviOptions.defaults().withParamTol(Double.NaN));
    assertTrue(e.getMessage().contains("paramTol") && e.getMessage().contains("NaN"), e.getMessage());
  }
}
