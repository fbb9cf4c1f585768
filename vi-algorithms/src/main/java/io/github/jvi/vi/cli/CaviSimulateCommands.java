package io.github.jvi.vi.cli;

import io.github.jvi.core.cli.Cli;
import io.github.jvi.core.io.AtomicFiles;
import io.github.jvi.core.io.DataFiles;
import io.github.jvi.vi.svi.BinaryRows;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.cavi.BayesianGmm;
import io.github.jvi.vi.cavi.EarthquakeModel;
import io.github.jvi.vi.cavi.GmmLight;
import io.github.jvi.vi.cavi.NormalGammaModel;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jvi simulate normal-gamma|gmm-light|gmm|earthquake --out FILE}: draw a data set from a
 * CAVI model and write it in the format its {@code jvi cavi} command reads, with the generating
 * parameters in a {@code #} comment at the top. Parameters not given are drawn from the prior.
 */
final class CaviSimulateCommands {
  private CaviSimulateCommands() {}

  /** The commands, for the provider. */
  static List<Object> all() {
    return List.of(new NormalGammaSim(), new GmmLightSim(), new GmmSim(), new EarthquakeSim());
  }

  /** {@code jvi simulate normal-gamma}. */
  @Command(name = "normal-gamma", mixinStandardHelpOptions = true,
      description = "x_n ~ N(mu, 1/tau); (mu, tau) given, or drawn from NormalGamma(mu0, lambda0, a0, b0). Writes one number per line.")
  static final class NormalGammaSim implements Callable<Integer> {
    @Option(names = "--n", defaultValue = "100", description = "Number of points (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--mu", description = "True mean (with --tau; default: drawn from the prior).")
    Double mu;

    @Option(names = "--tau", description = "True precision (with --mu).")
    Double tau;

    @Option(names = "--mu0", defaultValue = "0", description = "Prior mean (default: ${DEFAULT-VALUE}).")
    double mu0;

    @Option(names = "--lambda0", defaultValue = "1", description = "Prior precision scale (default: ${DEFAULT-VALUE}).")
    double lambda0;

    @Option(names = "--a0", defaultValue = "1", description = "Prior shape of tau (default: ${DEFAULT-VALUE}).")
    double a0;

    @Option(names = "--b0", defaultValue = "1", description = "Prior rate of tau (default: ${DEFAULT-VALUE}).")
    double b0;

    @Mixin
    SimulateOutput output;

    @Override
    public Integer call() {
      if ((mu == null) != (tau == null)) {
        throw new Cli.UserError("give both --mu and --tau, or neither (to draw them from the prior)");
      }
      Rng rng = output.rng();
      NormalGammaModel.Simulation s = mu != null ? NormalGammaModel.simulate(mu, tau, n, rng)
          : NormalGammaModel.of(mu0, lambda0, a0, b0).simulate(n, rng);
      Map<String, Object> truth = CaviCommand.ordered("n", n, "mu", s.mu(), "tau", s.tau());
      DataFiles.writeVector(output.out, s.x(), output.comment("normal-gamma", truth));
      output.report(truth);
      return 0;
    }
  }

  /** {@code jvi simulate gmm-light}. */
  @Command(name = "gmm-light", mixinStandardHelpOptions = true,
      description = {"1-D mixture with known weights; means and precisions given, or drawn from NormalGamma(m0, lambda0, a0, b0)",
          "(defaults chosen so that components separate). Writes one number per line."})
  static final class GmmLightSim implements Callable<Integer> {
    @Option(names = "--n", defaultValue = "500", description = "Number of points (default: ${DEFAULT-VALUE}).")
    int n;

    @Mixin
    KnownWeights known;

    @Option(names = "--means", paramLabel = "m1,...,mK", description = "True means (with --precisions).")
    String means;

    @Option(names = "--precisions", paramLabel = "t1,...,tK", description = "True precisions (with --means).")
    String precisions;

    @Option(names = "--m0", defaultValue = "0", description = "Prior mean (default: ${DEFAULT-VALUE}).")
    double m0;

    @Option(names = "--lambda0", defaultValue = "0.05", description = "Prior precision scale (default: ${DEFAULT-VALUE}).")
    double lambda0;

    @Option(names = "--a0", defaultValue = "5", description = "Prior shape of the precisions (default: ${DEFAULT-VALUE}).")
    double a0;

    @Option(names = "--b0", defaultValue = "5", description = "Prior rate of the precisions (default: ${DEFAULT-VALUE}).")
    double b0;

    @Mixin
    SimulateOutput output;

    @Override
    public Integer call() {
      if ((means == null) != (precisions == null)) {
        throw new Cli.UserError("give both --means and --precisions, or neither (to draw them from the prior)");
      }
      GmmLight model = GmmLight.of(known.resolve(), m0, lambda0, a0, b0);
      Rng rng = output.rng();
      GmmLight.Simulation s = means != null
          ? model.simulate(CaviCommand.numbers("--means", means), CaviCommand.numbers("--precisions", precisions), n, rng)
          : model.simulate(n, rng);
      Map<String, Object> truth = CaviCommand.ordered("n", n, "weights", model.weights(), "means", s.means(),
          "precisions", s.precisions());
      DataFiles.writeVector(output.out, s.x(), output.comment("gmm-light", truth));
      output.report(truth);
      return 0;
    }
  }

  /** {@code jvi simulate gmm}. */
  @Command(name = "gmm", mixinStandardHelpOptions = true,
      description = {"D-dimensional Gaussian mixture drawn from the Bayesian GMM prior: pi ~ Dir(alpha0), Lambda_k ~ W(W0, nu0),",
          "mu_k ~ N(m0, (beta0 Lambda_k)^-1) (defaults: separated clusters with E[Lambda] = I). Writes CSV x1,...,xD."})
  static final class GmmSim implements Callable<Integer> {
    @Option(names = "--n", defaultValue = "1000",
        description = "Number of points (default: ${DEFAULT-VALUE}); above 2^20 they are written as drawn, in bounded memory.")
    int n;

    @Option(names = "--k", defaultValue = "3", description = "Number of components (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--d", defaultValue = "2", description = "Dimension (default: ${DEFAULT-VALUE}).")
    int d;

    @Option(names = "--alpha0", defaultValue = "5", description = "Dirichlet concentration (default: ${DEFAULT-VALUE}).")
    double alpha0;

    @Option(names = "--beta0", defaultValue = "0.03", description = "Precision scale of the means (default: ${DEFAULT-VALUE}).")
    double beta0;

    @Option(names = "--nu0", description = "Wishart degrees of freedom (default: D + 3).")
    Double nu0;

    @Mixin
    SimulateOutput output;

    @Override
    public Integer call() {
      if (d < 1) {
        throw new Cli.UserError("--d must be >= 1, found " + d);
      }
      double nu = nu0 != null ? nu0 : d + 3;
      double[][] w0 = new double[d][d];
      for (int i = 0; i < d; i++) {
        w0[i][i] = 1 / nu;
      }
      BayesianGmm model = BayesianGmm.of(k, alpha0, new double[d], beta0, w0, nu);
      String[] names = new String[d];
      for (int i = 0; i < d; i++) {
        names[i] = "x" + (i + 1);
      }
      boolean binary = output.out.getFileName().toString().endsWith(".rows");
      if (n > STREAM_ABOVE || binary) {
        return streamed(model, names, binary);
      }
      BayesianGmm.Simulation s = model.simulate(n, output.rng());
      Map<String, Object> truth = CaviCommand.ordered("n", n, "weights", s.weights(), "means", s.means(),
          "covariances", Arrays.asList(s.covariances()));
      INDArray x = s.x();
      DataFiles.writeTable(output.out, List.of(names), x.toDoubleMatrix(), output.comment("gmm", truth));
      output.report(truth);
      return 0;
    }

    /** Above this many points (or for a binary .rows file) the points are drawn and written in chunks. */
    static final int STREAM_ABOVE = 1 << 20;

    /**
     * Draws the parameters (pi, mu_k, Lambda_k) from the prior, then the points in chunks of 2^16
     * written as they are drawn: memory does not grow with n. CSV (with the header comment), or the
     * binary rows of {@link BinaryRows} when the file name ends in {@code .rows}.
     */
    private Integer streamed(BayesianGmm model, String[] names, boolean binary) {
      Rng rng = output.rng();
      BayesianGmm.Simulation p = model.simulate(1, rng);
      Map<String, Object> truth = CaviCommand.ordered("n", n, "weights", p.weights(), "means", p.means(),
          "covariances", Arrays.asList(p.covariances()));
      int chunk = 1 << 16;
      AtomicFiles.write(output.out, os -> {
        java.io.OutputStream buffered = new java.io.BufferedOutputStream(os, 1 << 20);
        BinaryRows.Writer bw = binary ? new BinaryRows.Writer(buffered, d) : null;
        java.io.Writer tw = binary ? null
            : new java.io.OutputStreamWriter(buffered, java.nio.charset.StandardCharsets.US_ASCII);
        if (tw != null) {
          tw.write("# " + output.comment("gmm", truth).replace("\n", "\n# ") + "\n");
          tw.write(String.join(",", names) + "\n");
        }
        StringBuilder sb = new StringBuilder();
        for (long done = 0; done < n; done += chunk) {
          int m = (int) Math.min(chunk, n - done);
          double[] rows = BayesianGmm.simulate(p.weights(), p.means(), p.covariances(), m, rng).x().dup('c')
              .data().asDouble();
          if (bw != null) {
            bw.rows(rows, m);
            continue;
          }
          sb.setLength(0);
          for (int r = 0; r < m; r++) {
            for (int j = 0; j < d; j++) {
              if (j > 0) {
                sb.append(',');
              }
              sb.append(rows[r * d + j]);
            }
            sb.append('\n');
          }
          tw.write(sb.toString());
        }
        if (bw != null) {
          bw.flush();
        } else {
          tw.flush();
        }
        buffered.flush();
      });
      output.report(truth);
      return 0;
    }
  }

  /** {@code jvi simulate earthquake}. */
  @Command(name = "earthquake", mixinStandardHelpOptions = true,
      description = {"Events with 2-D locations and counts sharing a cluster: rates and centres given, or drawn from",
          "Gamma(alpha, beta) and N(nu, I/rho). Writes CSV x,y,count."})
  static final class EarthquakeSim implements Callable<Integer> {
    @Option(names = "--n", defaultValue = "500", description = "Number of events (default: ${DEFAULT-VALUE}).")
    int n;

    @Mixin
    KnownWeights known;

    @Option(names = "--rates", paramLabel = "l1,...,lK", description = "True Poisson rates (with --means).")
    String rates;

    @Option(names = "--means", paramLabel = "x,y;x,y", description = "True cluster centres, ';' between clusters (with --rates).")
    String means;

    @Option(names = "--alpha", defaultValue = "2", description = "Gamma prior shape of the rates (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--beta", defaultValue = "0.1", description = "Gamma prior rate of the rates (default: ${DEFAULT-VALUE}).")
    double beta;

    @Option(names = "--tau", defaultValue = "1", description = "Precision of the locations (default: ${DEFAULT-VALUE}).")
    double tau;

    @Option(names = "--nu", defaultValue = "0,0", paramLabel = "x,y", description = "Prior mean of the centres (default: ${DEFAULT-VALUE}).")
    String nu;

    @Option(names = "--rho", defaultValue = "0.02", description = "Prior precision of the centres (default: ${DEFAULT-VALUE}).")
    double rho;

    @Mixin
    SimulateOutput output;

    @Override
    public Integer call() {
      if ((rates == null) != (means == null)) {
        throw new Cli.UserError("give both --rates and --means, or neither (to draw them from the prior)");
      }
      EarthquakeModel model = EarthquakeModel.of(known.resolve(), alpha, beta, tau,
          CaviCommand.numbers("--nu", nu), rho);
      Rng rng = output.rng();
      EarthquakeModel.Simulation s = rates != null
          ? model.simulate(CaviCommand.numbers("--rates", rates), CaviCommand.matrix("--means", means), n, rng)
          : model.simulate(n, rng);
      double[][] loc = s.locations().toDoubleMatrix();
      double[] counts = s.counts().toDoubleVector();
      double[][] rows = new double[n][];
      for (int i = 0; i < n; i++) {
        rows[i] = new double[] {loc[i][0], loc[i][1], counts[i]};
      }
      Map<String, Object> truth = CaviCommand.ordered("n", n, "weights", model.weights(), "rates", s.rates(),
          "means", s.means());
      DataFiles.writeTable(output.out, List.of("x", "y", "count"), rows, output.comment("earthquake", truth));
      output.report(truth);
      return 0;
    }
  }
}
