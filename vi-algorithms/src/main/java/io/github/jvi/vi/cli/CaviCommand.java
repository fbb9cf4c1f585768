package io.github.jvi.vi.cli;

import io.github.jvi.core.cli.Cli;
import io.github.jvi.core.io.DataFiles;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.cavi.BayesianGmm;
import io.github.jvi.vi.cavi.BayesianGmmFit;
import io.github.jvi.vi.cavi.EarthquakeFit;
import io.github.jvi.vi.cavi.EarthquakeModel;
import io.github.jvi.vi.cavi.GmmLight;
import io.github.jvi.vi.cavi.GmmLightFit;
import io.github.jvi.vi.cavi.NormalGammaFit;
import io.github.jvi.vi.cavi.NormalGammaModel;
import io.github.jvi.vi.cavi.NormalGammaParams;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jvi cavi normal-gamma|gmm-light|gmm|earthquake}: fit a CAVI model to a data file and
 * print the final factors and the ELBO trace ({@code --json} for one JSON object).
 */
@Command(name = "cavi", mixinStandardHelpOptions = true,
    description = "Coordinate-ascent variational inference on a data file.",
    subcommands = {CaviCommand.NormalGammaCmd.class, CaviCommand.GmmLightCmd.class, CaviCommand.GmmCmd.class,
        CaviCommand.EarthquakeCmd.class})
public final class CaviCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  static void print(CommandSpec spec, Map<String, Object> out, boolean json) {
    Cli.print(spec.commandLine().getOut(), out, json);
  }

  /** The trace, iterations, convergence flag and stopping criterion every command reports. */
  static void putTrace(Map<String, Object> out, io.github.jvi.vi.cavi.CaviFit fit) {
    out.put("elbo", fit.elbo());
    out.put("iterations", fit.iterations());
    out.put("converged", fit.converged());
    io.github.jvi.vi.cavi.Convergence c = fit.convergence();
    out.put("stopped_by", c.stoppedBy().id());
    out.put("elbo_change", c.elboChange());
    out.put("parameter_change", c.parameterChange());
    out.put("elbo_trace", fit.elboTrace());
  }

  /** Parses "a,b,c" into numbers, naming the option in errors. */
  static double[] numbers(String option, String text) {
    String[] parts = text.split(",", -1);
    double[] v = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        v[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new Cli.UserError(option + ": not a number: \"" + parts[i].trim() + "\" in \"" + text + "\"");
      }
    }
    return v;
  }

  /** Parses "a,b;c,d" (rows separated by ';') into a matrix. */
  static double[][] matrix(String option, String text) {
    String[] rows = text.split(";", -1);
    double[][] m = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      m[i] = numbers(option, rows[i]);
    }
    return m;
  }

  /** An insertion-ordered map from alternating keys and values. */
  static Map<String, Object> ordered(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static List<double[]> rows(INDArray a) {
    return Arrays.asList(a.toDoubleMatrix());
  }

  /** {@code jvi cavi normal-gamma}. */
  @Command(name = "normal-gamma", mixinStandardHelpOptions = true,
      description = {"Mean-field CAVI q(mu) q(tau) for x_n ~ N(mu, 1/tau), (mu, tau) ~ NormalGamma(mu0, lambda0, a0, b0),",
          "with the exact posterior and log evidence for comparison. FILE: one number per line (# comments)."})
  static final class NormalGammaCmd implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "FILE", description = "One number per line.")
    Path data;

    @Option(names = "--mu0", defaultValue = "0", description = "Prior mean of mu (default: ${DEFAULT-VALUE}).")
    double mu0;

    @Option(names = "--lambda0", defaultValue = "1", description = "Prior precision scale of mu (default: ${DEFAULT-VALUE}).")
    double lambda0;

    @Option(names = "--a0", defaultValue = "1", description = "Prior shape of tau (default: ${DEFAULT-VALUE}).")
    double a0;

    @Option(names = "--b0", defaultValue = "1", description = "Prior rate of tau (default: ${DEFAULT-VALUE}).")
    double b0;

    @Mixin
    CaviFitOptions fitOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      double[] x = DataFiles.readVector(data);
      NormalGammaModel model = NormalGammaModel.of(mu0, lambda0, a0, b0);
      NormalGammaFit fit = model.fit(x, fitOptions.options());
      NormalGammaParams post = model.posterior(x);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("n", x.length);
      out.put("E_mu", fit.meanMu());
      out.put("E_tau", fit.meanTau());
      putTrace(out, fit);
      Map<String, Object> q = new LinkedHashMap<>();
      q.put("mu", ordered("mean", fit.muMean(), "precision", fit.muPrecision()));
      q.put("tau", ordered("shape", fit.tauShape(), "rate", fit.tauRate()));
      out.put("q", q);
      out.put("log_evidence", model.logEvidence(x));
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("mu", post.mu());
      p.put("lambda", post.lambda());
      p.put("a", post.a());
      p.put("b", post.b());
      out.put("posterior", p);
      print(spec, out, fitOptions.json);
      return 0;
    }
  }

  /** {@code jvi cavi gmm-light}. */
  @Command(name = "gmm-light", mixinStandardHelpOptions = true,
      description = {"CAVI for a 1-D Gaussian mixture with known weights and a NormalGamma(m0, lambda0, a0, b0) prior",
          "per component; q(z) prod_k q(mu_k, tau_k). FILE: one number per line."})
  static final class GmmLightCmd implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "FILE", description = "One number per line.")
    Path data;

    @Mixin
    KnownWeights known;

    @Option(names = "--m0", description = "Prior mean of the means (default: the data mean).")
    Double m0;

    @Option(names = "--lambda0", defaultValue = "0.01", description = "Prior precision scale of the means (default: ${DEFAULT-VALUE}).")
    double lambda0;

    @Option(names = "--a0", defaultValue = "1", description = "Prior shape of the precisions (default: ${DEFAULT-VALUE}).")
    double a0;

    @Option(names = "--b0", description = "Prior rate of the precisions (default: a0 var / K^2 with var the data variance: a prior cluster width of the data's spread over K).")
    Double b0;

    @Option(names = "--responsibilities", description = "Also print the N x K responsibilities.")
    boolean responsibilities;

    @Mixin
    CaviFitOptions fitOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      double[] x = DataFiles.readVector(data);
      double mean = Arrays.stream(x).average().orElseThrow();
      double[] w = known.resolve();
      double b = b0 != null ? b0 : GmmLight.dataRate(x, w.length, a0);
      GmmLight model = GmmLight.of(w, m0 != null ? m0 : mean, lambda0, a0, b);
      GmmLightFit fit = fitOptions.fit(o -> model.fit(x, o, Rng.of(fitOptions.seed)));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("n", x.length);
      out.put("k", fit.components());
      putTrace(out, fit);
      out.put("means", fit.means());
      out.put("precisions", fit.precisions());
      out.put("counts", fit.counts());
      Map<String, Object> q = new LinkedHashMap<>();
      q.put("m", fit.means());
      q.put("lambda", fit.lambdas());
      q.put("a", fit.shapes());
      q.put("b", fit.rates());
      out.put("q", q);
      out.put("prior", ordered("m0", model.prior().mu(), "lambda0", lambda0, "a0", a0, "b0", b));
      if (responsibilities) {
        out.put("responsibilities", rows(fit.responsibilities()));
      }
      print(spec, out, fitOptions.json);
      return 0;
    }
  }

  /** {@code jvi cavi gmm}. */
  @Command(name = "gmm", mixinStandardHelpOptions = true,
      description = {"CAVI for the Bayesian Gaussian mixture with full covariances (Bishop 10.2): Dirichlet(alpha0) weights,",
          "Gaussian-Wishart(m0, beta0, W0, nu0) components. FILE: CSV, one point per row (optional header)."})
  static final class GmmCmd implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "FILE.csv", description = "CSV, one point per row.")
    Path data;

    @Mixin
    GmmPrior prior;

    @Option(names = "--spark", paramLabel = "MASTER",
        description = "Run the sweeps on Apache Spark at this master URL (e.g. local[2], spark://host:7077); one initialisation, no --restarts.")
    String spark;

    @Option(names = "--partitions", description = "Spark partitions of the data (default: Spark's for the file).")
    Integer partitions;

    @Option(names = "--responsibilities", description = "Also print the N x K responsibilities.")
    boolean responsibilities;

    @Mixin
    CaviFitOptions fitOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      if (spark != null) {
        print(spec, SparkCommands.caviGmm(spark, data, partitions, prior, fitOptions.maxIter, fitOptions.tol,
            fitOptions.init, fitOptions.seed), fitOptions.json);
        return 0;
      }
      DataFiles.Table t = DataFiles.readTable(data);
      INDArray x = Nd4j.createFromArray(t.rows());
      int d = t.width();
      double[] mean = x.mean(0).toDoubleVector();
      INDArray xc = x.subRowVector(x.mean(0));
      double[][] cov = xc.transpose().mmul(xc).divi(Math.max(1, t.size())).toDoubleMatrix();
      BayesianGmm model = prior.model(d, mean, cov);
      int k = prior.k;
      BayesianGmmFit fit = fitOptions.fit(o -> model.fit(x, o, Rng.of(fitOptions.seed)));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("n", t.size());
      out.put("d", d);
      out.put("k", k);
      putTrace(out, fit);
      out.put("elbo_per_point", fit.elbo() / t.size());
      out.put("means", fit.means());
      out.put("weights", fit.weights());
      out.put("covariances", Arrays.asList(fit.covariances()));
      out.put("counts", fit.counts());
      Map<String, Object> q = new LinkedHashMap<>();
      q.put("alpha", fit.alphas());
      q.put("beta", fit.betas());
      q.put("m", fit.means());
      q.put("W", Arrays.asList(fit.scales()));
      q.put("nu", fit.dofs());
      out.put("q", q);
      if (responsibilities) {
        out.put("responsibilities", rows(fit.responsibilities()));
      }
      print(spec, out, fitOptions.json);
      return 0;
    }
  }

  /** {@code jvi cavi earthquake}. */
  @Command(name = "earthquake", mixinStandardHelpOptions = true,
      description = {"CAVI for the earthquake model: Z_n ~ Cat(pi), S_n | k ~ Poisson(lambda_k), lambda_k ~ Gamma(alpha, beta),",
          "X_n | k ~ N(mu_k, I/tau), mu_k ~ N(nu, I/rho). FILE: CSV with columns x,y,count (header optional)."})
  static final class EarthquakeCmd implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "FILE.csv", description = "CSV with columns x,y,count.")
    Path data;

    @Mixin
    KnownWeights known;

    @Option(names = "--alpha", defaultValue = "1", description = "Gamma prior shape of the rates (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--beta", description = "Gamma prior rate of the rates (default: alpha / mean count).")
    Double beta;

    @Option(names = "--tau", defaultValue = "1", description = "Known precision of the locations (default: ${DEFAULT-VALUE}).")
    double tau;

    @Option(names = "--nu", paramLabel = "x,y", description = "Prior mean of the cluster centres (default: the mean location).")
    String nu;

    @Option(names = "--rho", defaultValue = "0.01", description = "Prior precision of the cluster centres (default: ${DEFAULT-VALUE}).")
    double rho;

    @Option(names = "--responsibilities", description = "Also print the N x K responsibilities.")
    boolean responsibilities;

    @Mixin
    CaviFitOptions fitOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      DataFiles.Table t = DataFiles.readTable(data);
      int[] cols = columns(t, data);
      double[][] loc = new double[t.size()][2];
      double[] counts = t.column(cols[2]);
      double[] cx = t.column(cols[0]);
      double[] cy = t.column(cols[1]);
      for (int i = 0; i < loc.length; i++) {
        loc[i][0] = cx[i];
        loc[i][1] = cy[i];
      }
      double b = beta != null ? beta : EarthquakeModel.dataRate(counts, alpha);
      double[] nuv = nu != null ? numbers("--nu", nu)
          : new double[] {Arrays.stream(cx).average().orElseThrow(), Arrays.stream(cy).average().orElseThrow()};
      EarthquakeModel model = EarthquakeModel.of(known.resolve(), alpha, b, tau, nuv, rho);
      EarthquakeFit fit = fitOptions.fit(o -> model.fit(loc, counts, o, Rng.of(fitOptions.seed)));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("n", t.size());
      out.put("k", fit.components());
      putTrace(out, fit);
      out.put("means", fit.means());
      out.put("rates", fit.rates());
      out.put("counts", fit.counts());
      out.put("q", earthquakeFactors(fit.rateShapes(), fit.rateRates(), fit.means(), fit.meanPrecisions()));
      out.put("prior", ordered("alpha", alpha, "beta", b, "tau", tau, "nu", nuv, "rho", rho));
      if (responsibilities) {
        out.put("responsibilities", rows(fit.responsibilities()));
      }
      print(spec, out, fitOptions.json);
      return 0;
    }

    /** The earthquake model's variational factors as printed by {@code cavi earthquake} and {@code svi earthquake}. */
    static Map<String, Object> earthquakeFactors(double[] rateShapes, double[] rateRates, double[][] means,
        double[] meanPrecisions) {
      Map<String, Object> q = new LinkedHashMap<>();
      q.put("rate_shape", rateShapes);
      q.put("rate_rate", rateRates);
      q.put("m", means);
      q.put("mean_precision", meanPrecisions);
      return q;
    }

    /** Column indices of x, y, count: by header name when there is one, else the first three. */
    static int[] columns(DataFiles.Table t, Path file) {
      List<String> names = t.columns().stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
      if (names.contains("x") || names.contains("y") || names.contains("count")) {
        int[] c = {names.indexOf("x"), names.indexOf("y"), names.indexOf("count")};
        if (c[0] < 0 || c[1] < 0 || c[2] < 0) {
          throw new Cli.UserError(file + ": the header must name the columns x, y and count, found " + t.columns());
        }
        return c;
      }
      if (t.width() != 3) {
        throw new Cli.UserError(file + ": expected 3 columns (x, y, count), found " + t.width());
      }
      return new int[] {0, 1, 2};
    }
  }
}
