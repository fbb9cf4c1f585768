package io.github.jvi.vi.cli;

import io.github.jvi.core.cli.Cli;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.cavi.BayesianGmm;
import io.github.jvi.vi.cavi.EarthquakeGlobals;
import io.github.jvi.vi.cavi.EarthquakeModel;
import io.github.jvi.vi.cavi.GmmGlobals;
import io.github.jvi.vi.svi.BinaryRows;
import io.github.jvi.vi.svi.CsvRows;
import io.github.jvi.vi.svi.RowSource;
import io.github.jvi.vi.svi.StochasticEarthquake;
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

/** {@code jvi svi gmm|earthquake}: stochastic variational inference on a streamed data file. */
@Command(name = "svi", mixinStandardHelpOptions = true,
    description = "Stochastic variational inference (Hoffman et al. 2013) on data streamed from a file.",
    subcommands = {SviCommand.GmmCmd.class, SviCommand.EarthquakeCmd.class})
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

    @Mixin
    SviFlags svi;

    @Option(names = "--spark", paramLabel = "MASTER",
        description = "Run on Apache Spark at this master URL (e.g. local[2]); minibatches drawn on the executors (CSV only).")
    String spark;

    @Option(names = "--partitions", description = "Spark partitions of the data (default: Spark's for the file).")
    Integer partitions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      SviOptions o = svi.options();
      if (spark != null) {
        Cli.print(spec.commandLine().getOut(), SparkCommands.sviGmm(spark, data, partitions, prior, o), svi.json);
        return 0;
      }
      RowSource src = source(data);
      StreamScan scan = StreamScan.of(src, o.blockRows(), o.holdout(), Rng.of(o.seed()));
      BayesianGmm model = prior.model(scan.width(), scan.mean(), scan.covariance());
      SviFit<GmmGlobals> fit = StochasticGmm.of(model, o).fit(scan, true);
      Map<String, Object> out = GmmPrior.summary(fit.n(), fit.globals(), fit.elbo());
      svi.describe(out, fit, scan.heldOutSize());
      out.put("q", GmmPrior.factors(fit.globals()));
      Cli.print(spec.commandLine().getOut(), out, svi.json);
      return 0;
    }
  }

  /** {@code jvi svi earthquake}. */
  @Command(name = "earthquake", mixinStandardHelpOptions = true,
      description = {"SVI for the earthquake model of jvi cavi earthquake (Poisson counts and Gaussian locations sharing a cluster),",
          "in memory that does not grow with N, with the stream machinery of jvi svi gmm.",
          "FILE: CSV with columns x,y,count in that order (header optional) or a binary row file of 3 columns.",
          "--tau is SVI's delay here; the known precision of the locations is --location-tau."})
  static final class EarthquakeCmd implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "FILE", description = "CSV or binary rows x,y,count.")
    Path data;

    @Mixin
    KnownWeights known;

    @Option(names = "--alpha", defaultValue = "1", description = "Gamma prior shape of the rates (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--beta", description = "Gamma prior rate of the rates (default: alpha / mean count).")
    Double beta;

    @Option(names = "--location-tau", defaultValue = "1",
        description = "Known precision of the locations, the model's tau (default: ${DEFAULT-VALUE}).")
    double locationTau;

    @Option(names = "--nu", paramLabel = "x,y", description = "Prior mean of the cluster centres (default: the mean location).")
    String nu;

    @Option(names = "--rho", defaultValue = "0.01", description = "Prior precision of the cluster centres (default: ${DEFAULT-VALUE}).")
    double rho;

    @Mixin
    SviFlags svi;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      SviOptions o = svi.options();
      double[] weights = known.resolve();
      RowSource src = source(data);
      if (src.width() != 3) {
        throw new Cli.UserError(data + ": expected 3 columns (x, y, count), found " + src.width());
      }
      // the scan (which checks the counts) depends on the model's dimension only; the prior's defaults on its moments
      EarthquakeModel shape = EarthquakeModel.of(weights, alpha, 1, locationTau, new double[2], rho);
      StreamScan scan = StochasticEarthquake.of(shape, o).scan(src);
      double[] mean = scan.mean();
      double b = beta != null ? beta : EarthquakeModel.dataRate(mean[2], alpha);
      double[] nuv = nu != null ? CaviCommand.numbers("--nu", nu) : new double[] {mean[0], mean[1]};
      EarthquakeModel model = EarthquakeModel.of(weights, alpha, b, locationTau, nuv, rho);
      SviFit<EarthquakeGlobals> fit = StochasticEarthquake.of(model, o).fit(scan, true);
      EarthquakeGlobals g = fit.globals();
      Map<String, Object> out = new java.util.LinkedHashMap<>();
      out.put("n", fit.n());
      out.put("k", weights.length);
      out.put("elbo", fit.elbo());
      out.put("elbo_per_point", fit.elboPerPoint());
      out.put("means", g.means());
      out.put("rates", g.rates());
      out.put("weights", weights);
      svi.describe(out, fit, scan.heldOutSize());
      out.put("q", CaviCommand.EarthquakeCmd.earthquakeFactors(g.rateShapes(), g.rateRates(), g.means(), g.meanPrecisions()));
      out.put("prior", CaviCommand.ordered("alpha", alpha, "beta", b, "tau", locationTau, "nu", nuv, "rho", rho));
      Cli.print(spec.commandLine().getOut(), out, svi.json);
      return 0;
    }
  }
}
