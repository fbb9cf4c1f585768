package io.github.jvi.vi.cli;

import io.github.jvi.vi.cavi.CaviOptions;
import io.github.jvi.vi.cavi.Init;
import picocli.CommandLine.Option;

/** Options shared by the {@code jvi cavi} commands (a picocli mixin). */
final class CaviFitOptions {
  @Option(names = "--max-iter", defaultValue = "1000", description = "Maximum number of sweeps (default: ${DEFAULT-VALUE}).")
  int maxIter;

  @Option(names = "--tol", defaultValue = "1e-8",
      description = "Stop when the relative ELBO change is at most this; 0: no ELBO test (default: ${DEFAULT-VALUE}).")
  double tol;

  @Option(names = "--param-tol", defaultValue = "0",
      description = {"Stop when no variational parameter moves more than this in a sweep (relative above 1 in magnitude,",
          "absolute below); 0: no parameter test. --tol 0 --param-tol 0 runs to --max-iter (default: ${DEFAULT-VALUE})."})
  double paramTol;

  @Option(names = "--restarts", defaultValue = "3",
      description = "Initialisations; the best final ELBO is kept (default: ${DEFAULT-VALUE}).")
  int restarts;

  @Option(names = "--init", defaultValue = "KMEANS_PLUS_PLUS",
      description = "Initial responsibilities: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Init init;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the initialisation (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--json", description = "Print the result as one JSON object.")
  boolean json;

  @Option(names = "--threads", defaultValue = "0",
      description = "Threads sharing each sweep's blocks; 0: ND4J's thread count (default: ${DEFAULT-VALUE}). "
          + "Results do not depend on it.")
  int threads;

  CaviOptions options() {
    return CaviOptions.of(maxIter, tol, paramTol, restarts, init).withThreading(CaviThreads.threading(threads));
  }

  /** Runs a fit with these options, BLAS on one thread meanwhile when several threads share it. */
  <T> T fit(java.util.function.Function<CaviOptions, T> body) {
    CaviOptions o = options();
    try (CaviThreads scope = CaviThreads.scope(o.threading())) {
      return body.apply(o);
    }
  }
}
