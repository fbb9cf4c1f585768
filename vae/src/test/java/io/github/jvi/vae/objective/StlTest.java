package io.github.jvi.vae.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.Gradients;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.model.LinearGaussianVae;
import io.github.jvi.vae.nn.Params;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class StlTest {
  private static final DataType D = DataType.DOUBLE;

  /** Gradients of the loss with respect to the encoder's weight and bias (parameters 0 and 1). */
  private static INDArray[] encoderGradient(LinearGaussianVae m, Objective o, INDArray x, Rng rng) {
    List<Var> leaves = m.vae().parameters().leafList();
    Gradients g = Gradients.of(o.estimate(m.vae(), Params.of(leaves), x, rng).loss());
    return new INDArray[] {g.get(leaves.get(0)), g.get(leaves.get(1))};
  }

  private static double maxAbs(INDArray[] g) {
    return Math.max(g[0].amaxNumber().doubleValue(), g[1].amaxNumber().doubleValue());
  }

  @Test
  void atTheExactPosteriorTheStlGradientIsZeroForEveryDraw() {
    LinearGaussianVae m = IwaeTest.linearGaussian();
    m.setExactPosterior();
    INDArray x = Rng.of(1).normal(D, 1, 4).muli(2);
    Objective[] stl = {Elbo.of(GradientEstimator.STL), Iwae.of(3, GradientEstimator.STL)};
    Objective[] standard = {Elbo.of(), Iwae.of(3)};
    for (int o = 0; o < stl.length; o++) {
      for (long seed = 0; seed < 5; seed++) {
        // one example, one draw (or one set of k draws) per seed: the path derivative
        // d/dphi [log p(x, z) - log q(z|x)] = (grad_z log p(z|x) - grad_z log q(z|x)) dz/dphi = 0
        // exactly when q = p(z|x); float64 rounding leaves ~1e-15
        double s = maxAbs(encoderGradient(m, stl[o], x, Rng.of(seed)));
        assertTrue(s < 1e-10, stl[o].name() + " seed " + seed + ": " + s);
        // the total derivative keeps the score term (or, for the closed-form KL, the
        // reconstruction's sampling noise): not zero at a single draw
        double t = maxAbs(encoderGradient(m, standard[o], x, Rng.of(seed)));
        assertTrue(t > 1e-3, standard[o].name() + " seed " + seed + ": " + t);
      }
    }
  }

  @Test
  void stlAndStandardGradientsAgreeInExpectation() {
    LinearGaussianVae m = IwaeTest.linearGaussian();
    // an encoder away from the posterior, so that the expected gradient is not zero
    Rng r = Rng.of(2);
    m.setEncoder(r.normal(D, 4, 2).muli(0.3), r.normal(D, 2).muli(0.2), Nd4j.createFromArray(-0.3, 0.2));
    // 3 data points, each repeated 200 times: a batch's gradient averages 600 independent draws
    INDArray x = Nd4j.tile(Rng.of(3).normal(D, 3, 4), 200, 1);
    int batches = 30;
    double[][] std = new double[batches][];
    double[][] stl = new double[batches][];
    for (int b = 0; b < batches; b++) {
      std[b] = flat(encoderGradient(m, Elbo.of(), x, Rng.of(100 + b)));
      stl[b] = flat(encoderGradient(m, Elbo.of(GradientEstimator.STL), x, Rng.of(500 + b)));
    }
    int p = std[0].length;
    int sizable = 0;
    for (int j = 0; j < p; j++) {
      double[] a = column(std, j);
      double[] c = column(stl, j);
      double se = Math.sqrt(variance(a) / batches + variance(c) / batches);
      // both are unbiased for the ELBO's gradient: the means of 30 independent batch gradients
      // differ by less than 5 standard errors of the difference (fixed seeds; under normality a
      // 5-sigma excursion among 20 coordinates has probability about 1e-5)
      assertEquals(mean(a), mean(c), 5 * se + 1e-12, "coordinate " + j);
      if (Math.abs(mean(a)) > 10 * se) {
        sizable++;
      }
    }
    assertTrue(sizable >= 4, "the expected gradient is far from zero in several coordinates: " + sizable);
  }

  private static double[] flat(INDArray[] g) {
    return Nd4j.concat(0, g[0].reshape(g[0].length()), g[1].reshape(g[1].length())).toDoubleVector();
  }

  private static double[] column(double[][] rows, int j) {
    double[] c = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      c[i] = rows[i][j];
    }
    return c;
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double d : v) {
      s += d;
    }
    return s / v.length;
  }

  private static double variance(double[] v) {
    double m = mean(v);
    double s = 0;
    for (double d : v) {
      s += (d - m) * (d - m);
    }
    return s / (v.length - 1);
  }
}
