package io.github.jvi.vi.cli;

import io.github.jvi.core.cli.Cli;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.cavi.BayesianGmm;
import io.github.jvi.vi.cavi.GmmGlobals;
import io.github.jvi.vi.cavi.Init;
import io.github.jvi.vi.svi.BinaryRows;
import io.github.jvi.vi.svi.CsvRows;
import io.github.jvi.vi.svi.RowSource;
import io.github.jvi.vi.svi.StochasticGmm;
import io.github.jvi.vi.svi.StreamScan;
import io.github.jvi.vi.svi.SviFit;
import io.github.jvi.vi.svi.SviOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jvi svi gmm}: stochastic variational inference on a streamed data file. */
@Command(name = "svi", mixinStandardHelpOptions = true,
    description = "Stochastic variational inference (Hoffman et al. 2013) on data streamed from a file.",
    subcommands = {SviCommand.GmmCmd.class})
public final class SviCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /** The source for a file: a jvi binary row file (by its header) or CSV. */
  static RowSource source(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new Cli.UserError("no such file: " + file);
    }
    return BinaryRows.isBinary(file) ? BinaryRows.of(file) : CsvRows.of(file);
  }

  /** {@code jvi svi gmm}. */
  @Command(name = "gmm", mixinStandardHelpOptions = true,
      description = {"SVI for the Bayesian Gaussian mixture (Bishop 10.2) in memory that does not grow with N: minibatches",
          "of a shuffled stream, natural-gradient steps rho_t = (t + tau)^-kappa on the global factors, the ELBO per",
          "point of a held-out slice every --report-every steps, and the ELBO of all points after the last pass.",
          "FILE: CSV (one point per row, optional header) or a binary row file (jvi simulate gmm --out F.rows)."})
  static final class GmmCmd implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "FILE", description = "CSV or binary rows, one point per row.")
    Path data;

    @Mixin
    GmmPrior prior;

    @Option(names = "--batch", defaultValue = "4096", description = "Minibatch size B (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--passes", defaultValue = "2", description = "Passes over the data (default: ${DEFAULT-VALUE}).")
    int passes;

    @Option(names = "--kappa", defaultValue = "0.7", description = "Forgetting rate in (0.5, 1] (default: ${DEFAULT-VALUE}).")
    double kappa;

    @Option(names = "--tau", defaultValue = "1", description = "Delay >= 0 (default: ${DEFAULT-VALUE}).")
    double tau;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the initialisation and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--holdout", defaultValue = "10000", description = "Held-out rows, at most N/10 (default: ${DEFAULT-VALUE}).")
    int holdout;

    @Option(names = "--report-every", defaultValue = "100", description = "Steps between held-out ELBO reports (default: ${DEFAULT-VALUE}).")
    int reportEvery;

    @Option(names = "--init", defaultValue = "KMEANS_PLUS_PLUS",
        description = "Initial responsibilities on the held-out rows: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Init init;

    @Option(names = "--spark", paramLabel = "MASTER",
        description = "Run on Apache Spark at this master URL (e.g. local[2]); minibatches drawn on the executors (CSV only).")
    String spark;

    @Option(names = "--partitions", description = "Spark partitions of the data (default: Spark's for the file).")
    Integer partitions;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      SviOptions base = SviOptions.defaults();
      SviOptions o = SviOptions.of(batch, passes, kappa, tau, seed, holdout, base.blockRows(), base.windowBlocks(),
          reportEvery, init);
      if (spark != null) {
        Cli.print(spec.commandLine().getOut(), SparkCommands.sviGmm(spark, data, partitions, prior, o), json);
        return 0;
      }
      RowSource src = source(data);
      StreamScan scan = StreamScan.of(src, o.blockRows(), o.holdout(), Rng.of(o.seed()));
      BayesianGmm model = prior.model(scan.width(), scan.mean(), scan.covariance());
      SviFit<GmmGlobals> fit = StochasticGmm.of(model, o).fit(scan, true);
      Map<String, Object> out = GmmPrior.summary(fit.n(), fit.globals(), fit.elbo());
      out.put("steps", fit.steps());
      out.put("batch", batch);
      out.put("passes", passes);
      out.put("kappa", kappa);
      out.put("tau", tau);
      out.put("held_out", scan.heldOutSize());
      out.put("seconds", fit.seconds());
      out.put("trace", CaviCommand.ordered("step", fit.traceSteps(), "points", fit.tracePoints(),
          "seconds", fit.traceSeconds(), "held_out_elbo_per_point", fit.traceHeldOut()));
      out.put("q", GmmPrior.factors(fit.globals()));
      Cli.print(spec.commandLine().getOut(), out, json);
      return 0;
    }
  }
}
