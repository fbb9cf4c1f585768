package io.github.jvi.vae.cli;

import io.github.jvi.core.cli.Cli;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.data.Dataset;
import io.github.jvi.vae.data.Mnist;
import io.github.jvi.vae.model.VaeConfig;
import io.github.jvi.vae.train.EpochStats;
import io.github.jvi.vae.train.TrainConfig;
import io.github.jvi.vae.train.Trainer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jvi bench vae}: trains the default MLP VAE (784-512-512-(2x32) / 32-512-512-784, Bernoulli,
 * Adam, batch 128, float32) on binarised MNIST and reports seconds per epoch, the achieved GFLOP/s
 * and its ratio to this machine's single-precision GEMM peak measured in the same run.
 *
 * <p>FLOP count per example: 2 M for the forward pass, 2 M for the weight gradients and 2 (M - M1)
 * for the input gradients, where M is the multiply-adds of encoder and decoder and M1 those of the
 * first layer (the data needs no gradient); 7.45 MFLOP for the default network, 447 GFLOP per epoch.
 * With {@code --objective iwae --k K} the decoder runs on K draws per example, so its
 * multiply-adds count K times. Element-wise work is not counted.
 *
 * <p>Where the time goes: {@code matrix_products_seconds_per_epoch} replays one training step's
 * matrix products (the forward x W, the backward dY W^T and x^T dY and the bias GEMVs of every dense
 * layer, with the same shapes and transposition flags as {@link io.github.jvi.vae.nn.Linear}) on
 * their own, best of three, times the batches of an epoch; {@code optimizer_seconds_per_epoch} times
 * Adam's update of the model's parameters the same way. The rest of an epoch is element-wise work,
 * the per-call cost of some 60 small array operations a step, and the data pipeline.
 */
@Command(name = "vae", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Train the default MLP VAE on MNIST and print seconds_per_epoch, gflops and the ratio to a "
        + "measured sgemm peak, and where the time goes: the step's matrix products replayed alone, Adam's "
        + "update, and the rest (element-wise work and per-call costs).",
        "For reference, PyTorch 1.13 on a 2-core machine needs about 5 s per epoch for the same network, "
            + "and about 11 s for the IWAE bound with k = 5 (--objective iwae --k 5)."})
@SuppressWarnings("try") // resources held only for their scope (workspaces, thread settings)
final class BenchVaeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--epochs", defaultValue = "1", description = "Epochs to time (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "128", description = "Minibatch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--latent-dim", defaultValue = "32", description = "Latent dimension (default: ${DEFAULT-VALUE}).")
  int latentDim;

  @Option(names = "--train-limit", description = "Time epochs over the first N training images only.")
  Integer trainLimit;

  @Option(names = "--no-peak", description = "Skip the GEMM peak measurement.")
  boolean noPeak;

  @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--data", description = "MNIST directory (default: $JVI_MNIST_DIR, else ~/.jvi/data/mnist).")
  Path data;

  @Option(names = "--nd4j-threads", defaultValue = "1",
      description = "Threads of ND4J's element-wise ops; matrix products use OMP_NUM_THREADS (default: ${DEFAULT-VALUE}).")
  int nd4jThreads;
  @Mixin
  ObjectiveOptions objectiveOptions;

  @Option(names = "--json", description = "Print the results as JSON.")
  boolean json;

  @Override
  public Integer call() {
    try (Threads t = Threads.elementWise(nd4jThreads)) {
      return run();
    }
  }

  private Integer run() {
    if (epochs < 1) {
      throw new Cli.UserError("--epochs must be >= 1, found " + epochs);
    }
    VaeConfig config = VaeConfig.defaults().withLatentDim(latentDim);
    TrainConfig t = new TrainConfig(epochs, batchSize, 1e-3, seed, 1.0,
        trainLimit == null ? Integer.MAX_VALUE : trainLimit, objectiveOptions.kind(),
        objectiveOptions.k, objectiveOptions.estimator());
    Trainer trainer = Trainer.start(config, t);
    Dataset train = Common.data(data, trainer.model(), Mnist.Split.TRAIN, t.trainLimit());
    warmUp(config, t, train);
    ProgressListener progress = new ProgressListener(System.err, Common.interactive());
    long cpu0 = Cli.processCpuNanos();
    List<EpochStats> run;
    try {
      run = trainer.train(train, null, progress);
    } finally {
      progress.close();
    }
    double cpu = (Cli.processCpuNanos() - cpu0) / 1e9 / epochs;
    double seconds = run.stream().mapToDouble(EpochStats::seconds).average().orElseThrow();
    double best = run.stream().mapToDouble(EpochStats::seconds).min().orElseThrow();
    long macs = trainer.model().macsPerExample();
    long firstLayer = (long) config.pixels() * config.hidden()[0];
    // the IWAE decodes k draws per example: the decoder's share of the products counts k times
    long decoderMacs = (long) latentDim * 512 + 512L * 512 + 512L * config.pixels();
    double flopsPerEpoch = (6.0 * (macs + (t.k() - 1.0) * decoderMacs) - 2.0 * firstLayer) * train.size();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("network", "784-512-512-(2x" + latentDim + ") / " + latentDim + "-512-512-784, Bernoulli, Adam, float32");
    out.put("objective", t.makeObjective().name());
    out.put("batch_size", batchSize);
    out.put("examples", train.size());
    out.put("epochs", epochs);
    out.put("seconds_per_epoch", seconds);
    out.put("best_seconds_per_epoch", best);
    out.put("cpu_seconds_per_epoch", cpu);
    out.put("gflop_per_epoch", flopsPerEpoch / 1e9);
    out.put("gflops", flopsPerEpoch / 1e9 / seconds);
    out.put("train_elbo", run.get(run.size() - 1).elbo());
    if (!noPeak) {
      double peak = gemmPeak();
      out.put("gemm_peak_gflops", peak);
      out.put("fraction_of_peak", flopsPerEpoch / 1e9 / seconds / peak);
    }
    int batches = train.batchCount(batchSize);
    double products = productsPerStep(config, batchSize, t.k()) * batches;
    double optimizer = optimizerPerStep(trainer) * batches;
    out.put("matrix_products_seconds_per_epoch", products);
    out.put("optimizer_seconds_per_epoch", optimizer);
    out.put("other_seconds_per_epoch", seconds - products - optimizer);
    out.put("threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
    out.put("nd4j_threads", nd4jThreads);
    Cli.print(spec.commandLine().getOut(), out, json);
    return 0;
  }

  /** A few steps on a throw-away model, so that JIT and native warm-up do not count. */
  private static void warmUp(VaeConfig config, TrainConfig t, Dataset train) {
    TrainConfig w = new TrainConfig(1, 128, 1e-3, 1, 1.0, Math.min(train.size(), 128 * 20), t.objective(), t.k(),
        t.estimator());
    Trainer.start(config, w).train(train, null, io.github.jvi.vae.train.TrainingListener.NONE);
  }

  /**
   * Seconds of one training step's matrix products alone: for every dense layer of the encoder
   * (n rows) and the decoder (n k rows), Y = X W, then dW = X^T dY, db = 1^T dY (a GEMV) and, except
   * for the first layer, dX = dY W^T. Best of three repetitions of 10 steps.
   */
  static double productsPerStep(VaeConfig c, int n, int k) {
    int[] h = c.hidden();
    int[] enc = new int[h.length + 2];
    int[] dec = new int[h.length + 2];
    enc[0] = c.pixels();
    dec[0] = c.latentDim();
    for (int i = 0; i < h.length; i++) {
      enc[i + 1] = h[i];
      dec[i + 1] = h[h.length - 1 - i];
    }
    enc[h.length + 1] = 2 * c.latentDim();
    dec[h.length + 1] = c.pixels();
    List<Runnable> step = new java.util.ArrayList<>();
    Rng rng = Rng.of(2);
    for (int[] widths : new int[][] {enc, dec}) {
      long rows = widths == enc ? n : (long) n * k;
      for (int l = 0; l + 1 < widths.length; l++) {
        INDArray x = rng.uniform(DataType.FLOAT, rows, widths[l]);
        INDArray w = rng.uniform(DataType.FLOAT, widths[l], widths[l + 1]);
        INDArray y = Nd4j.create(DataType.FLOAT, rows, widths[l + 1]);
        INDArray gw = Nd4j.create(DataType.FLOAT, widths[l], widths[l + 1]);
        INDArray gx = Nd4j.create(DataType.FLOAT, rows, widths[l]);
        INDArray ones = Nd4j.ones(DataType.FLOAT, 1, rows);
        INDArray gb = Nd4j.create(DataType.FLOAT, 1, widths[l + 1]);
        boolean first = widths == enc && l == 0;
        step.add(() -> {
          Nd4j.gemm(x, w, y, false, false, 1.0, 0.0);
          Nd4j.gemm(x, y, gw, true, false, 1.0, 0.0);
          Nd4j.gemm(ones, y, gb, false, false, 1.0, 0.0);
          if (!first) {
            Nd4j.gemm(y, w, gx, false, true, 1.0, 0.0);
          }
        });
      }
    }
    return bestPerStep(() -> step.forEach(Runnable::run));
  }

  /** Seconds of one Adam update of the model's parameters (gradients of their shapes), best of three. */
  static double optimizerPerStep(Trainer trainer) {
    List<INDArray> params = new java.util.ArrayList<>();
    List<INDArray> grads = new java.util.ArrayList<>();
    Rng rng = Rng.of(3);
    for (INDArray p : trainer.model().parameters().values()) {
      params.add(p.dup());
      grads.add(rng.normal(p.dataType(), p.shape()).muli(1e-3));
    }
    io.github.jvi.core.optim.Adam adam = io.github.jvi.core.optim.Adam.of(1e-3);
    return bestPerStep(() -> adam.step(params, grads));
  }

  /** Best of three runs of 10 calls (after 3 warm-up calls), in seconds per call. */
  private static double bestPerStep(Runnable step) {
    for (int i = 0; i < 3; i++) {
      step.run();
    }
    double best = Double.MAX_VALUE;
    for (int r = 0; r < 3; r++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < 10; i++) {
        step.run();
      }
      best = Math.min(best, (System.nanoTime() - t0) / 1e9 / 10);
    }
    return best;
  }

  /** Best of three 2048^3 float32 matrix products, in GFLOP/s. */
  static double gemmPeak() {
    int n = 2048;
    Rng rng = Rng.of(1);
    INDArray a = rng.uniform(DataType.FLOAT, n, n);
    INDArray b = rng.uniform(DataType.FLOAT, n, n);
    INDArray c = Nd4j.create(DataType.FLOAT, n, n);
    Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long t0 = System.nanoTime();
      Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
      best = Math.min(best, (System.nanoTime() - t0) / 1e9);
    }
    return 2.0 * n * n * n / best / 1e9;
  }
}
