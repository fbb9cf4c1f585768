package io.github.jvi.vi.bbvi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.distribution.Gamma;
import io.github.jvi.core.distribution.Normal;
import io.github.jvi.core.special.Special;
import io.github.jvi.gpu.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NormalGammaModelTest {
  private static final double[] X = {1.2, 2.5, 0.7, 1.9, 3.1, 2.2};
  private static final NormalGammaModel MODEL = NormalGammaModel.of(Nd4j.createFromArray(X), 0.5, 2.0, 3.0, 1.5);
  private static final MeanFieldNormalGamma Q = MeanFieldNormalGamma.of(1.1, 0.4, 2.5, 1.7);

  /** log p(x, mu, tau) written out term by term with scalar loops (independent of the features). */
  private static double[] naiveTerms(double mu, double tau) {
    double lik = 0;
    for (double x : X) {
      lik += 0.5 * Math.log(tau) - 0.5 * Math.log(2 * Math.PI) - 0.5 * tau * (x - mu) * (x - mu);
    }
    double priorMu = 0.5 * Math.log(2.0 * tau) - 0.5 * Math.log(2 * Math.PI) - 0.5 * 2.0 * tau * (mu - 0.5) * (mu - 0.5);
    double priorTau = 3.0 * Math.log(1.5) - Special.lgamma(3.0) + 2.0 * Math.log(tau) - 1.5 * tau;
    return new double[] {lik, priorMu, priorTau};
  }

  @Test
  void logJointTermsMatchTheScalarFormulas() {
    double[] mu = {-0.3, 1.0, 2.7};
    double[] tau = {0.2, 1.3, 4.0};
    NormalGammaModel.Terms t = MODEL.logJointTerms(Nd4j.createFromArray(mu), Nd4j.createFromArray(tau));
    for (int s = 0; s < 3; s++) {
      double[] ref = naiveTerms(mu[s], tau[s]);
      assertEquals(ref[0], t.likelihood().getDouble(s), 1e-12);
      assertEquals(ref[1], t.priorMu().getDouble(s), 1e-12);
      assertEquals(ref[2], t.priorTau().getDouble(s), 1e-12);
      assertEquals(ref[0] + ref[1] + ref[2], t.total().getDouble(s), 1e-12);
    }
  }

  @Test
  void logQMatchesTheNormalAndGammaDensities() {
    MeanFieldNormalGamma.Draws z = Q.sample(Rng.of(3), 5);
    INDArray refMu = Normal.of(1.1, 0.4).logProb(z.mu()).value();
    INDArray refTau = Gamma.of(2.5, 1.7).logProb(z.tau()).value();
    for (int s = 0; s < 5; s++) {
      assertEquals(refMu.getDouble(s), Q.logQMu(z).getDouble(s), 1e-12);
      assertEquals(refTau.getDouble(s), Q.logQTau(z).getDouble(s), 1e-12);
      assertEquals((z.mu().getDouble(s) - 1.1) / 0.4, z.eps().getDouble(s), 1e-12);
    }
  }

  /** log q(mu, tau | lambda) for one draw, for finite differences in lambda. */
  private static double logQ(double[] lambda, double mu, double tau) {
    double m = lambda[0];
    double s = Math.exp(lambda[1]);
    double a = Math.exp(lambda[2]);
    double b = Math.exp(lambda[3]);
    return -0.5 * Math.pow((mu - m) / s, 2) - Math.log(s) - 0.5 * Math.log(2 * Math.PI)
        + a * Math.log(b) - Special.lgamma(a) + (a - 1) * Math.log(tau) - b * tau;
  }

  @Test
  void scoreIsTheGradientOfLogQInLambda() {
    // reference: central differences of log q in the unconstrained parameters (h = 1e-5, error ~1e-9)
    MeanFieldNormalGamma.Draws z = Q.sample(Rng.of(4), 4);
    INDArray score = Q.score(z);
    double[] lambda = Q.unconstrained().toDoubleVector();
    for (int s = 0; s < 4; s++) {
      for (int d = 0; d < 4; d++) {
        double[] up = lambda.clone();
        double[] dn = lambda.clone();
        up[d] += 1e-5;
        dn[d] -= 1e-5;
        double fd = (logQ(up, z.mu().getDouble(s), z.tau().getDouble(s))
            - logQ(dn, z.mu().getDouble(s), z.tau().getDouble(s))) / 2e-5;
        assertEquals(fd, score.getDouble(s, d), 1e-6 * Math.max(1, Math.abs(fd)));
      }
    }
  }

  @Test
  void drawCombinesScoreAndWeightsConsistently() {
    INDArray lambda = Q.unconstrained();
    ScoreBatch batch = MODEL.draw(lambda, Rng.of(9), 6);
    // the same draws again, from the same seed, through the separate pieces
    MeanFieldNormalGamma.Draws z = Q.sample(Rng.of(9), 6);
    NormalGammaModel.Terms t = MODEL.logJointTerms(z.mu(), z.tau());
    INDArray score = Q.score(z);
    for (int s = 0; s < 6; s++) {
      double lp = t.total().getDouble(s);
      double lqMu = Q.logQMu(z).getDouble(s);
      double lqTau = Q.logQTau(z).getDouble(s);
      assertEquals(lp - lqMu - lqTau, batch.weight()[s], 1e-10);
      double blanketMu = t.likelihood().getDouble(s) + t.priorMu().getDouble(s) - lqMu;
      double blanketTau = lp - lqTau;
      assertEquals(blanketMu, batch.blanketWeight()[0][s], 1e-10);
      assertEquals(blanketMu, batch.blanketWeight()[1][s], 1e-10);
      assertEquals(blanketTau, batch.blanketWeight()[2][s], 1e-10);
      assertEquals(blanketTau, batch.blanketWeight()[3][s], 1e-10);
      for (int d = 0; d < 4; d++) {
        assertEquals(score.getDouble(s, d), batch.score()[d][s], 1e-12);
      }
    }
  }

  @Test
  void aReusedBatchIsRefilledCompletely() {
    // the run's workspace: drawing into a batch full of other values gives the fresh batch's values
    ScoreBatch fresh = MODEL.draw(Q.unconstrained(), Rng.of(12), 7);
    ScoreBatch reused = MODEL.draw(MeanFieldNormalGamma.of(-3, 2, 0.5, 9).unconstrained(), Rng.of(99), 7);
    MODEL.draw(Q.unconstrained().toDoubleVector(), Rng.of(12), reused);
    for (int d = 0; d < 4; d++) {
      assertArrayEquals(fresh.score()[d], reused.score()[d], 0.0);
      assertArrayEquals(fresh.blanketWeight()[d], reused.blanketWeight()[d], 0.0);
    }
    assertArrayEquals(fresh.weight(), reused.weight(), 0.0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MODEL.draw(Q.unconstrained().toDoubleVector(), Rng.of(1), ScoreBatch.allocate(5, 3)));
    assertTrue(e.getMessage().contains("D = 4"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new ScoreBatch(new double[][] {{1, 2}}, new double[] {1, 2, 3}, new double[][] {{1, 2, 3}}));
    assertTrue(e.getMessage().contains("score[0]") && e.getMessage().contains("found 2"), e.getMessage());
  }

  @Test
  void theLogJointKeepsItsDigitsForDataFarFromZero() {
    // data around 1e4 with unit spread, prior centred there: the likelihood from the sufficient
    // statistics against the term-by-term scalar sum (reference), to 1e-12 relative; the
    // uncentred sum_n x_n^2 - 2 mu sum_n x_n + N mu^2 would lose about 8 of its 16 digits here
    double[] x = new double[X.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = 1e4 + X[i];
    }
    NormalGammaModel far = NormalGammaModel.of(Nd4j.createFromArray(x), 1e4, 2.0, 3.0, 1.5);
    double[] mu = {1e4 - 0.3, 1e4 + 1.0, 1e4 + 2.7};
    double[] tau = {0.2, 1.3, 4.0};
    NormalGammaModel.Terms t = far.logJointTerms(Nd4j.createFromArray(mu), Nd4j.createFromArray(tau));
    for (int s = 0; s < 3; s++) {
      double lik = 0;
      for (double xn : x) {
        lik += 0.5 * Math.log(tau[s]) - 0.5 * Math.log(2 * Math.PI) - 0.5 * tau[s] * (xn - mu[s]) * (xn - mu[s]);
      }
      assertEquals(lik, t.likelihood().getDouble(s), 1e-12 * Math.abs(lik));
    }
  }

  @Test
  void exactElboAgreesWithItsMonteCarloEstimate() {
    // reference: mean of log p - log q over 50000 draws; tolerance 5 standard errors
    ScoreBatch batch = MODEL.draw(Q.unconstrained(), Rng.of(5), 50_000);
    INDArray w = Nd4j.createFromArray(batch.weight());
    double mean = w.meanNumber().doubleValue();
    double se = w.stdNumber().doubleValue() / Math.sqrt(50_000);
    assertEquals(MODEL.elbo(Q), mean, 5 * se);
    assertTrue(se < 0.1, "standard error " + se);
  }

  @Test
  void elboGradientMatchesFiniteDifferencesOfTheClosedForm() {
    double[] lambda = Q.unconstrained().toDoubleVector();
    INDArray g = MODEL.elboGradient(Nd4j.createFromArray(lambda));
    for (int d = 0; d < 4; d++) {
      double[] up = lambda.clone();
      double[] dn = lambda.clone();
      up[d] += 1e-6;
      dn[d] -= 1e-6;
      double fd = (MODEL.elbo(MeanFieldNormalGamma.fromUnconstrained(up))
          - MODEL.elbo(MeanFieldNormalGamma.fromUnconstrained(dn))) / 2e-6;
      assertEquals(fd, g.getDouble(d), 1e-6 * Math.max(1, Math.abs(fd)));
      // and the differentiable form has the same value as the double form
    }
    assertEquals(MODEL.elbo(Q), MODEL.elbo(io.github.jvi.core.autodiff.Var.constant(Q.unconstrained())).item(), 1e-10);
  }

  @Test
  void caviOptimumIsAStationaryPointOfTheExactElbo() {
    // the CAVI class's fixed point against this class's independent ELBO gradient
    MeanFieldNormalGamma opt = MODEL.caviOptimum();
    INDArray g = MODEL.elboGradient(opt.unconstrained());
    assertEquals(0, g.norm2Number().doubleValue(), 1e-8);
    // closed-form parts of the fixed point (Bishop 10.1.3): m and a do not depend on the iteration
    double sum = 0;
    for (double x : X) {
      sum += x;
    }
    assertEquals((2.0 * 0.5 + sum) / (2.0 + X.length), opt.m(), 1e-14);
    assertEquals(3.0 + 0.5 * (X.length + 1), opt.a(), 1e-14);
    // and any other member of the family has a lower ELBO
    assertTrue(MODEL.elbo(Q) < MODEL.elbo(opt));
  }

  @Test
  void badInputIsRejectedWithClearMessages() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NormalGammaModel.of(Nd4j.createFromArray(1.0, Double.NaN)));
    assertTrue(e.getMessage().contains("data") && e.getMessage().contains("NaN"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> NormalGammaModel.of(Nd4j.createFromArray(1.0), 0, -1, 1, 1));
    assertTrue(e.getMessage().contains("lambda0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> NormalGammaModel.of(Nd4j.create(DataType.DOUBLE, 0)));
    assertTrue(e.getMessage().contains("at least one"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> MeanFieldNormalGamma.of(0, 1, Double.NaN, 1));
    assertTrue(e.getMessage().contains("a ") && e.getMessage().contains("NaN"), e.getMessage());
  }
}
