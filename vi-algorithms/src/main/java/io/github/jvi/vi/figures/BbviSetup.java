package io.github.jvi.vi.figures;

import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.bbvi.ControlVariate;
import io.github.jvi.vi.bbvi.GradientEstimator;
import io.github.jvi.vi.bbvi.NormalGammaModel;
import io.github.jvi.vi.bbvi.RaoBlackwellized;
import io.github.jvi.vi.bbvi.ScoreFunctionGradient;
import java.util.List;
import org.nd4j.linalg.factory.Nd4j;

/** The BBVI experiment shared by the BBVI figures: data, estimators, settings. */
final class BbviSetup {
  static final int N = 100;
  static final int SAMPLES = 100;
  static final double ETA = 0.5;
  static final double TRUE_MU = 2;
  static final double TRUE_TAU = 4;

  private BbviSetup() {}

  /** N = 100 points x_n ~ N(2, 1/4) (the CAVI simulator), NormalGamma(0, 1, 1, 1) prior. */
  static NormalGammaModel model(long seed) {
    double[] x = io.github.jvi.vi.cavi.NormalGammaModel.simulate(TRUE_MU, TRUE_TAU, N, Rng.of(seed)).x();
    return NormalGammaModel.of(Nd4j.createFromArray(x));
  }

  /** REINFORCE, control variates, Rao-Blackwellization, and both (Algorithm 2). */
  static List<GradientEstimator> estimators() {
    return List.of(ScoreFunctionGradient.of(), ControlVariate.of(), RaoBlackwellized.of(),
        RaoBlackwellized.withControlVariates());
  }

  /** Legend labels for {@link #estimators()}. */
  static String label(GradientEstimator e) {
    return switch (e.name()) {
      case "reinforce" -> "REINFORCE (Alg. 1)";
      case "control-variate" -> "control variates";
      case "rao-blackwell" -> "Rao-Blackwellized";
      case "rao-blackwell-cv" -> "RB + control variates (Alg. 2)";
      default -> e.name();
    };
  }

  /** Iterations: 2000 quick, 10000 full. */
  static int iterations(boolean full) {
    return full ? 10_000 : 2_000;
  }
}
