package io.github.jvi.verification.cavi;

import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.cavi.BayesianGmm;
import io.github.jvi.vi.cavi.BayesianGmmFit;
import io.github.jvi.vi.cavi.CaviOptions;
import io.github.jvi.vi.cavi.EarthquakeFit;
import io.github.jvi.vi.cavi.EarthquakeModel;
import io.github.jvi.vi.cavi.GmmLight;
import io.github.jvi.vi.cavi.GmmLightFit;
import io.github.jvi.vi.cavi.NormalGammaFit;
import io.github.jvi.vi.cavi.NormalGammaModel;
import java.util.Arrays;
import java.util.Comparator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Assertions;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The data are exchangeable, so the result must not depend on their order: permuting the points
 * (and, for the mixtures, the initial responsibilities with them) gives the same factors, the same
 * ELBO trace and permuted responsibilities, up to the rounding of sums taken in another order
 * (1e-9 relative). With k-means++ initialisation and restarts on well-separated clusters, the fitted
 * components agree as a set (up to relabelling).
 */
class CaviPermutationProperties {
  private static final double TOL = 1e-9;

  private static INDArray rows(INDArray a, int[] p) {
    return Nd4j.pullRows(a, 1, p);
  }

  private static INDArray randomResponsibilities(long n, int k, Rng rng) {
    INDArray u = rng.uniform(DataType.DOUBLE, n, k).addi(0.05);
    return u.diviColumnVector(u.sum(1));
  }

  private static void sameTrace(double[] a, double[] b) {
    Assertions.assertEquals(a.length, b.length, "number of sweeps");
    for (int i = 0; i < a.length; i++) {
      Assertions.assertEquals(a[i], b[i], TOL * Math.abs(a[i]), "ELBO at sweep " + (i + 1));
    }
  }

  private static void sameRows(double[][] a, double[][] b) {
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        Assertions.assertEquals(a[i][j], b[i][j], TOL * (1 + Math.abs(a[i][j])));
      }
    }
  }

  @Property(tries = 15, seed = "1017")
  void normalGamma(@ForAll @IntRange(min = 1, max = 300) int n, @ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
    NormalGammaModel model = NormalGammaModel.of(0.5, 2, 1.5, 0.7);
    Rng rng = Rng.of(seed);
    double[] x = model.simulate(n, rng).x();
    int[] p = rng.permutation(n);
    double[] xp = new double[n];
    for (int i = 0; i < n; i++) {
      xp[i] = x[p[i]];
    }
    NormalGammaFit a = model.fit(x, CaviOptions.defaults());
    NormalGammaFit b = model.fit(xp, CaviOptions.defaults());
    Assertions.assertEquals(a.muMean(), b.muMean(), TOL * (1 + Math.abs(a.muMean())));
    Assertions.assertEquals(a.tauRate(), b.tauRate(), TOL * a.tauRate());
    sameTrace(a.elboTrace(), b.elboTrace());
  }

  @Property(tries = 15, seed = "1018")
  void mixturesFromPermutedResponsibilities(@ForAll @IntRange(min = 1, max = 4) int k,
      @ForAll @IntRange(min = 10, max = 300) int n, @ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
    Rng rng = Rng.of(seed);
    int[] p = rng.permutation(n);
    INDArray r0 = randomResponsibilities(n, k, rng);
    INDArray rp = rows(r0, p);
    CaviOptions o = CaviOptions.defaults().withMaxIter(30);
    double[] w = new double[k];
    Arrays.fill(w, 1.0 / k);

    GmmLight gl = GmmLight.of(w, 0, 0.1, 1, 1);
    INDArray x1 = Nd4j.createFromArray(gl.simulate(n, rng).x()).reshape(n, 1);
    GmmLightFit a = gl.fit(x1, r0, o);
    GmmLightFit b = gl.fit(rows(x1, p), rp, o);
    sameRows(new double[][] {a.means(), a.rates()}, new double[][] {b.means(), b.rates()});
    sameTrace(a.elboTrace(), b.elboTrace());
    sameRows(rows(a.responsibilities(), p).toDoubleMatrix(), b.responsibilities().toDoubleMatrix());

    BayesianGmm bg = BayesianGmm.of(k, 0.5, new double[] {0, 0}, 0.5, new double[][] {{0.5, 0}, {0, 0.5}}, 3);
    INDArray x2 = bg.simulate(n, rng).x();
    BayesianGmmFit c = bg.fit(x2, r0, o);
    BayesianGmmFit d = bg.fit(rows(x2, p), rp, o);
    sameRows(c.means(), d.means());
    sameRows(new double[][] {c.alphas(), c.dofs()}, new double[][] {d.alphas(), d.dofs()});
    sameTrace(c.elboTrace(), d.elboTrace());

    EarthquakeModel eq = EarthquakeModel.of(w, 1, 0.1, 1, new double[] {0, 0}, 0.05);
    EarthquakeModel.Simulation s = eq.simulate(n, rng);
    EarthquakeFit e = eq.fit(s.locations(), s.counts(), r0, o);
    EarthquakeFit f = eq.fit(rows(s.locations(), p), Nd4j.pullRows(s.counts().reshape(n, 1), 1, p), rp, o);
    sameRows(e.means(), f.means());
    sameRows(new double[][] {e.rateShapes(), e.rateRates()}, new double[][] {f.rateShapes(), f.rateRates()});
    sameTrace(e.elboTrace(), f.elboTrace());
  }

  @Property(tries = 5, seed = "1019")
  void kmeansPlusPlusFindsTheSameComponentsInAnyOrder(@ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
    Rng rng = Rng.of(seed);
    INDArray x = BayesianGmm.simulate(new double[] {0.4, 0.3, 0.3}, new double[][] {{-6, 0}, {4, 5}, {4, -5}},
        new double[][][] {{{1, 0.3}, {0.3, 1}}, {{0.7, 0}, {0, 0.7}}, {{1, -0.2}, {-0.2, 0.6}}}, 600, rng).x();
    INDArray xp = rows(x, rng.permutation(600));
    BayesianGmm model = BayesianGmm.of(3, 1, new double[] {0, 0}, 0.01, new double[][] {{1, 0}, {0, 1}}, 2);
    CaviOptions o = CaviOptions.defaults().withRestarts(3).withTol(1e-12);
    BayesianGmmFit a = model.fit(x, o, Rng.of(seed + 1));
    BayesianGmmFit b = model.fit(xp, o, Rng.of(seed + 2));
    double[][] ma = a.means();
    double[][] mb = b.means();
    Comparator<double[]> byX = Comparator.comparingDouble((double[] r) -> r[0]).thenComparingDouble(r -> r[1]);
    Arrays.sort(ma, byX);
    Arrays.sort(mb, byX);
    // the same optimum reached from different starts: agreement to the convergence tolerance
    for (int c = 0; c < 3; c++) {
      Assertions.assertArrayEquals(ma[c], mb[c], 1e-4, "component " + c);
    }
    Assertions.assertEquals(a.elbo(), b.elbo(), 1e-9 * Math.abs(a.elbo()));
    Assertions.assertTrue(Transforms.abs(a.responsibilities().sum(1).subi(1), false).maxNumber().doubleValue() < 1e-12);
  }
}
