package io.github.jvi.gpu.kernel;

import io.github.jvi.gpu.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Nanoseconds per element of each kernel on the Vector API path and on the ND4J fallback, and of
 * the staging copies alone (one ND4J buffer into a heap array and back), on [rows, cols] arrays,
 * best of {@code repetitions} after a warm-up. Single-threaded (the calling thread).
 */
@SuppressWarnings("try") // the workspace is held only for its scope
public final class KernelBenchmark {
  /** One row: kernel, type, ns per element fast, ns per element fallback (NaN when not run). */
  public record Row(String kernel, DataType type, double fastNs, double fallbackNs) {}

  private KernelBenchmark() {}

  /** The table for [rows, cols] arrays of the given type. */
  public static List<Row> run(int rows, int cols, DataType type, int repetitions) {
    if (rows < 1 || cols < 1 || repetitions < 1) {
      throw new IllegalArgumentException("rows, cols and repetitions must be >= 1, found " + rows + ", " + cols
          + ", " + repetitions);
    }
    Rng rng = Rng.of(7);
    INDArray x = rng.normal(type, rows, cols);
    INDArray l = rng.normal(type, rows, cols).muli(4);
    INDArray bits = rng.uniform(type, rows, cols).gt(0.5).castTo(type);
    INDArray b = rng.normal(type, cols);
    INDArray g = rng.normal(type, rows);
    double n = (double) rows * cols;
    List<Row> out = new ArrayList<>();
    out.add(new Row("staging copy in+out", type, time(() -> {
      if (type == DataType.FLOAT) {
        Staging.write(Staging.readFloats(x, 0), x);
      } else {
        Staging.write(Staging.readDoubles(x, 0), x);
      }
      return x;
    }, repetitions) / n, Double.NaN));
    out.add(row("exp", type, p -> Kernels.exp(p, x), repetitions, n));
    out.add(row("exp(-x) then log1p", type, p -> Kernels.log1p(p, Kernels.exp(p, x.neg())), repetitions, n));
    out.add(row("softplus", type, p -> Kernels.softplus(p, l), repetitions, n));
    out.add(row("dup then bias+relu", type, p -> {
      INDArray y = x.dup();
      Kernels.biasRelu(p, y, b, true);
      return y;
    }, repetitions, n));
    out.add(row("relu mask x grad", type, p -> Kernels.reluMaskMul(p, x, l), repetitions, n));
    out.add(row("bernoulli log-lik", type, p -> Kernels.bernoulliLogLik(p, bits, l), repetitions, n));
    out.add(row("bernoulli gradient", type, p -> Kernels.bernoulliLogLikGrad(p, bits, l, g), repetitions, n));
    out.add(row("softmax over rows (k=" + rows + ")", type, p -> {
      INDArray a = l.dup();
      Kernels.softmaxColumns(p, a, Nd4j.createUninitialized(type, cols), Nd4j.createUninitialized(type, cols));
      return a;
    }, repetitions, n));
    if (type == DataType.DOUBLE) { // the mixtures' E-step, per point: K = 5 components, D = 2
      int pts = rows * cols;
      INDArray raw = rng.normal(type, 2, pts).muli(3);
      INDArray coef = rng.normal(type, 5, Kernels.quadraticFeatureCount(0, 2)).muli(0.3);
      INDArray resp = Nd4j.create(type, 5, pts);
      INDArray mo = Nd4j.create(type, 5, Kernels.quadraticFeatureCount(0, 2));
      out.add(row("mixture E-step K=5 D=2 (per point)", type, p -> {
        Kernels.mixtureEStep(p, coef, raw, 0, resp, mo);
        return mo;
      }, repetitions, pts));
      out.add(row("same, statistics only (per point)", type, p -> {
        Kernels.mixtureEStep(p, coef, raw, 0, null, mo);
        return mo;
      }, repetitions, pts));
    }
    return out;
  }

  private static Row row(String name, DataType type, Function<Kernels.Path, INDArray> f, int reps, double n) {
    double fast = Kernels.fast() ? time(() -> f.apply(Kernels.Path.VECTOR), reps) / n : Double.NaN;
    return new Row(name, type, fast, time(() -> f.apply(Kernels.Path.ND4J), reps) / n);
  }

  /**
   * Best time of one call, each inside a reused workspace (as in training, where outputs come from
   * the step's workspace): otherwise every 400 KB output is a fresh native allocation whose page
   * faults cost more than the kernel.
   */
  private static double time(Supplier<INDArray> f, int reps) {
    WorkspaceConfiguration cfg = WorkspaceConfiguration.builder().initialSize(64L << 20)
        .policyAllocation(AllocationPolicy.STRICT).policyLearning(LearningPolicy.NONE).build();
    for (int i = 0; i < 30; i++) { // the JIT compiles the vector loops
      try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(cfg, "jvi-kernel-bench")) {
        f.get();
      }
    }
    double best = Double.POSITIVE_INFINITY;
    for (int r = 0; r < reps; r++) {
      try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(cfg, "jvi-kernel-bench")) {
        long t0 = System.nanoTime();
        f.get();
        best = Math.min(best, (double) (System.nanoTime() - t0));
      }
    }
    return best;
  }
}
