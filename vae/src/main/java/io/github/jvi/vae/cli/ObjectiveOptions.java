package io.github.jvi.vae.cli;

import io.github.jvi.vae.objective.GradientEstimator;
import io.github.jvi.vae.objective.ObjectiveKind;
import picocli.CommandLine.Option;

/**
 * The training objective's options, shared by {@code jvi vae train} and {@code jvi bench vae}:
 * the bound ({@code --objective}), its sample count ({@code --k}) and the gradient estimator
 * ({@code --estimator}), parsed by {@link ObjectiveKind#of} and {@link GradientEstimator#of}.
 */
final class ObjectiveOptions {
  @Option(names = "--objective", defaultValue = "elbo",
      description = "Training bound: elbo (the (beta-)ELBO) or iwae (the importance-weighted bound of Burda et al. "
          + "2016 with --k samples) (default: ${DEFAULT-VALUE}).")
  String objective;

  @Option(names = "--k", defaultValue = "1",
      description = "Importance samples per example of the iwae objective, drawn as one batch (default: ${DEFAULT-VALUE}; "
          + "must be 1 for elbo).")
  int k;

  @Option(names = "--estimator", defaultValue = "standard",
      description = "Gradient estimator: standard (total derivative; closed-form KL where one exists) or stl "
          + "(sticking the landing, Roeder et al. 2017: log q with q's parameters detached, no score term; biased "
          + "for iwae with k > 1) (default: ${DEFAULT-VALUE}).")
  String estimator;

  /** The bound. */
  ObjectiveKind kind() {
    return ObjectiveKind.of(objective);
  }

  /** The gradient estimator. */
  GradientEstimator estimator() {
    return GradientEstimator.of(estimator);
  }
}
