package io.github.jvi.vi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.cavi.BayesianGmm;
import io.github.jvi.vi.cavi.CaviOptions;
import io.github.jvi.vi.cavi.GmmGlobals;
import io.github.jvi.vi.cavi.Init;
import io.github.jvi.vi.cavi.MixtureBlock;
import io.github.jvi.vi.cavi.MixtureStatistics;
import io.github.jvi.vi.spark.SparkGmm;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code bench spark-gmm} times as many sweeps as it is asked for, in repeated fits: a fit with
 * tolerance 0 ends as soon as its ELBO repeats to the bit (at 128 points, after 100 to 300 sweeps),
 * so its warm-up of one 300-sweep fit ran fewer jobs than --warmup said. The data have a fixed seed
 * (1); the checks are counts, no failure budget is spent.
 */
class SparkBenchRunnerTest {
  @Test
  void sweepsAreRepeatedFitsUntilTheCountIsReached() {
    SparkConf conf = new SparkConf().setMaster("local[1]").setAppName("jvi-test-bench")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1");
    JavaSparkContext sc = new JavaSparkContext(conf);
    try {
      BayesianGmm model = SviBenchCommands.benchModel(5, 2);
      INDArray x = SviBenchCommands.simulate(128, 5, 2, 1);
      double[] flat = x.dup('c').data().asDouble();
      double[] centre = x.mean(0).toDoubleVector();
      JavaRDD<double[]> rows = SparkBenchRunner.blocks(sc, flat, 2, centre, 1);
      JavaRDD<MixtureBlock> features = SparkGmm.features(rows, 2);
      MixtureStatistics init = GmmGlobals.seed(model, SparkBenchRunner.centred(flat, 2, centre), 128, CaviOptions.of(5, 0, 1, Init.KMEANS_PLUS_PLUS),
          Rng.of(1));
      // 60 sweeps in fits of at most 25: 25, 25 and 10 (a fit that stops early at a repeated ELBO
      // counts its own sweeps the same way)
      SparkBenchRunner.Sweeps s = SparkBenchRunner.Sweeps.run(features, model, centre, init, 60, 25);
      assertEquals(60, s.seconds().length, "sweeps timed");
      assertEquals(10, s.last().iterations(), "the last fit's sweeps");
      for (double t : s.seconds()) {
        assertTrue(t > 0, "a sweep's seconds: " + t);
      }
      assertTrue(s.cpuSeconds() > 0, "CPU seconds: " + s.cpuSeconds());
      features.unpersist();
      rows.unpersist();
    } finally {
      sc.stop();
    }
  }
}
