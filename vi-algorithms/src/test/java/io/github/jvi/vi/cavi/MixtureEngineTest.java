package io.github.jvi.vi.cavi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.gpu.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MixtureEngineTest {
  @Test
  void kmeansPlusPlusSeedsEveryTightCluster() {
    // four clusters of width 0.01 at distance >= 10: k-means++ misses one only with probability
    // about 1e-5 per draw (squared-distance weights), and the seed is fixed
    double[][] centres = {{0, 0}, {10, 0}, {0, 10}, {10, 10}};
    INDArray x = Nd4j.create(DataType.DOUBLE, 2, 400);
    INDArray noise = Rng.of(1).normal(DataType.DOUBLE, 2, 400).muli(0.01);
    for (int i = 0; i < 400; i++) {
      x.putScalar(0, i, centres[i % 4][0]);
      x.putScalar(1, i, centres[i % 4][1]);
    }
    x.addi(noise);
    INDArray r = Seeding.kmeansPlusPlus(x, 4, Rng.of(5));
    double[] counts = r.sum(1).toDoubleVector();
    for (double c : counts) {
      assertEquals(100, c, 1e-12);
    }
    // one-hot columns
    assertEquals(400, r.sumNumber().doubleValue(), 1e-9);
    assertEquals(400, r.mul(r).sumNumber().doubleValue(), 1e-9);
  }

  @Test
  void randomResponsibilitiesAreDistributions() {
    INDArray r = Seeding.random(1000, 3, Rng.of(2));
    assertEquals(0, r.sum(0).subi(1).amaxNumber().doubleValue(), 1e-12);
    assertTrue(r.minNumber().doubleValue() >= 0);
    // flat Dirichlet: E[r_k] = 1/3 with standard error sqrt(1/18/1000) = 0.0075; 5 sigma
    for (double m : r.mean(1).toDoubleVector()) {
      assertEquals(1.0 / 3, m, 0.04);
    }
  }

  private static void sameTrace(double[] a, double[] b, double rel) {
    assertEquals(a.length, b.length, "sweeps");
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], rel * Math.abs(a[i]), "sweep " + (i + 1));
    }
  }

  @Test
  void exactAndExpandedPathsAgreeOnWellConditionedData() {
    // reference: the direct per-component evaluation about each mean; on data within a few widths
    // of the centre the expanded form is accurate to ~1e-14, so traces agree to 1e-11
    CaviOptions o = CaviOptions.defaults().withMaxIter(25).withInit(Init.RANDOM);
    GmmLight gl = GmmLight.of(new double[] {0.5, 0.5}, 0, 0.1, 2, 1);
    double[] x = gl.simulate(new double[] {-2, 2}, new double[] {1, 2}, 400, Rng.of(1)).x();
    CaviOptions exact = o.withConditionLimit(0);
    CaviOptions expanded = o.withConditionLimit(Double.POSITIVE_INFINITY);
    GmmLightFit a = gl.fit(x, exact, Rng.of(2));
    GmmLightFit b = gl.fit(x, expanded, Rng.of(2));
    sameTrace(a.elboTrace(), b.elboTrace(), 1e-11);

    BayesianGmm bg = BayesianGmm.of(3, 0.5, new double[] {0, 0}, 0.3, new double[][] {{0.5, 0.1}, {0.1, 0.5}}, 3);
    INDArray xg = bg.simulate(500, Rng.of(3)).x();
    BayesianGmmFit c = bg.fit(xg, exact, Rng.of(4));
    BayesianGmmFit d = bg.fit(xg, expanded, Rng.of(4));
    sameTrace(c.elboTrace(), d.elboTrace(), 1e-11);

    EarthquakeModel eq = EarthquakeModel.of(new double[] {0.3, 0.7}, 1, 0.1, 1, new double[] {0, 0}, 0.05);
    EarthquakeModel.Simulation s = eq.simulate(300, Rng.of(5));
    EarthquakeFit e = eq.fit(s.locations(), s.counts(), exact, Rng.of(6));
    EarthquakeFit f = eq.fit(s.locations(), s.counts(), expanded, Rng.of(6));
    sameTrace(e.elboTrace(), f.elboTrace(), 1e-11);
  }

  @Test
  void narrowComponentsFarFromTheCentreKeepTheElboMonotone() {
    // two clusters of width 1e-3 at +-1e4 (kappa ~ 1e14 for the expanded form, which would lose
    // every digit of the quadratic), plus a wide one: the exact path keeps the ELBO monotone and
    // equal to the term-by-term computation
    double[] w = {0.3, 0.3, 0.4};
    GmmLight gl = GmmLight.of(w, 0, 1e-9, 1, 1e-6); // lambda0 tiny: no visible shrinkage towards m0 = 0
    double[] x = gl.simulate(new double[] {-1e4, 1e4, 0}, new double[] {1e6, 1e6, 1e-4}, 300, Rng.of(7)).x();
    GmmLightFit fit = gl.fit(x, CaviOptions.defaults().withRestarts(2), Rng.of(8));
    double[] t = fit.elboTrace();
    for (int i = 1; i < t.length; i++) {
      assertTrue(t[i] >= t[i - 1] - 1e-12 * Math.abs(t[i - 1]), "ELBO fell at sweep " + (i + 1) + ": " + t[i - 1]
          + " -> " + t[i]);
    }
    assertEquals(GmmLightTest.naiveElbo(x, w, gl.prior(), fit), fit.elbo(), 1e-9 * Math.abs(fit.elbo()));
    double[] m = fit.means();
    java.util.Arrays.sort(m);
    // 90 points of standard deviation 1e-3 per narrow cluster: standard error 1e-4; 5 sigma
    assertEquals(-1e4, m[0], 5e-4);
    assertEquals(1e4, m[2], 5e-4);
  }

  @Test
  void resultsDoNotDependOnTheNumberOfWorkers() {
    // 40000 points in 5 blocks of 8192: two workers share them, statistics are summed in block order
    BayesianGmm bg = BayesianGmm.of(3, 0.5, new double[] {0, 0}, 0.3, new double[][] {{0.5, 0.1}, {0.1, 0.5}}, 3);
    INDArray x = bg.simulate(40_000, Rng.of(9)).x();
    CaviOptions o = CaviOptions.defaults().withMaxIter(8).withInit(Init.RANDOM);
    BayesianGmmFit[] fits = new BayesianGmmFit[2];
    for (int w = 1; w <= 2; w++) {
      fits[w - 1] = bg.fit(x, o.withThreading(Threading.threads(w)), Rng.of(10));
    }
    org.junit.jupiter.api.Assertions.assertArrayEquals(fits[0].elboTrace(), fits[1].elboTrace(), 0.0);
    assertTrue(fits[0].responsibilities().equals(fits[1].responsibilities()));
    assertEquals(5, (40_000 + MixtureEngine.blockSize(40_000) - 1) / MixtureEngine.blockSize(40_000));
  }

  /**
   * The fused E-step (the SIMD kernel, on under surefire) against the two ND4J products around the
   * soft-max, on one block of the earthquake's form (U = 1 count, D = 2, K = 3) with a tail: the
   * same responsibilities, log-normaliser and feature moments to 1e-12 relative (both are float64
   * with different summation orders; the kernel's own bounds are checked in gpu's KernelsTest).
   */
  @Test
  void fusedEStepEqualsTheProducts() {
    assertTrue(io.github.jvi.gpu.kernel.Kernels.fast());
    int u = 1;
    int d = 2;
    int b = 1003;
    Rng rng = Rng.of(11);
    INDArray other = rng.uniform(DataType.DOUBLE, 1, b).muli(20);
    INDArray loc = rng.normal(DataType.DOUBLE, d, b).muli(3);
    INDArray phi = MixtureEngine.features(other, loc);
    MixtureEngine.Logit[] lg = new MixtureEngine.Logit[3];
    for (int c = 0; c < 3; c++) {
      lg[c] = new MixtureEngine.Logit(-1.0 - c, new double[] {0.05 * c}, new double[] {c, -c},
          new double[] {0.1, -0.2 * c}, new double[][] {{-0.5, 0.1}, {0.1, -0.3 - 0.1 * c}});
    }
    MixtureEngine.Coefficients co = MixtureEngine.Coefficients.of(lg, u, d, MixtureEngine.DEFAULT_CONDITION_LIMIT);
    int f = co.features();
    INDArray[] fused = {Nd4j.create(DataType.DOUBLE, 3, b), Nd4j.create(DataType.DOUBLE, 3, f)};
    INDArray[] prod = {Nd4j.create(DataType.DOUBLE, 3, b), Nd4j.create(DataType.DOUBLE, 3, f)};
    double lf = MixtureEngine.blockEStep(co, phi, fused[0], fused[1], new MixtureEngine.Stats[3]);
    double lp = MixtureEngine.productsEStep(co, phi, prod[0], prod[1], new MixtureEngine.Stats[3]);
    assertEquals(lp, lf, 1e-12 * Math.abs(lp), "log-normaliser");
    for (int a = 0; a < 2; a++) {
      double[] x = fused[a].reshape(-1).toDoubleVector();
      double[] y = prod[a].reshape(-1).toDoubleVector();
      for (int i = 0; i < x.length; i++) {
        assertEquals(y[i], x[i], 1e-12 * Math.max(1e-300, Math.abs(y[i])), "output " + a + " element " + i);
      }
    }
    for (int c = 0; c < 3; c++) { // every component takes a share (the comparison means something)
      assertTrue(fused[1].getDouble(c, 0) > 0.01 * b, "N_" + c + " = " + fused[1].getDouble(c, 0));
    }
  }
}
