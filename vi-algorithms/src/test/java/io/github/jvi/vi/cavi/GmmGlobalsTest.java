package io.github.jvi.vi.cavi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.jvi.gpu.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The statistics-to-globals step shared by CAVI, SVI and Spark: the engine's own statistics
 * through {@link MixtureStatistics#blend} at rho = 1 and {@link BayesianGmm#globals} give the
 * engine's next factors bit for bit; the local step (the engine's block E-step on the same blocks)
 * gives the engine's E-step statistics bit for bit, and a full-batch SVI step with rho = 1 the next
 * CAVI factors bit for bit. Data and initialisation have fixed seeds; every comparison is exact or at a stated
 * relative tolerance far above double rounding (no failure budget is spent).
 */
class GmmGlobalsTest {
  private static final int K = 3;
  private static final int N = 3000;

  /** The engine's model, recording the statistics each update receives and the factors it returns. */
  private static final class Recording implements MixtureEngine.Model<BayesianGmm.Factors> {
    final BayesianGmm.Components inner;
    final List<MixtureEngine.Stats[]> stats = new ArrayList<>();
    final List<BayesianGmm.Factors> params = new ArrayList<>();

    Recording(BayesianGmm.Components inner) {
      this.inner = inner;
    }

    @Override
    public int components() {
      return inner.components();
    }

    @Override
    public BayesianGmm.Factors update(MixtureEngine.Stats[] st) {
      stats.add(st);
      BayesianGmm.Factors f = inner.update(st);
      params.add(f);
      return f;
    }

    @Override
    public MixtureEngine.Logit[] logits(BayesianGmm.Factors f) {
      return inner.logits(f);
    }

    @Override
    public double globalTerm(BayesianGmm.Factors f) {
      return inner.globalTerm(f);
    }

    @Override
    public double[] parameters(BayesianGmm.Factors f) {
      return inner.parameters(f);
    }
  }

  private record Setup(BayesianGmm model, INDArray xt, double[] centre, Recording rec, MixtureEngine.Run<BayesianGmm.Factors> run) {}

  private static Setup setup(int sweeps) {
    return setup(sweeps, N, MixtureEngine.DEFAULT_CONDITION_LIMIT);
  }

  private static Setup setup(int sweeps, int n, double conditionLimit) {
    INDArray x = BayesianGmm.simulate(new double[] {0.5, 0.3, 0.2}, new double[][] {{0, 0}, {4, 1}, {-2, 5}},
        new double[][][] {{{1, 0.3}, {0.3, 1}}, {{0.5, 0}, {0, 2}}, {{1.5, -0.4}, {-0.4, 0.7}}}, n, Rng.of(5)).x();
    BayesianGmm model = BayesianGmm.of(K, 0.5, new double[] {1, 2}, 1.0, new double[][] {{0.1, 0}, {0, 0.1}}, 2.0);
    INDArray[] xc = BayesianGmm.centredTranspose(x, 2, "x");
    double[] centre = xc[1].toDoubleVector();
    double[] m0c = {1 - centre[0], 2 - centre[1]};
    Recording rec = new Recording(model.new Components(m0c));
    MixtureEngine engine = MixtureEngine.of(null, xc[0]);
    INDArray r0 = Seeding.initial(Init.KMEANS_PLUS_PLUS, xc[0], K, Rng.of(2));
    MixtureEngine.Run<BayesianGmm.Factors> run = engine.run(rec, engine.splitLike(r0), 0.0,
        CaviOptions.defaults().withMaxIter(sweeps).withTol(0.0).withConditionLimit(conditionLimit));
    return new Setup(model, xc[0], centre, rec, run);
  }

  private static void assertSameFactors(BayesianGmm.Factors a, BayesianGmm.Factors b) {
    assertArrayEquals(a.alpha(), b.alpha());
    assertArrayEquals(a.beta(), b.beta());
    assertArrayEquals(a.nu(), b.nu());
    assertArrayEquals(a.logDetW(), b.logDetW());
    for (int c = 0; c < K; c++) {
      assertArrayEquals(a.m()[c], b.m()[c]);
      for (int i = 0; i < 2; i++) {
        assertArrayEquals(a.w()[c][i], b.w()[c][i]);
      }
    }
  }

  private static void assertClose(double[] expected, double[] actual, double rel, String what) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], rel * Math.max(1, Math.abs(expected[i])), what + "[" + i + "]");
    }
  }

  @Test
  void aFullBatchStepWithRhoOneIsTheCaviUpdateBitForBit() {
    Setup s = setup(3);
    // the engine's sweep 3 updated from the E-step statistics of sweep 2
    MixtureStatistics previous = MixtureStatistics.of(s.rec.stats.get(1));
    MixtureStatistics batch = MixtureStatistics.of(s.rec.stats.get(2)).scaled((double) N / N);
    GmmGlobals g = s.model.globals(previous.blend(1.0, batch), s.centre);
    assertSameFactors(s.rec.params.get(2), g.factors());
    assertSameFactors(s.run.params(), g.factors());
  }

  @Test
  void theLocalStepGivesTheEngineStatisticsBitForBitAndItsElbo() {
    Setup s = setup(3);
    // factors of sweep 2; the engine's E-step under them gave the statistics of sweep 3's update
    GmmGlobals g2 = s.model.globals(MixtureStatistics.of(s.rec.stats.get(1)), s.centre);
    assertSameFactors(s.rec.params.get(1), g2.factors());
    double[] rows = s.xt.transpose().dup('c').data().asDouble();
    MixtureLocalStep step = g2.localStep();
    MixtureStatistics acc = step.emptyStatistics();
    step.accumulate(rows, 0, N, acc);
    MixtureStatistics engine = MixtureStatistics.of(s.rec.stats.get(2));
    assertEquals(N, acc.points());
    // the same block E-step on the same blocks: the same bits
    assertArrayEquals(engine.n, acc.n, "N_k");
    assertArrayEquals(engine.y, acc.y, "y");
    assertArrayEquals(engine.yy, acc.yy, "yy");
    assertArrayEquals(engine.ref, acc.ref);
    // the ELBO of sweep 2 is the local step's log-sum-exp plus the global term (the sum of the
    // per-point log-normalisers is grouped per block here, over all points in the engine)
    double elbo = acc.logSumExp() + g2.globalTerm();
    assertEquals(s.run.trace()[1], elbo, 1e-11 * Math.abs(elbo));
    // a cached block gives the same statistics, to rounding (converted per block)
    MixtureStatistics viaBlock = step.emptyStatistics();
    step.accumulate(step.block(rows, 0, N), viaBlock);
    assertClose(engine.n, viaBlock.n, 1e-11, "N_k (block)");
    assertClose(engine.y, viaBlock.y, 1e-11, "y (block)");
    assertClose(engine.yy, viaBlock.yy, 1e-11, "yy (block)");
    assertEquals(acc.logSumExp(), viaBlock.logSumExp(), 1e-11 * Math.abs(acc.logSumExp()));
  }

  /**
   * The local step's blocks spread over threads (a Spark task's spark.task.cpus): the same bits as
   * on the calling thread, over 60000 points (8 engine blocks from rows; 6 cached blocks), with the
   * default condition limit and with limit 0 (every component on the direct path), on threads the
   * step starts and on the caller's executor.
   */
  @Test
  void theLocalStepGivesTheSameBitsOnAnyNumberOfThreads() {
    int n = 60_000;
    Setup s = setup(2, n, MixtureEngine.DEFAULT_CONDITION_LIMIT);
    GmmGlobals g = s.model.globals(MixtureStatistics.of(s.rec.stats.get(1)), s.centre);
    double[] rows = s.xt.transpose().dup('c').data().asDouble();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      for (double limit : new double[] {MixtureEngine.DEFAULT_CONDITION_LIMIT, 0}) {
        MixtureLocalStep step = g.localStep(limit);
        List<MixtureBlock> blocks = new ArrayList<>();
        for (int lo = 0; lo < n; lo += 10_000) {
          blocks.add(step.block(rows, lo, lo + 10_000));
        }
        MixtureStatistics rowsOne = step.statistics(rows, 0, n);
        MixtureStatistics blocksOne = step.statistics(blocks.iterator());
        assertEquals(n, rowsOne.points());
        for (Threading t : new Threading[] {Threading.threads(2), Threading.threads(3), Threading.on(pool, 2)}) {
          String what = " (" + t + ", limit " + limit + ")";
          assertSameStatistics(rowsOne, step.statistics(rows, 0, n, t), "rows" + what);
          assertSameStatistics(blocksOne, step.statistics(blocks.iterator(), t), "blocks" + what);
        }
      }
    } finally {
      pool.shutdown();
    }
  }

  private static void assertSameStatistics(MixtureStatistics expected, MixtureStatistics actual, String what) {
    assertEquals(expected.points(), actual.points(), what + ": points");
    assertEquals(Double.doubleToLongBits(expected.logSumExp()), Double.doubleToLongBits(actual.logSumExp()),
        what + ": sum log normaliser");
    assertArrayEquals(expected.n, actual.n, what + ": N_k");
    assertArrayEquals(expected.y, actual.y, what + ": y");
    assertArrayEquals(expected.yy, actual.yy, what + ": yy");
  }

  /**
   * Issue 12: "a full batch with rho = 1 must equal one CAVI sweep bit for bit". From the state
   * after the engine's sweep 2 (statistics s_1 and the factors made from them), one SVI step
   * ({@link io.github.jvi.vi.svi.StochasticGmm#step}) on all N points in the engine's order with
   * rho = 1 gives the engine's sweep-3 factors exactly: over 20000 points (three engine blocks),
   * with the default condition limit (every component expanded about 0 here) and with limit 0
   * (every component on the direct path).
   */
  @Test
  void aFullBatchSviStepWithRhoOneGivesTheNextCaviFactorsBitForBit() {
    int n = 20_000;
    assertEquals(3, (n + MixtureEngine.blockSize(n) - 1) / MixtureEngine.blockSize(n), "engine blocks");
    for (double limit : new double[] {MixtureEngine.DEFAULT_CONDITION_LIMIT, 0.0}) {
      Setup s = setup(3, n, limit);
      MixtureStatistics s1 = MixtureStatistics.of(s.rec.stats.get(1));
      GmmGlobals g2 = s.model.globals(s1, s.centre);
      assertSameFactors(s.rec.params.get(1), g2.factors());
      double[] rows = s.xt.transpose().dup('c').data().asDouble();
      MixtureStatistics next = io.github.jvi.vi.svi.StochasticGmm.step(g2.localStep(limit), s1, 1.0, rows, n, n);
      MixtureStatistics engine = MixtureStatistics.of(s.rec.stats.get(2));
      assertArrayEquals(engine.n, next.n, "N_k, limit " + limit);
      assertArrayEquals(engine.y, next.y, "y, limit " + limit);
      assertArrayEquals(engine.yy, next.yy, "yy, limit " + limit);
      GmmGlobals g3 = s.model.globals(next, s.centre);
      assertSameFactors(s.rec.params.get(2), g3.factors());
      assertSameFactors(s.run.params(), g3.factors());
    }
  }

  @Test
  void blendMovesToTheTargetReferenceExactly() {
    Setup s = setup(3);
    MixtureStatistics a = MixtureStatistics.of(s.rec.stats.get(1));
    MixtureStatistics b = MixtureStatistics.of(s.rec.stats.get(2));
    double rho = 0.3;
    MixtureStatistics m = a.blend(rho, b);
    assertArrayEquals(b.ref, m.ref);
    // raw moments about the origin are affine in the statistics: compare them
    for (int c = 0; c < K; c++) {
      double na = a.n[c], nb = b.n[c];
      assertEquals((1 - rho) * na + rho * nb, m.n[c], 1e-12 * N);
      for (int i = 0; i < 2; i++) {
        double sa = a.y[c * 2 + i] + na * a.ref[c * 2 + i];
        double sb = b.y[c * 2 + i] + nb * b.ref[c * 2 + i];
        double sm = m.y[c * 2 + i] + m.n[c] * m.ref[c * 2 + i];
        assertEquals((1 - rho) * sa + rho * sb, sm, 1e-10 * N);
        for (int j = 0; j < 2; j++) {
          double xa = a.yy[(c * 2 + i) * 2 + j] + a.y[c * 2 + i] * a.ref[c * 2 + j] + a.ref[c * 2 + i] * a.y[c * 2 + j]
              + na * a.ref[c * 2 + i] * a.ref[c * 2 + j];
          double xb = b.yy[(c * 2 + i) * 2 + j] + b.y[c * 2 + i] * b.ref[c * 2 + j] + b.ref[c * 2 + i] * b.y[c * 2 + j]
              + nb * b.ref[c * 2 + i] * b.ref[c * 2 + j];
          double xm = m.yy[(c * 2 + i) * 2 + j] + m.y[c * 2 + i] * m.ref[c * 2 + j] + m.ref[c * 2 + i] * m.y[c * 2 + j]
              + m.n[c] * m.ref[c * 2 + i] * m.ref[c * 2 + j];
          assertEquals((1 - rho) * xa + rho * xb, xm, 1e-9 * N);
        }
      }
    }
  }

  @Test
  void badArgumentsNameTheParameter() {
    Setup s = setup(1);
    MixtureStatistics a = MixtureStatistics.of(s.rec.stats.get(0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.blend(1.5, a));
    assertEquals(true, e.getMessage().contains("rho"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> a.scaled(Double.NaN));
    assertEquals(true, e.getMessage().contains("c"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> s.model.globals(a, new double[] {0}));
    assertEquals(true, e.getMessage().contains("centre"), e.getMessage());
  }
}
