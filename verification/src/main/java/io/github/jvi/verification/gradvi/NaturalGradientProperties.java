package io.github.jvi.verification.gradvi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.Gradients;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.Gamma;
import io.github.jvi.gpu.Rng;
import io.github.jvi.verification.support.Stats;
import io.github.jvi.vi.natgrad.GammaNll;
import io.github.jvi.vi.natgrad.GammaShapeScale;
import io.github.jvi.vi.natgrad.NaturalGradientDescent;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Fisher information of Gamma(alpha, beta = scale) and natural-gradient descent. References:
 * the closed forms against each other (inverse), the covariance of the score over 200000 draws
 * (tolerance 5 standard errors of each covariance entry, fixed seeds; failure budget for fresh
 * seeds, normal approximation: 6 tries x (2 means + 4 entries) = 36 comparisons x 5.7e-7 =
 * 2.1e-5 per run; the other properties are deterministic), the core Gamma's natural-
 * parameter Fisher information (the exponential-family view) and the Hessian of its
 * log-normaliser by central differences of its reverse-mode gradient, and the MLE solved by
 * Newton's method on log alpha - psi(alpha) = log mean(x) - mean(log x) (Minka 2002).
 */
class NaturalGradientProperties {
  @Property(tries = 200, seed = "51")
  void theClosedFormInverseTimesFisherIsTheIdentity(@ForAll @DoubleRange(min = 0.02, max = 500) double alpha,
      @ForAll @DoubleRange(min = 0.01, max = 1e3) double beta) {
    GammaShapeScale g = GammaShapeScale.of(alpha, beta);
    double[][] f = g.fisher();
    double[][] fi = g.fisherInverse();
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        // F^-1 F is dimensionless only up to the scales of alpha and beta: compare D F^-1 F D^-1
        double prod = fi[i][0] * f[0][j] + fi[i][1] * f[1][j];
        double scale = (i == j) ? 1 : (i == 0 ? 1 / beta : beta);
        assertEquals(i == j ? 1 : 0, prod * (i == j ? 1 : 1 / scale), 1e-8, "alpha=" + alpha + " beta=" + beta);
      }
    }
  }

  @Property(tries = 6, seed = "52")
  void fisherInformationIsTheCovarianceOfTheScore(@ForAll @DoubleRange(min = 0.3, max = 20) double alpha,
      @ForAll @DoubleRange(min = 0.1, max = 10) double beta) {
    GammaShapeScale g = GammaShapeScale.of(alpha, beta);
    int n = 200_000;
    INDArray score = g.score(g.sample(Rng.of(Double.hashCode(alpha * 31 + beta)), n));
    double[] flat = Stats.values(score);
    double[][] f = g.fisher();
    for (int i = 0; i < 2; i++) {
      double[] si = Stats.column(flat, 2, i);
      assertEquals(0, Stats.mean(si), 5 * Stats.standardError(si), "mean of score " + i);
      for (int j = 0; j < 2; j++) {
        double[] prod = Stats.times(si, Stats.column(flat, 2, j)); // E[s_i s_j] = F_ij (the score has mean 0)
        assertEquals(f[i][j], Stats.mean(prod), 5 * Stats.standardError(prod), "F[" + i + "][" + j + "] at " + g);
      }
    }
  }

  @Property(tries = 40, seed = "53")
  void fisherIsTheJacobianTransformOfTheNaturalFisher(@ForAll @DoubleRange(min = 0.05, max = 200) double alpha,
      @ForAll @DoubleRange(min = 0.01, max = 100) double beta) {
    GammaShapeScale g = GammaShapeScale.of(alpha, beta);
    double[][] fe = g.fisherNatural(); // from the core Gamma's exponential-family view
    double[][] j = g.jacobian();
    double[][] f = g.fisher();
    for (int a = 0; a < 2; a++) {
      for (int b = 0; b < 2; b++) {
        double v = 0;
        for (int k = 0; k < 2; k++) {
          for (int l = 0; l < 2; l++) {
            v += j[k][a] * fe[k][l] * j[l][b];
          }
        }
        assertEquals(f[a][b], v, 1e-12 * Math.abs(f[a][b]), "J^T F(eta) J [" + a + "][" + b + "] at " + g);
      }
    }
  }

  @Property(tries = 30, seed = "54")
  void naturalFisherIsTheHessianOfTheLogNormalizer(@ForAll @DoubleRange(min = 0.3, max = 50) double alpha,
      @ForAll @DoubleRange(min = 0.1, max = 10) double beta) {
    // central differences (h = 1e-6 relative) of the reverse-mode gradient of the core A(eta)
    Gamma core = GammaShapeScale.of(alpha, beta).distribution();
    double[] eta = core.naturalParameters().value().toDoubleVector();
    double[][] fe = GammaShapeScale.of(alpha, beta).fisherNatural();
    for (int k = 0; k < 2; k++) {
      double h = 1e-6 * Math.abs(eta[k]) + 1e-9;
      double[] up = eta.clone();
      double[] dn = eta.clone();
      up[k] += h;
      dn[k] -= h;
      double[] gu = gradA(core, up);
      double[] gd = gradA(core, dn);
      for (int l = 0; l < 2; l++) {
        double fd = (gu[l] - gd[l]) / (2 * h);
        assertEquals(fe[l][k], fd, 1e-5 * Math.abs(fe[l][k]) + 1e-7, "d2A/deta" + l + "deta" + k);
      }
    }
  }

  private static double[] gradA(Gamma core, double[] eta) {
    Var e = Var.param(Nd4j.createFromArray(eta));
    return Gradients.of(core.logNormalizer(e).sum()).get(e).toDoubleVector();
  }

  @Property(tries = 25, seed = "55")
  void naturalGradientDescentEndsAtTheMle(@ForAll @DoubleRange(min = 0.5, max = 10) double alpha,
      @ForAll @DoubleRange(min = 0.1, max = 10) double beta, @ForAll @IntRange(min = 50, max = 2000) int n,
      @ForAll @DoubleRange(min = 0.2, max = 5) double startFactor) {
    GammaNll nll = GammaNll.of(GammaShapeScale.of(alpha, beta).sample(Rng.of(n * 7919L + (long) (alpha * 1000)), n));
    double[] mle = nll.mle();
    // a poor start: alpha off by the start factor, beta off by its inverse times 5
    NaturalGradientDescent.Trajectory t = NaturalGradientDescent.of(NaturalGradientDescent.Method.NGD, 1)
        .run(nll, alpha * startFactor, 5 * beta / startFactor, 200);
    double[] grad = nll.gradient(t.finalAlpha(), t.finalBeta());
    assertEquals(0, grad[0], 1e-9, "dl/dalpha at the end");
    assertEquals(0, grad[1] * t.finalBeta(), 1e-9, "beta dl/dbeta at the end");
    assertEquals(mle[0], t.finalAlpha(), 1e-7 * mle[0]);
    assertEquals(mle[1], t.finalBeta(), 1e-7 * mle[1]);
  }

  @Test
  void nonPositiveOrNanSamplesGetAClearError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GammaNll.of(Nd4j.createFromArray(2.0, 1.5, -0.5)));
    assertTrue(e.getMessage().contains("Gamma data") && e.getMessage().contains("-0.5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> GammaNll.of(Nd4j.createFromArray(2.0, 0.0)));
    assertTrue(e.getMessage().contains("0.0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> GammaNll.of(Nd4j.createFromArray(2.0, Double.NaN)));
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> GammaShapeScale.of(0, 1));
    assertTrue(e.getMessage().contains("alpha"), e.getMessage());
  }
}
