package io.github.jvi.vi.cli;

import io.github.jvi.core.cli.Cli;
import io.github.jvi.core.io.DataFiles;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.em.GaussianMixtureEm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jvi em}: EM for a Gaussian mixture with full covariances, as coordinate ascent on F. */
@Command(name = "em", mixinStandardHelpOptions = true,
    description = {"EM for a Gaussian mixture, as coordinate ascent on F(theta, q).",
        "K components with full covariances (Neal & Hinton 1998); prints the parameters, log p(x | theta)",
        "and F after every E- and M-step. FILE.csv: one point per row, an optional header line."})
public final class EmCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, paramLabel = "FILE.csv", description = "One point per row.")
  Path data;

  @Option(names = "--k", required = true, description = "Number of components K.")
  int k;

  @Option(names = "--max-iter", defaultValue = "500", description = "Maximum iterations (default: ${DEFAULT-VALUE}).")
  int maxIter;

  @Option(names = "--tol", defaultValue = "1e-10",
      description = "Stop when |change of log p| <= tol |log p|; 0: no such test (default: ${DEFAULT-VALUE}).")
  double tol;

  @Option(names = "--param-tol", defaultValue = "0",
      description = {"Stop when no weight, mean or covariance entry moves more than this in an iteration (relative above 1",
          "in magnitude, absolute below); 0: no such test. --tol 0 --param-tol 0 runs to --max-iter (default: ${DEFAULT-VALUE})."})
  double paramTol;

  @Option(names = "--reg", defaultValue = "0", description = "Ridge added to every covariance (default: ${DEFAULT-VALUE}).")
  double reg;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the initial means (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--json", description = "Print the result as one JSON object.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    INDArray x = Nd4j.createFromArray(DataFiles.readTable(data).rows());
    GaussianMixtureEm.Result r = GaussianMixtureEm.of(k, maxIter, tol, paramTol, reg).fit(x, Rng.of(seed));
    GaussianMixtureEm.Parameters p = r.parameters();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("n", x.size(0));
    out.put("k", k);
    out.put("log_likelihood", r.finalLogLikelihood());
    out.put("iterations", r.iterations());
    out.put("converged", r.converged());
    // EM's objective is log p(x | theta), which equals its free energy (ELBO) after every E-step
    io.github.jvi.vi.cavi.Convergence.Criterion by = r.convergence().stoppedBy();
    out.put("stopped_by", by == io.github.jvi.vi.cavi.Convergence.Criterion.ELBO_TOLERANCE ? "log-likelihood-tolerance" : by.id());
    out.put("log_likelihood_change", r.convergence().elboChange());
    out.put("parameter_change", r.convergence().parameterChange());
    out.put("weights", p.weights().toDoubleVector());
    out.put("means", p.means().toDoubleMatrix());
    List<double[][]> covs = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      covs.add(p.covariances().get(org.nd4j.linalg.indexing.NDArrayIndex.point(j)).toDoubleMatrix());
    }
    out.put("covariances", covs);
    out.put("log_likelihood_trace", r.logLikelihood());
    out.put("free_energy_after_e", r.freeEnergyAfterE());
    out.put("free_energy_after_m", r.freeEnergyAfterM());
    Cli.print(spec.commandLine().getOut(), out, json);
    return 0;
  }
}
