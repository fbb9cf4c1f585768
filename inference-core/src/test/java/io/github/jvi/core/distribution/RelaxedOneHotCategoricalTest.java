package io.github.jvi.core.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.GradCheck;
import io.github.jvi.core.autodiff.Gradients;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class RelaxedOneHotCategoricalTest {
  private static final double[] LOGITS = {0.5, -1.0, 1.2, 0.0};

  /** Points (sigmoid(t), sigmoid(-t)) of the 1-simplex, both coordinates computed accurately. */
  private static INDArray simplexPoints(INDArray t) {
    INDArray y1 = Transforms.sigmoid(t, true).reshape(t.length(), 1);
    INDArray y2 = Transforms.sigmoid(t.neg(), false).reshape(t.length(), 1);
    return Nd4j.concat(1, y1, y2);
  }

  @Test
  void densityIntegratesToOneOnTheOneSimplex() {
    // K = 2: integrate p(y1, 1 - y1) dy1 over (0, 1) after y1 = sigmoid(t), dy1 = y1 y2 dt; the
    // integrand then has exponential tails (scale 1/lambda), so the trapezoid rule on [-600, 600]
    // with step 0.01 is accurate far below the 1e-9 tolerance
    for (double temperature : new double[] {0.5, 1.0, 3.0}) {
      RelaxedOneHotCategorical d = RelaxedOneHotCategorical.of(temperature, Nd4j.createFromArray(0.7, -0.4));
      double h = 0.01;
      INDArray t = Nd4j.linspace(DataType.DOUBLE, -600, h, 120_001);
      INDArray y = simplexPoints(t);
      INDArray logDensityT = d.logProb(y).value().add(Transforms.log(y.getColumn(0).mul(y.getColumn(1)), false));
      INDArray f = Transforms.exp(logDensityT, false);
      double integral = (f.sumNumber().doubleValue() - 0.5 * (f.getDouble(0) + f.getDouble(f.length() - 1))) * h;
      assertEquals(1.0, integral, 1e-9, "temperature " + temperature);
    }
  }

  @Test
  void twoClassDensityIsTheLogisticOfTheLogit() {
    // independent reference: for K = 2, logit(y1) = (a1 - a2 + L) / lambda with L ~ Logistic(0, 1),
    // so t = logit(y1) has density lambda e^-z / (1 + e^-z)^2, z = lambda t - (a1 - a2)
    double lambda = 0.8;
    double a1 = 0.7;
    double a2 = -0.4;
    RelaxedOneHotCategorical d = RelaxedOneHotCategorical.of(lambda, Nd4j.createFromArray(a1, a2));
    INDArray t = Nd4j.createFromArray(-3.0, -0.2, 0.0, 1.1, 4.0);
    INDArray y = simplexPoints(t);
    INDArray lp = d.logProb(y).value();
    for (int i = 0; i < t.length(); i++) {
      double z = lambda * t.getDouble(i) - (a1 - a2);
      double logistic = Math.log(lambda) - z - 2 * Math.log1p(Math.exp(-z));
      double jacobian = Math.log(y.getDouble(i, 0) * y.getDouble(i, 1));
      assertEquals(logistic, lp.getDouble(i) + jacobian, 1e-12, "t = " + t.getDouble(i));
    }
  }

  @Test
  void lowTemperatureDrawsApproachOneHotWithCategoricalArgmax() {
    INDArray logits = Nd4j.createFromArray(LOGITS);
    INDArray pi = Transforms.softmax(logits.reshape(1, 4), true).reshape(4);
    int n = 50_000;
    double previousGap = Double.POSITIVE_INFINITY;
    for (double temperature : new double[] {1.0, 0.1, 0.01}) {
      INDArray y = RelaxedOneHotCategorical.of(temperature, logits).sample(Rng.of(21), n);
      assertArrayEquals(new long[] {n, 4}, y.shape());
      // rows are on the simplex
      assertTrue(y.sum(1).sub(1.0).amaxNumber().doubleValue() < 1e-12);
      // distance from the nearest vertex, mean over draws: must shrink as the temperature does
      double gap = 1.0 - y.max(1).meanNumber().doubleValue();
      assertTrue(gap < previousGap, "gap " + gap + " at temperature " + temperature);
      previousGap = gap;
      // argmax frequencies: Categorical(softmax(logits)) at every temperature (Gumbel-max);
      // within 5 binomial standard errors sqrt(p (1-p) / n), fixed seed
      INDArray freq = Categorical.oneHotOf(y.argMax(1).castTo(DataType.DOUBLE), 4).mean(0);
      for (int k = 0; k < 4; k++) {
        double p = pi.getDouble(k);
        assertEquals(p, freq.getDouble(k), 5 * Math.sqrt(p * (1 - p) / n), "class " + k);
      }
    }
    // at temperature 0.01 a draw is within 1e-2 of a vertex on average: the gap is of order the
    // temperature (a draw is far from a vertex only when its top two perturbed logits are within a
    // few temperatures of each other); measured with this seed: 0.36, 0.044, 0.0046
    assertTrue(previousGap < 1e-2, "gap " + previousGap);
  }

  @Test
  void rsampleAndLogProbAreDifferentiable() {
    INDArray w = Nd4j.createFromArray(new double[][] {{1.0, -2.0, 0.5, 3.0}, {0.2, 0.1, -1.0, 2.0}});
    GradCheck.Result r = GradCheck.check(v -> RelaxedOneHotCategorical.of(v[1], v[0]).rsample(Rng.of(3), 5)
        .mul(Var.constant(w)).sum(), Nd4j.createFromArray(new double[][] {{0.5, -1.0, 1.2, 0.0}, {0.1, 0.2, 0.3, -0.4}}),
        Nd4j.scalar(0.7));
    assertTrue(r.passes(1e-6), r.toString());
    INDArray y = Nd4j.createFromArray(new double[][] {{0.1, 0.2, 0.3, 0.4}, {0.7, 0.1, 0.15, 0.05}});
    r = GradCheck.check(v -> RelaxedOneHotCategorical.of(v[1], v[0]).logProb(y).sum(),
        Nd4j.createFromArray(LOGITS), Nd4j.scalar(0.6));
    assertTrue(r.passes(1e-6), r.toString());
  }

  @Test
  void straightThroughIsHardForwardSoftBackward() {
    INDArray logits = Nd4j.createFromArray(new double[][] {{0.5, -1.0, 1.2, 0.0}, {0.1, 0.2, 0.3, -0.4}});
    INDArray w = Nd4j.createFromArray(new double[][] {{1.0, -2.0, 0.5, 3.0}, {0.2, 0.1, -1.0, 2.0}});
    Var l1 = Var.param(logits);
    Var hard = RelaxedOneHotCategorical.of(0.5, l1).rsampleStraightThrough(Rng.of(8), 3);
    Var l2 = Var.param(logits);
    Var soft = RelaxedOneHotCategorical.of(0.5, l2).rsample(Rng.of(8), 3);
    // forward: the one-hot vector of the soft draw's argmax
    INDArray expected = Categorical.oneHotOf(soft.value().argMax(2).castTo(DataType.DOUBLE), 4);
    assertTrue(hard.value().equalsWithEps(expected, 0.0));
    // backward: exactly the soft draw's gradient
    INDArray g1 = Gradients.of(hard.mul(Var.constant(w)).sum()).get(l1);
    INDArray g2 = Gradients.of(soft.mul(Var.constant(w)).sum()).get(l2);
    assertTrue(g1.equalsWithEps(g2, 1e-15));
  }

  @Test
  void validationAndUnsupportedMoments() {
    INDArray logits = Nd4j.createFromArray(LOGITS);
    for (double bad : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> RelaxedOneHotCategorical.of(bad, logits));
      assertTrue(e.getMessage().contains("temperature") && e.getMessage().contains(Double.toString(bad)), e.getMessage());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RelaxedOneHotCategorical.of(1.0, Nd4j.createFromArray(0.0, Double.NEGATIVE_INFINITY)));
    assertTrue(e.getMessage().contains("logits") && e.getMessage().contains("-Infinity"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> RelaxedOneHotCategorical.of(1.0, Nd4j.createFromArray(1.0)));
    assertTrue(e.getMessage().contains("logits") && e.getMessage().contains("[1]"), e.getMessage());
    RelaxedOneHotCategorical d = RelaxedOneHotCategorical.of(1.0, logits);
    assertArrayEquals(new long[] {4}, d.eventShape());
    assertArrayEquals(new long[0], d.batchShape());
    assertThrows(UnsupportedOperationException.class, d::mean);
    assertThrows(UnsupportedOperationException.class, d::entropy);
  }
}
