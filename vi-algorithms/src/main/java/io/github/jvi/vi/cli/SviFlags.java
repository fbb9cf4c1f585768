package io.github.jvi.vi.cli;

import io.github.jvi.vi.cavi.Init;
import io.github.jvi.vi.svi.SviOptions;
import picocli.CommandLine.Option;

/** The SVI options shared by {@code jvi svi gmm} and {@code jvi svi earthquake}. */
final class SviFlags {
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

  @Option(names = "--json", description = "Print the result as one JSON object.")
  boolean json;

  /** The options (validated by {@link SviOptions#of}). */
  SviOptions options() {
    SviOptions base = SviOptions.defaults();
    return SviOptions.of(batch, passes, kappa, tau, seed, holdout, base.blockRows(), base.windowBlocks(), reportEvery,
        init);
  }

  /** What every {@code jvi svi} command reports about the run. */
  void describe(java.util.Map<String, Object> out, io.github.jvi.vi.svi.SviFit<?> fit, int heldOut) {
    out.put("steps", fit.steps());
    out.put("batch", batch);
    out.put("passes", passes);
    out.put("kappa", kappa);
    out.put("tau", tau);
    out.put("held_out", heldOut);
    out.put("seconds", fit.seconds());
    out.put("trace", CaviCommand.ordered("step", fit.traceSteps(), "points", fit.tracePoints(),
        "seconds", fit.traceSeconds(), "held_out_elbo_per_point", fit.traceHeldOut()));
  }
}
