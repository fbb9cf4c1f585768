package io.github.jvi.vi.cli;

import io.github.jvi.core.cli.Cli;
import java.util.Arrays;
import picocli.CommandLine.Option;

/**
 * The options {@code --k K} and {@code --weights w1,...,wK} of the models with known mixture
 * weights (gmm-light, earthquake), shared by their fit and simulate commands: the weights as given,
 * or uniform over K components when only --k is given.
 */
final class KnownWeights {
  @Option(names = "--k", description = "Number of components K (or give --weights).")
  Integer k;

  @Option(names = "--weights", paramLabel = "w1,...,wK", description = "Known weights summing to 1 (default: uniform over K).")
  String weights;

  /** The weights from the options; K from --k or from the weights, which must agree when both are given. */
  double[] resolve() {
    if (weights == null) {
      if (k == null) {
        throw new Cli.UserError("give --k K (and optionally --weights w1,...,wK)");
      }
      if (k < 1) {
        throw new Cli.UserError("--k must be >= 1, found " + k);
      }
      double[] w = new double[k];
      Arrays.fill(w, 1.0 / k);
      return w;
    }
    double[] w = CaviCommand.numbers("--weights", weights);
    if (k != null && k != w.length) {
      throw new Cli.UserError("--weights has " + w.length + " entries but --k is " + k);
    }
    return w;
  }
}
