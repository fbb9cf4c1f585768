package io.github.jvi.vi.bbvi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.distribution.Gamma;
import io.github.jvi.core.distribution.Normal;
import io.github.jvi.core.model.Model;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.examples.CourseModels;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The generic black-box VI path (a {@link Model} written with the model API, a {@link Guide} of
 * core distributions, scores by the autodiff) against the hand-written Normal-Gamma path of
 * {@link NormalGammaModel} on the same draws: same seed, same stream, so the batches and every
 * estimator's estimate must agree to rounding. Deterministic: no failure budget.
 */
class GuidedScoreModelTest {
  private static final double[] LAMBDA = {0.3, Math.log(0.5), Math.log(2.0), Math.log(3.0)};

  private static double[] data() {
    Rng rng = Rng.of(11);
    double[] x = new double[100];
    for (int i = 0; i < x.length; i++) {
      x[i] = 1.5 + 0.8 * rng.nextGaussian();
    }
    return x;
  }

  private static Guide guide() {
    return Guide.builder()
        .site("mu", p -> Normal.of(p.real("loc", 0.0), p.positive("scale", 1.0)))
        .site("tau", p -> Gamma.of(p.positive("shape", 1.0), p.positive("rate", 1.0)))
        .build();
  }

  @Test
  void sameBatchesAsTheHandWrittenNormalGammaOnTheSameDraws() {
    double[] x = data();
    NormalGammaModel hand = NormalGammaModel.of(Nd4j.createFromArray(x), 0, 1, 1, 1);
    GuidedScoreModel generic = GuidedScoreModel.of(CourseModels.normalGamma(x, 0, 1, 1, 1), guide());
    assertEquals(List.of("mu.loc", "mu.log_scale", "tau.log_shape", "tau.log_rate"), generic.parameterNames());
    ScoreBatch a = hand.draw(LAMBDA, Rng.of(7), 50);
    ScoreBatch b = generic.draw(LAMBDA, Rng.of(7), 50);
    for (int s = 0; s < 50; s++) {
      assertClose(a.weight()[s], b.weight()[s], 1e-10, "weight[" + s + "]");
      for (int d = 0; d < 4; d++) {
        assertClose(a.score()[d][s], b.score()[d][s], 1e-10, "score[" + d + "][" + s + "]");
        assertClose(a.blanketWeight()[d][s], b.blanketWeight()[d][s], 1e-10, "blanket[" + d + "][" + s + "]");
      }
    }
    for (GradientEstimator e : List.of(ScoreFunctionGradient.of(), ControlVariate.of(), ControlVariate.leaveOneOut(),
        RaoBlackwellized.of(), RaoBlackwellized.withControlVariates())) {
      double[] ga = e.estimate(a).gradient();
      double[] gb = e.estimate(b).gradient();
      for (int d = 0; d < 4; d++) {
        assertClose(ga[d], gb[d], 1e-8, e.name() + " gradient[" + d + "]");
      }
    }
  }

  @Test
  void fitsTheNormalGammaModelLikeTheHandWrittenPath() {
    double[] x = data();
    NormalGammaModel hand = NormalGammaModel.of(Nd4j.createFromArray(x), 0, 1, 1, 1);
    GuidedScoreModel generic = GuidedScoreModel.of(CourseModels.normalGamma(x, 0, 1, 1, 1), guide());
    BbviResult ra = BlackBoxVi.of(hand, ControlVariate.of(), 20, 0.5).run(Nd4j.createFromArray(LAMBDA), 200, Rng.of(3));
    BbviResult rb = BlackBoxVi.of(generic, ControlVariate.of(), 20, 0.5).run(Nd4j.createFromArray(LAMBDA), 200, Rng.of(3));
    double[] la = ra.lambda().toDoubleVector();
    double[] lb = rb.lambda().toDoubleVector();
    for (int d = 0; d < 4; d++) {
      assertClose(la[d], lb[d], 1e-6, "lambda[" + d + "] after 200 iterations");
    }
  }

  @Test
  void aSiteDrawingOutsideItsLatentsSupportIsAnError() {
    Model m = CourseModels.normalGamma(data(), 0, 1, 1, 1);
    Guide bad = Guide.builder()
        .site("mu", p -> Normal.of(p.real("loc", 0.0), p.positive("scale", 1.0)))
        .site("tau", p -> Normal.of(p.real("loc", 0.0), p.positive("scale", 1.0))) // negative draws for a positive latent
        .build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GuidedScoreModel.of(m, bad).draw(new double[] {0, 0, 0, 0}, Rng.of(1), 200));
    assertTrue(e.getMessage().contains("outside latent 'tau'"), e.getMessage());
  }

  @Test
  void everyLatentNeedsOneSite() {
    Model m = CourseModels.normalGamma(data(), 0, 1, 1, 1);
    Guide onlyMu = Guide.builder().site("mu", p -> Normal.of(p.real("loc", 0.0), p.positive("scale", 1.0))).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GuidedScoreModel.of(m, onlyMu));
    assertTrue(e.getMessage().contains("latent 'tau'"), e.getMessage());
  }

  private static void assertClose(double expected, double actual, double rel, String what) {
    double tol = rel * Math.max(1.0, Math.abs(expected));
    assertEquals(expected, actual, tol, what);
  }
}
