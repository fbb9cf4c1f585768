package io.github.jvi.vi.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.cavi.BayesianGmm;
import io.github.jvi.vi.cavi.MixtureBlock;
import io.github.jvi.vi.cavi.MixtureLocalStep;
import io.github.jvi.vi.cavi.MixtureStatistics;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A task that the scheduler gives several cores ({@code spark.task.cpus} = 2 on local[2]) spreads
 * its partition's blocks over that many threads and gives the same bits as the same blocks on one
 * thread: one partition of 300000 points (5 feature blocks), the local step of a deterministic
 * soft assignment. Data have a fixed seed (9); every comparison is exact, no failure budget is spent.
 */
class SparkTaskCpusTest {
  @Test
  void aTaskWithTwoCoresGivesTheBitsOfOneThread() {
    int n = 300_000;
    INDArray x = BayesianGmm.simulate(new double[] {0.6, 0.4}, new double[][] {{0, 0}, {4, 2}},
        new double[][][] {{{1, 0.2}, {0.2, 1}}, {{0.7, 0}, {0, 1.5}}}, n, Rng.of(9)).x();
    double[] flat = x.dup('c').data().asDouble();
    double[] centre = x.mean(0).toDoubleVector();
    double[][] rows = new double[n][];
    double[] centred = new double[2 * n];
    double[] r0 = new double[2 * n];
    for (int i = 0; i < n; i++) {
      rows[i] = new double[] {flat[2 * i], flat[2 * i + 1]};
      centred[2 * i] = flat[2 * i] - centre[0];
      centred[2 * i + 1] = flat[2 * i + 1] - centre[1];
      double w = 1 / (1 + Math.exp(-(flat[2 * i] + flat[2 * i + 1] - 3)));
      r0[2 * i] = 1 - w;
      r0[2 * i + 1] = w;
    }
    BayesianGmm model = BayesianGmm.of(2, 0.5, centre, 1.0, new double[][] {{0.2, 0}, {0, 0.2}}, 2.0);
    MixtureLocalStep step = model.globals(MixtureStatistics.ofResponsibilities(centred, 2, r0, 2), centre).localStep();
    // the blocks one partition makes (SparkGmm.features): FEATURE_BLOCK points each, in row order
    List<MixtureBlock> local = new ArrayList<>();
    for (int lo = 0; lo < n; lo += SparkGmm.FEATURE_BLOCK) {
      local.add(step.block(centred, lo, Math.min(n, lo + SparkGmm.FEATURE_BLOCK)));
    }
    MixtureStatistics oneThread = step.statistics(local.iterator());
    SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("jvi-test-task-cpus")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1").set("spark.task.cpus", "2");
    JavaSparkContext sc = new JavaSparkContext(conf);
    try {
      JavaRDD<double[]> blocks = SparkGmm.centred(SparkGmm.blocks(sc, rows, 1, 4096), centre);
      JavaRDD<MixtureBlock> features = SparkGmm.features(blocks, 2);
      List<Integer> threads = features.mapPartitions(it -> List.of(
          SparkGmm.taskThreading(org.apache.spark.TaskContext.get()).threads()).iterator()).collect();
      assertEquals(List.of(2), threads, "threads of the task");
      MixtureStatistics direct = SparkGmm.aggregate(features, step, "direct");
      MixtureStatistics tree = SparkGmm.aggregate(features, new SparkGmm.FeatureStep(step), "tree", 0);
      for (MixtureStatistics s : new MixtureStatistics[] {direct, tree}) {
        assertEquals(n, s.points());
        assertEquals(Double.doubleToLongBits(oneThread.logSumExp()), Double.doubleToLongBits(s.logSumExp()),
            "sum log normaliser");
        assertArrayEquals(oneThread.counts(), s.counts(), "N_k");
        double[][] m1 = model.globals(oneThread, centre).means();
        double[][] m2 = model.globals(s, centre).means();
        for (int k = 0; k < 2; k++) {
          assertArrayEquals(m1[k], m2[k], "mean " + k);
        }
      }
      features.unpersist();
      blocks.unpersist();
    } finally {
      sc.stop();
    }
  }
}
