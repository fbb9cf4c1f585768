package io.github.jvi.verification.advi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.gpu.Rng;
import io.github.jvi.verification.support.Stats;
import io.github.jvi.vi.advi.Advi;
import io.github.jvi.vi.advi.GaussianApproximation;
import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.junit.jupiter.api.Test;

/**
 * ADVI's stochastic ELBO gradients ({@link Advi#elboGradient}) against the closed-form ELBO
 * gradient on the Gaussian conjugate model (Bayesian linear regression with known noise, D = 2,
 * correlated predictors, posterior sds ~1 and correlation ~ -0.6: the posterior is N(m, Lambda^-1)
 * exactly). For q = N(mu, L L^T),
 * <pre>
 * ELBO(lambda) = -(1/2) [tr(Lambda L L^T) + (mu - m)^T Lambda (mu - m)] + sum_i omega_i + const
 * </pre>
 * evaluated in plain doubles from lambda and differentiated by central differences (h = 1e-6; the
 * ELBO is quadratic in mu and W and smooth in omega, so the reference is exact to ~1e-8): an
 * oracle independent of the autodiff.
 *
 * <ul>
 *   <li>Unbiasedness: at a fixed lambda away from the optimum, the mean of 200 seeded gradients
 *       (S = 1 each) lies within 5 standard errors of the exact gradient in every coordinate, for
 *       the pathwise and STL estimators, mean-field and full-rank, and for the pathwise estimator
 *       on minibatches of 3 of the 8 rows (scaled by 8/3: unbiased for the full-data gradient).
 *       Failure budget: 26 comparisons, each a mean of 200 draws of a quadratic form of Gaussians
 *       (near-normal), P(|Z| &gt; 5) = 5.7e-7 each: below 2e-5 in all. The check has power: the
 *       exact gradient must exceed 6 standard errors in at least half the coordinates.</li>
 *   <li>Full-rank W entries on and above the diagonal are unused: their gradient is exactly 0.</li>
 *   <li>At the exact posterior (full-rank mu = m, L = chol(Lambda^-1)) the STL gradient is zero at
 *       every draw (Roeder et al. 2017), to 1e-9, while the pathwise one is not.</li>
 * </ul>
 */
class AdviEstimatorProperties {
  private static final int DRAWS = 200;

  private static double[][] lower(boolean fullRank, int d, double[] lambda) {
    double[][] l = new double[d][d];
    for (int i = 0; i < d; i++) {
      double s = Math.exp(lambda[d + i]);
      l[i][i] = s;
      if (fullRank) {
        for (int j = 0; j < i; j++) {
          l[i][j] = s * lambda[2 * d + i * d + j];
        }
      }
    }
    return l;
  }

  /** The closed-form ELBO up to its constant. */
  static double exactElbo(ConjugateModels.Gaussian g, boolean fullRank, double[] lambda) {
    int d = g.dimension();
    double[][] l = lower(fullRank, d, lambda);
    double[][] p = g.precision();
    double tr = 0;
    double quad = 0;
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double llt = 0;
        for (int k = 0; k < d; k++) {
          llt += l[i][k] * l[j][k];
        }
        tr += p[i][j] * llt;
        quad += (lambda[i] - g.mean()[i]) * p[i][j] * (lambda[j] - g.mean()[j]);
      }
    }
    double logDet = 0;
    for (int i = 0; i < d; i++) {
      logDet += lambda[d + i];
    }
    return -0.5 * (tr + quad) + logDet;
  }

  static double[] exactGradient(ConjugateModels.Gaussian g, boolean fullRank, double[] lambda) {
    double h = 1e-6;
    double[] out = new double[lambda.length];
    for (int i = 0; i < lambda.length; i++) {
      double[] lp = lambda.clone();
      double[] lm = lambda.clone();
      lp[i] += h;
      lm[i] -= h;
      out[i] = (exactElbo(g, fullRank, lp) - exactElbo(g, fullRank, lm)) / (2 * h);
    }
    return out;
  }

  private static ConjugateModels.Gaussian model() {
    return ConjugateModels.linearRegression(8, 0.8, 0.35, 2.0, 202);
  }

  /** mu off the posterior mean by (2, 1.5) sd, scales 0.4 and 2.5 of the sds, W_10 = -0.4. */
  private static double[] awayFromTheOptimum(ConjugateModels.Gaussian g, boolean fullRank) {
    int d = g.dimension();
    double[][] s = g.covariance();
    double[] lambda = new double[GaussianApproximation.parameterCount(fullRank, d)];
    lambda[0] = g.mean()[0] + 2 * Math.sqrt(s[0][0]);
    lambda[1] = g.mean()[1] + 1.5 * Math.sqrt(s[1][1]);
    lambda[2] = Math.log(0.4 * Math.sqrt(s[0][0]));
    lambda[3] = Math.log(2.5 * Math.sqrt(s[1][1]));
    if (fullRank) {
      lambda[4] = 0.9; // W_00, unused
      lambda[5] = -0.3; // W_01, unused
      lambda[6] = -0.4; // W_10
      lambda[7] = 1.1; // W_11, unused
    }
    return lambda;
  }

  private static void assertUnbiased(String what, ConjugateModels.Gaussian g, Advi advi, boolean fullRank, long seed) {
    double[] lambda = awayFromTheOptimum(g, fullRank);
    GaussianApproximation q = GaussianApproximation.of(fullRank, g.dimension(), lambda);
    double[] exact = exactGradient(g, fullRank, lambda);
    double[][] draws = new double[lambda.length][DRAWS];
    Rng rng = Rng.of(seed);
    for (int k = 0; k < DRAWS; k++) {
      double[] grad = advi.elboGradient(g.model(), q, rng);
      for (int i = 0; i < lambda.length; i++) {
        draws[i][k] = grad[i];
      }
    }
    int resolved = 0;
    int used = 0;
    double[] ses = new double[lambda.length];
    for (int i = 0; i < lambda.length; i++) {
      boolean unused = fullRank && i >= 2 * g.dimension() && i != 6;
      if (unused) {
        for (double v : draws[i]) {
          assertEquals(0.0, v, 0.0, what + ": unused W entry " + i);
        }
        continue;
      }
      used++;
      double se = Stats.standardError(draws[i]);
      ses[i] = se;
      assertEquals(exact[i], Stats.mean(draws[i]), 5 * se + 1e-12, what + ", lambda[" + i + "] (se " + se + ")");
      if (Math.abs(exact[i]) > 6 * se) {
        resolved++;
      }
    }
    assertTrue(2 * resolved >= used, what + ": the gradient is resolved in only " + resolved + " of " + used
        + " coordinates; exact " + Arrays.toString(exact) + ", standard errors " + Arrays.toString(ses));
  }

  @Test
  void pathwiseAndStlGradientsAreUnbiasedForTheExactElboGradient() {
    ConjugateModels.Gaussian g = model();
    Advi mf = Advi.meanField().samples(1);
    Advi full = Advi.fullRank().samples(1);
    assertUnbiased("mean-field pathwise", g, mf.estimator(Advi.Estimator.PATHWISE), false, 31);
    assertUnbiased("mean-field STL", g, mf.estimator(Advi.Estimator.STL), false, 32);
    assertUnbiased("full-rank pathwise", g, full.estimator(Advi.Estimator.PATHWISE), true, 33);
    assertUnbiased("full-rank STL", g, full.estimator(Advi.Estimator.STL), true, 34);
    assertUnbiased("mean-field pathwise, minibatches of 3 of 8 rows", g,
        mf.estimator(Advi.Estimator.PATHWISE).minibatch(3), false, 35);
  }

  @Test
  void atTheExactPosteriorTheStlGradientVanishesAtEveryDraw() {
    ConjugateModels.Gaussian g = model();
    int d = g.dimension();
    double[][] c = new CholeskyDecomposition(new Array2DRowRealMatrix(g.covariance())).getL().getData();
    double[] lambda = new double[GaussianApproximation.parameterCount(true, d)];
    for (int i = 0; i < d; i++) {
      lambda[i] = g.mean()[i];
      lambda[d + i] = Math.log(c[i][i]);
      for (int j = 0; j < i; j++) {
        lambda[2 * d + i * d + j] = c[i][j] / c[i][i];
      }
    }
    GaussianApproximation q = GaussianApproximation.of(true, d, lambda);
    double[] exact = exactGradient(g, true, lambda);
    for (double v : exact) {
      assertEquals(0, v, 1e-6, "the exact gradient vanishes at the optimum");
    }
    Rng rng = Rng.of(36);
    Advi stl = Advi.fullRank().samples(1).estimator(Advi.Estimator.STL);
    Advi pathwise = Advi.fullRank().samples(1).estimator(Advi.Estimator.PATHWISE);
    double largestPathwise = 0;
    for (int k = 0; k < 10; k++) {
      for (double v : stl.elboGradient(g.model(), q, rng)) {
        assertEquals(0, v, 1e-9, "STL at the exact posterior, draw " + k);
      }
      for (double v : pathwise.elboGradient(g.model(), q, rng)) {
        largestPathwise = Math.max(largestPathwise, Math.abs(v));
      }
    }
    assertTrue(largestPathwise > 0.1, "the pathwise gradient is noisy at the optimum: " + largestPathwise);
  }

  @Test
  void elboGradientChecksTheDimension() {
    ConjugateModels.Gaussian g = model();
    GaussianApproximation q = GaussianApproximation.of(false, 3, new double[6]);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Advi.meanField().elboGradient(g.model(), q, Rng.of(1)));
    assertTrue(e.getMessage().contains("q must have the model's dimension 2, found 3"), e.getMessage());
  }
}
