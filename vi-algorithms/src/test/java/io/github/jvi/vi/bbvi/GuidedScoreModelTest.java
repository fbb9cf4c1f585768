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

  /**
   * A discrete latent: z in {0, 1} with p(z = 1) = 1/2, y | z ~ N(4z - 2, 1), y = 1 observed, and
   * a Bernoulli guide on its logit l. The exact ELBO gradient is dL/dl = p (1 - p) (4 - l) with
   * p = sigmoid(l) (the posterior logit is log N(1 | 2, 1) - log N(1 | -2, 1) = 4). At l = 1 the
   * score-function estimate from the autodiff's batches, averaged over R = 400 batches of S = 50
   * (fixed seed), must match it within 5 standard errors of that average (false alarm 6e-7); and
   * ADVI must refuse the model.
   */
  @Test
  void aDiscreteLatentGetsTheExactElboGradientFromABernoulliGuide() {
    Model m = Model.builder("binary")
        .latent("z", io.github.jvi.core.model.Support.discrete(2))
        .factor("prior", z -> io.github.jvi.core.distribution.Bernoulli.ofProbs(0.5).logProb(z.get("z")), "z")
        .factor("y", z -> Normal.of(z.get("z").mul(4.0).sub(2.0), io.github.jvi.core.autodiff.Var.constant(new double[] {1.0}))
            .logProb(io.github.jvi.core.autodiff.Var.constant(new double[] {1.0})), "z")
        .build();
    Guide g = Guide.builder()
        .site("z", p -> io.github.jvi.core.distribution.Bernoulli.ofLogits(p.real("logit", 0.0)))
        .build();
    GuidedScoreModel sm = GuidedScoreModel.of(m, g);
    double l = 1.0;
    double p = 1 / (1 + Math.exp(-l));
    double exact = p * (1 - p) * (4 - l);
    Rng rng = Rng.of(9);
    int reps = 400;
    double[] est = new double[reps];
    for (int r = 0; r < reps; r++) {
      est[r] = ScoreFunctionGradient.of().estimate(sm.draw(new double[] {l}, rng, 50)).gradient()[0];
    }
    double mean = java.util.Arrays.stream(est).average().orElseThrow();
    double var = java.util.Arrays.stream(est).map(v -> (v - mean) * (v - mean)).sum() / (reps - 1);
    assertEquals(exact, mean, 5 * Math.sqrt(var / reps), "dELBO/dlogit at logit 1 (exact " + exact + ")");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> io.github.jvi.vi.advi.Advi.meanField().fit(m, Rng.of(1)));
    assertTrue(e.getMessage().contains("latent 'z' is discrete"), e.getMessage());
  }

  private static void assertClose(double expected, double actual, double rel, String what) {
    double tol = rel * Math.max(1.0, Math.abs(expected));
    assertEquals(expected, actual, tol, what);
  }
}
