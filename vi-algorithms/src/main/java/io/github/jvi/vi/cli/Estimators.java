package io.github.jvi.vi.cli;

import io.github.jvi.vi.bbvi.ControlVariate;
import io.github.jvi.vi.bbvi.GradientEstimator;
import io.github.jvi.vi.bbvi.RaoBlackwellized;
import io.github.jvi.vi.bbvi.ScoreFunctionGradient;
import java.util.List;
import java.util.Locale;

/** The BBVI estimators by their command-line names. */
final class Estimators {
  static final List<String> NAMES = List.of("reinforce", "control-variate", "control-variate-loo", "rao-blackwell",
      "rao-blackwell-cv");

  private Estimators() {}

  static GradientEstimator byName(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "reinforce" -> ScoreFunctionGradient.of();
      case "control-variate" -> ControlVariate.of();
      case "control-variate-loo" -> ControlVariate.leaveOneOut();
      case "rao-blackwell" -> RaoBlackwellized.of();
      case "rao-blackwell-cv" -> RaoBlackwellized.withControlVariates();
      default -> throw new IllegalArgumentException("--estimator must be one of " + String.join(", ", NAMES)
          + ", found '" + name + "'");
    };
  }
}
