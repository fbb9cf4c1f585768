package io.github.jvi.core.kl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.Gradients;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.Categorical;
import io.github.jvi.core.distribution.Poisson;
import io.github.jvi.gpu.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The gradient of {@link Kl#monteCarlo} when p is not reparameterised (Poisson, categorical):
 * over R = 2000 replicate estimates of n draws with fixed seeds (run as one batch: every
 * parameter has R equal rows, replicate i depends on row i only, so the gradient of the sum holds
 * the R per-replicate gradients), the mean gradient in both distributions' parameters equals the
 * gradient of {@link Kl#divergence}'s closed form within 5 standard errors; the old estimator (the
 * gradient of log p - log q at constant draws) misses the p-gradient by more than 10 standard
 * errors. Failure budget: 6e-7 per 5-SE check under the normal approximation, 9 checks, below
 * 1e-5 (fixed seeds: reproducible).
 */
class KlMonteCarloGradientTest {
  private static final int R = 2000;

  /** R rows, each a copy of {@code value}. */
  private static Var replicated(double... value) {
    double[][] rows = new double[R][];
    Arrays.fill(rows, value);
    INDArray a = value.length == 1 ? Nd4j.createFromArray(rows).reshape(R) : Nd4j.createFromArray(rows);
    return Var.param(a);
  }

  /** Checks each component's replicate mean (column j of an [R, k] or [R] gradient) against exact[offset + j]. */
  private static double[] agree(double[] exact, int offset, INDArray g, String what) {
    int k = g.rank() == 1 ? 1 : (int) g.size(1);
    double[] v = g.dup('c').data().asDouble();
    double[] se = new double[k];
    for (int j = 0; j < k; j++) {
      double m = 0;
      for (int i = 0; i < R; i++) {
        m += v[i * k + j] / R;
      }
      double var = 0;
      for (int i = 0; i < R; i++) {
        var += (v[i * k + j] - m) * (v[i * k + j] - m) / (R - 1);
      }
      se[j] = Math.sqrt(var / R);
      assertEquals(exact[offset + j], m, 5 * se[j] + 1e-12, what + " element " + j);
    }
    return se;
  }

  @Test
  void poissonPairGradientIsTheClosedFormsInExpectation() {
    Var lp0 = Var.param(Nd4j.scalar(3.0));
    Var lq0 = Var.param(Nd4j.scalar(5.5));
    Gradients e = Gradients.of(Kl.divergence(Poisson.of(lp0), Poisson.of(lq0)));
    double[] exact = {e.get(lp0).getDouble(0), e.get(lq0).getDouble(0)};
    // d/d lambda_p = log(lambda_p / lambda_q), d/d lambda_q = 1 - lambda_p / lambda_q
    assertEquals(Math.log(3 / 5.5), exact[0], 1e-14);
    assertEquals(1 - 3 / 5.5, exact[1], 1e-14);
    Var lp = replicated(3.0);
    Var lq = replicated(5.5);
    Gradients g = Gradients.of(Kl.monteCarlo(Poisson.of(lp), Poisson.of(lq), 50, Rng.of(100)).sum());
    agree(exact, 0, g.get(lp), "d/d lambda_p");
    agree(exact, 1, g.get(lq), "d/d lambda_q");
    // before: the p-gradient was zero-mean noise
    Poisson p = Poisson.of(lp);
    Var x = Var.constant(p.sample(Rng.of(100), 50));
    INDArray old = Gradients.of(p.logProb(x).sub(Poisson.of(lq).logProb(x)).mean(0).sum()).get(lp);
    double m = old.meanNumber().doubleValue();
    double se = agree(new double[] {0.0}, 0, old, "old estimator's d/d lambda_p")[0];
    assertTrue(Math.abs(exact[0] - m) > 10 * se, "old " + m + " +- " + se + " vs " + exact[0]);
  }

  @Test
  void categoricalPairGradientIsTheClosedFormsInExpectation() {
    double[] la = {0.2, -1.0, 0.7};
    double[] lb = {-0.3, 0.4, 0.1};
    Var a0 = Var.param(Nd4j.createFromArray(la));
    Var b0 = Var.param(Nd4j.createFromArray(lb));
    Gradients e = Gradients.of(Kl.divergence(Categorical.ofLogits(a0), Categorical.ofLogits(b0)));
    double[] exact = new double[6];
    for (int j = 0; j < 3; j++) {
      exact[j] = e.get(a0).getDouble(j);
      exact[3 + j] = e.get(b0).getDouble(j);
    }
    Var a = replicated(la);
    Var b = replicated(lb);
    Gradients g = Gradients.of(Kl.monteCarlo(Categorical.ofLogits(a), Categorical.ofLogits(b), 40, Rng.of(900)).sum());
    agree(exact, 0, g.get(a), "d/d logits_p");
    agree(exact, 3, g.get(b), "d/d logits_q");
  }
}
