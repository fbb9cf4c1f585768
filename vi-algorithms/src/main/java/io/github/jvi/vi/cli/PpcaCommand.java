package io.github.jvi.vi.cli;

import io.github.jvi.core.cli.Cli;
import io.github.jvi.core.io.DataFiles;
import io.github.jvi.vi.ppca.ProbabilisticPca;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jvi ppca}: probabilistic PCA by closed-form maximum likelihood. */
@Command(name = "ppca", mixinStandardHelpOptions = true,
    description = {"Probabilistic PCA by closed-form maximum likelihood (Tipping & Bishop 1999).",
        "Prints b, W (D x M), sigma^2, the log-likelihood and the eigenvalues of the sample covariance.",
        "FILE.csv: one point per row, an optional header line."})
public final class PpcaCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, paramLabel = "FILE.csv", description = "One point per row.")
  Path data;

  @Option(names = "--m", required = true, description = "Latent dimension M, 1 <= M < D.")
  int m;

  @Option(names = "--json", description = "Print the result as one JSON object.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    INDArray x = Nd4j.createFromArray(DataFiles.readTable(data).rows());
    ProbabilisticPca.Fit f = ProbabilisticPca.fit(x, m);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("n", x.size(0));
    out.put("d", x.size(1));
    out.put("m", m);
    out.put("b", f.mean().toDoubleVector());
    out.put("W", f.w().toDoubleMatrix());
    out.put("sigma2", f.sigma2());
    out.put("log_likelihood", f.logLikelihood());
    out.put("eigenvalues", f.eigenvalues());
    Cli.print(spec.commandLine().getOut(), out, json);
    return 0;
  }
}
