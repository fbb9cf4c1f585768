package io.github.jvi.core.diagnostic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.Normal;
import io.github.jvi.core.distribution.StudentT;
import io.github.jvi.gpu.Rng;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * k-hat on importance weights whose tail is known, and against an independent implementation:
 * {@code src/test/resources/io/github/jvi/core/diagnostic/psis_reference.py} transcribes arviz's
 * {@code psislw} tail selection and {@code _gpdfit} with NumPy (r_eff = 1); the reference values
 * below are its output (NumPy 2.4.6) for the same deterministic log weights, reproduced here to
 * the rounding of the two evaluation orders (1e-9).
 *
 * <p>The sampling tests use fixed seeds and S = 4000 draws; their thresholds are far from the
 * estimates' spread (sd of k-hat about 0.05 at this S), so the failure budget is below 1e-6.
 */
class PsisTest {
  private static final int S = 4000;

  private static double[] deterministic(DoubleUnaryOperator f, int s) {
    double[] lw = new double[s];
    for (int i = 0; i < s; i++) {
      lw[i] = f.applyAsDouble(i);
    }
    return lw;
  }

  @Test
  void agreesWithTheNumpyTranscriptionOfArviz() {
    int s = 1000;
    double pareto = Psis.khat(deterministic(i -> -0.7 * Math.log1p(-(i + 0.5) / s), s));
    double wiggle = Psis.khat(deterministic(i -> 2.0 * Math.sin(i) + 0.001 * i, s));
    double gauss = Psis.khat(deterministic(i -> -0.5 * Math.pow(4.0 * (i + 0.5) / s - 2.0, 2), s));
    assertEquals(0.6706577683143559, pareto, 1e-9);
    assertEquals(-0.39056595956982193, wiggle, 1e-9);
    assertEquals(-1.5834013576918653, gauss, 1e-9);
  }

  @Test
  void gpdShapeOfExactParetoQuantilesIsNearTheirShape() {
    // exceedances of a GPD(k, sigma = 1): x = ((1 - p)^-k - 1) / k at p = (i + 1/2) / n; the prior pulls
    // the estimate towards 0.5 by 10 / (n + 10)
    int n = 400;
    for (double k : new double[] {0.2, 0.5, 0.9}) {
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        double p = (i + 0.5) / n;
        x[i] = (Math.pow(1 - p, -k) - 1) / k;
      }
      assertEquals(k, Psis.gpdShape(x), 0.08, "k = " + k);
    }
  }

  /** log p(x) - log q(x) at S draws x ~ q = N(0, qSd^2). */
  private static double[] logWeights(long seed, double qSd, java.util.function.Function<Var, Var> logP) {
    Var x = Var.constant(Rng.of(seed).normal(org.nd4j.linalg.api.buffer.DataType.DOUBLE, S).muli(qSd));
    Var lq = Normal.of(0, qSd).logProb(x);
    return logP.apply(x).sub(lq).value().toDoubleVector();
  }

  @Test
  void closeApproximationsHaveASmallKhat() {
    // target N(0, 1); q = N(0, 1.1^2) is slightly wider: the weights are bounded (true k <= 0)
    double wider = Psis.khat(logWeights(11, 1.1, x -> Normal.of(0, 1).logProb(x)));
    assertTrue(wider < 0.5, "q slightly wider than the posterior: k-hat " + wider);
    // q is the posterior; the target unnormalised (a constant offset): weights constant to rounding
    double exact = Psis.khat(logWeights(12, 1.0, x -> x.square().mul(-0.5)));
    assertTrue(exact < 0.2, "q exact: k-hat " + exact);
  }

  @Test
  void aTooNarrowGaussianAgainstAStudentTHasKhatAboveZeroPointSeven() {
    // w = t_3(x) / N(x; 0, 0.5^2) grows like exp(2 x^2): an infinite-variance tail
    double narrow = Psis.khat(logWeights(13, 0.5, x -> StudentT.of(3).logProb(x)));
    assertTrue(narrow > 0.7, "too-narrow Gaussian vs Student-t: k-hat " + narrow);
    // and a Gaussian as wide as the t's scale but lighter-tailed is still flagged above 0.5
    double unitSd = Psis.khat(logWeights(14, 1.0, x -> StudentT.of(3).logProb(x)));
    assertTrue(unitSd > 0.5, "N(0, 1) vs t_3: k-hat " + unitSd);
  }

  @Test
  void badInputIsAClearError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Psis.khat(new double[4]));
    assertTrue(e.getMessage().contains("at least 5 values, found 4"), e.getMessage());
    double[] lw = new double[10];
    lw[3] = Double.NaN;
    e = assertThrows(IllegalArgumentException.class, () -> Psis.khat(lw));
    assertTrue(e.getMessage().contains("logWeights[3] must be finite or -inf, found NaN"), e.getMessage());
    lw[3] = Double.POSITIVE_INFINITY;
    e = assertThrows(IllegalArgumentException.class, () -> Psis.khat(lw));
    assertTrue(e.getMessage().contains("found Infinity"), e.getMessage());
    double[] none = new double[10];
    java.util.Arrays.fill(none, Double.NEGATIVE_INFINITY);
    e = assertThrows(IllegalArgumentException.class, () -> Psis.khat(none));
    assertTrue(e.getMessage().contains("all -inf"), e.getMessage());
    // constant weights: no tail, the limit of bounded weights
    assertEquals(Double.NEGATIVE_INFINITY, Psis.khat(new double[100]));
    // -inf weights (draws outside the target's support) are zero weights, not an error
    double[] some = deterministic(i -> i % 3 == 0 ? Double.NEGATIVE_INFINITY : Math.sin(i), 300);
    assertTrue(Psis.khat(some) < 0.5);
  }
}
