package io.github.jvi.vi.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.cavi.BayesianGmm;
import io.github.jvi.vi.cavi.BayesianGmmFit;
import io.github.jvi.vi.cavi.CaviOptions;
import io.github.jvi.vi.cavi.MixtureStatistics;
import io.github.jvi.vi.svi.RowMoments;
import io.github.jvi.vi.svi.SviOptions;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The mixtures on Spark (local[2], one context for the class) against single-machine CAVI. Data
 * (seed 8), initialisation (deterministic soft assignment to three fixed centres) and the SVI seed
 * (5) are fixed. CAVI: 1e-10 relative on every factor and ELBO over 1, 2 and 7 partitions (the sums
 * differ only in grouping and the E-step's rounding). SVI: within 1e-3 relative of CAVI's ELBO per point
 * on 20000 points with B = 2000 over 3 passes. Failure budget: deterministic
 * comparisons of seeded runs; none is expected to fail.
 */
class SparkGmmTest {
  private static JavaSparkContext sc;
  private static final int N = 20_000;
  private static double[][] rows;
  private static INDArray x;
  private static BayesianGmm model;

  @BeforeAll
  static void start() {
    SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("jvi-test")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1");
    sc = new JavaSparkContext(conf);
    x = BayesianGmm.simulate(new double[] {0.5, 0.3, 0.2}, new double[][] {{0, 0}, {5, 1}, {-2, 6}},
        new double[][][] {{{1, 0.3}, {0.3, 1}}, {{0.5, 0}, {0, 2}}, {{1.5, -0.4}, {-0.4, 0.7}}}, N, Rng.of(8)).x();
    double[] flat = x.dup('c').data().asDouble();
    rows = new double[N][];
    for (int i = 0; i < N; i++) {
      rows[i] = new double[] {flat[2 * i], flat[2 * i + 1]};
    }
    model = BayesianGmm.of(3, 1.0 / 3, x.mean(0).toDoubleVector(), 1.0, new double[][] {{0.1, 0}, {0, 0.1}}, 2.0);
  }

  @AfterAll
  static void stop() {
    sc.stop();
  }

  /** Responsibilities proportional to exp(-|x - c_k|^2 / 8) for three fixed centres, [N][K] row-major. */
  private static double[] initialResponsibilities() {
    double[][] c = {{1, 1}, {3, 0}, {0, 4}};
    double[] r = new double[N * 3];
    for (int i = 0; i < N; i++) {
      double s = 0;
      for (int k = 0; k < 3; k++) {
        double dx = rows[i][0] - c[k][0];
        double dy = rows[i][1] - c[k][1];
        r[i * 3 + k] = Math.exp(-(dx * dx + dy * dy) / 8);
        s += r[i * 3 + k];
      }
      for (int k = 0; k < 3; k++) {
        r[i * 3 + k] /= s;
      }
    }
    return r;
  }

  private static double[] centredFlat(double[] centre) {
    double[] out = new double[N * 2];
    for (int i = 0; i < N; i++) {
      out[2 * i] = rows[i][0] - centre[0];
      out[2 * i + 1] = rows[i][1] - centre[1];
    }
    return out;
  }

  private static void assertRel(double expected, double actual, double rel, String what) {
    assertEquals(expected, actual, rel * Math.max(1, Math.abs(expected)), what);
  }

  @Test
  void distributedCaviIsSingleMachineCaviOverOneTwoAndSevenPartitions() {
    double[] r0 = initialResponsibilities();
    int sweeps = 12; // below the sweep at which CAVI reaches its fixed point exactly (24 here)
    BayesianGmmFit single = model.fit(x, Nd4j.createFromArray(r0).reshape(N, 3),
        CaviOptions.defaults().withMaxIter(sweeps).withTol(0));
    for (int partitions : new int[] {1, 2, 7}) {
      JavaRDD<double[]> blocks = SparkGmm.blocks(sc, rows, partitions, 1000);
      RowMoments m = SparkGmm.moments(blocks, 2);
      assertEquals(N, m.count());
      double[] centre = m.mean();
      JavaRDD<double[]> centred = SparkGmm.centred(blocks, centre);
      MixtureStatistics init = MixtureStatistics.ofResponsibilities(centredFlat(centre), 2, r0, 3);
      SparkFit fit = SparkGmm.cavi(centred, model, centre, init, sweeps, 0);
      centred.unpersist();
      String p = " (" + partitions + " partitions)";
      assertEquals(N, fit.n());
      assertEquals(single.iterations(), fit.iterations(), "sweeps" + p);
      double[] st = single.elboTrace();
      double[] ft = fit.elboTrace();
      for (int i = 0; i < st.length; i++) {
        assertRel(st[i], ft[i], 1e-10, "ELBO of sweep " + (i + 1) + p);
      }
      double[] sw = single.weights();
      double[] fw = fit.globals().weights();
      double[][] sm = single.means();
      double[][] fm = fit.globals().means();
      double[][][] sc3 = single.covariances();
      double[][][] fc3 = fit.globals().covariances();
      for (int k = 0; k < 3; k++) {
        assertRel(sw[k], fw[k], 1e-10, "weight " + k + p);
        assertRel(single.alphas()[k], fit.globals().alphas()[k], 1e-10, "alpha " + k + p);
        assertRel(single.dofs()[k], fit.globals().dofs()[k], 1e-10, "nu " + k + p);
        for (int i = 0; i < 2; i++) {
          assertRel(sm[k][i], fm[k][i], 1e-10, "mean " + k + p);
          for (int j = 0; j < 2; j++) {
            assertRel(sc3[k][i][j], fc3[k][i][j], 1e-10, "covariance " + k + p);
          }
        }
      }
    }
  }

  /**
   * The two ways an iteration's statistics are combined: directly on the driver in partition order
   * (the same bits on every run, whichever task ends first) and through treeAggregate's tree (forced
   * by a zero byte budget), over 7 partitions; and the row-block E-step (rate 0) against the
   * feature-block one.
   */
  @Test
  void directAndTreeAggregationAgreeAndTheDirectOneIsReproducible() {
    JavaRDD<double[]> blocks = SparkGmm.blocks(sc, rows, 7, 1000);
    double[] centre = SparkGmm.moments(blocks, 2).mean();
    JavaRDD<double[]> centred = SparkGmm.centred(blocks, centre);
    JavaRDD<io.github.jvi.vi.cavi.MixtureBlock> features = SparkGmm.features(centred, 2);
    MixtureStatistics init = MixtureStatistics.ofResponsibilities(centredFlat(centre), 2, initialResponsibilities(), 3);
    io.github.jvi.vi.cavi.MixtureLocalStep step = model.globals(init, centre).localStep();
    MixtureStatistics direct = SparkGmm.aggregate(features, new SparkGmm.FeatureStep(step), "direct", SparkGmm.DIRECT_BYTES);
    MixtureStatistics again = SparkGmm.aggregate(features, new SparkGmm.FeatureStep(step), "again", SparkGmm.DIRECT_BYTES);
    MixtureStatistics tree = SparkGmm.aggregate(features, new SparkGmm.FeatureStep(step), "tree", 0);
    MixtureStatistics byRows = SparkGmm.aggregate(centred, step, 2, "rows", 0, 0);
    features.unpersist();
    centred.unpersist();
    assertEquals(N, direct.points());
    assertEquals(N, tree.points());
    assertEquals(N, byRows.points());
    assertEquals(Double.doubleToLongBits(direct.logSumExp()), Double.doubleToLongBits(again.logSumExp()), "direct twice");
    assertTrue(java.util.Arrays.equals(direct.counts(), again.counts()), "direct twice: N_k");
    assertRel(direct.logSumExp(), tree.logSumExp(), 1e-12, "tree: sum log normaliser");
    assertRel(direct.logSumExp(), byRows.logSumExp(), 1e-10, "rows: sum log normaliser");
    double[][] dm = model.globals(direct, centre).means();
    double[][] tm = model.globals(tree, centre).means();
    double[][] rm = model.globals(byRows, centre).means();
    for (int k = 0; k < 3; k++) {
      assertRel(direct.counts()[k], tree.counts()[k], 1e-12, "tree: N_" + k);
      assertRel(direct.counts()[k], byRows.counts()[k], 1e-10, "rows: N_" + k);
      for (int i = 0; i < 2; i++) {
        assertRel(dm[k][i], tm[k][i], 1e-12, "tree: mean " + k);
        assertRel(dm[k][i], rm[k][i], 1e-10, "rows: mean " + k);
      }
    }
  }

  @Test
  void sparkSviReachesTheCaviOptimum() {
    BayesianGmmFit cavi = model.fit(x, CaviOptions.defaults(), Rng.of(3));
    JavaRDD<double[]> blocks = SparkGmm.blocks(sc, rows, 2, 1000);
    double[] centre = SparkGmm.moments(blocks, 2).mean();
    JavaRDD<double[]> centred = SparkGmm.centred(blocks, centre);
    double[] sample = java.util.Arrays.copyOf(centredFlat(centre), 4000);
    MixtureStatistics init = io.github.jvi.vi.cavi.GmmGlobals.seed(model, sample, N, CaviOptions.defaults(), Rng.of(5));
    SviOptions o = SviOptions.defaults().with(2000, 3, 0.7, 1).withSeed(5);
    SparkFit fit = SparkGmm.svi(centred, model, centre, N, init, o);
    centred.unpersist();
    assertEquals(30, fit.iterations());
    assertEquals(N, fit.n());
    double caviPerPoint = cavi.elbo() / N;
    assertRel(caviPerPoint, fit.elbo() / N, 1e-3, "SVI " + fit.elbo() / N + " vs CAVI " + caviPerPoint);
  }

  @Test
  void aFailingJobIsOneClearError() {
    List<double[]> blocks = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      blocks.add(new double[] {1, 2, 3, 4});
    }
    blocks.add(new double[] {1, 2, 3}); // a bad block: not a whole number of 2-D rows
    JavaRDD<double[]> rdd = sc.parallelize(blocks, 7);
    MixtureStatistics init = MixtureStatistics.ofResponsibilities(new double[] {0, 0, 1, 1, 2, 2}, 2,
        new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 3);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> SparkGmm.cavi(rdd, model, new double[] {0, 0}, init, 3, 0));
    assertTrue(e.getMessage().startsWith("Spark job failed (CAVI sweep 1): "), e.getMessage());
    assertTrue(e.getMessage().contains("a block of 3 numbers is not a whole number of rows of D = 2"), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }
}
