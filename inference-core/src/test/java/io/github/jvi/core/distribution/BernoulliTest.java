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

class BernoulliTest {
  private static final INDArray ZERO = Nd4j.scalar(0.0);
  private static final INDArray ONE = Nd4j.scalar(1.0);

  @Test
  void logProbFromProbsAndLogitsAgreeWithClosedForm() {
    // reference: log 0.3 and log 0.7 by hand; logit(0.3) = log(0.3/0.7)
    double l = Math.log(0.3 / 0.7);
    for (Bernoulli b : new Bernoulli[] {Bernoulli.ofProbs(0.3), Bernoulli.ofLogits(l)}) {
      assertEquals(Math.log(0.3), b.logProb(ONE).item(), 1e-14, b.toString());
      assertEquals(Math.log(0.7), b.logProb(ZERO).item(), 1e-14, b.toString());
      assertEquals(1.0, Math.exp(b.logProb(ONE).item()) + Math.exp(b.logProb(ZERO).item()), 1e-15);
      assertEquals(l, b.logits().item(), 1e-14);
      assertEquals(0.3, b.probs().item(), 1e-15);
    }
  }

  @Test
  void uncheckedLogProbOfLogitsMatchesAndPropagatesNaN() {
    // reference: the validated form on finite logits
    INDArray l = Nd4j.createFromArray(-2.0, 0.5, 3.0);
    INDArray x = Nd4j.createFromArray(1.0, 0.0, 1.0);
    assertTrue(Bernoulli.logProbOfLogits(Var.constant(x), Var.constant(l)).value()
        .equalsWithEps(Bernoulli.ofLogits(l).logProb(x).value(), 0));
    // non-finite logits: a NaN result, no exception (the validated factory throws)
    INDArray bad = Nd4j.createFromArray(Double.NaN, 0.5, 3.0);
    assertTrue(Double.isNaN(Bernoulli.logProbOfLogits(Var.constant(x), Var.constant(bad)).value().getDouble(0)));
    assertThrows(IllegalArgumentException.class, () -> Bernoulli.ofLogits(bad));
  }

  @Test
  void summedLogitsFormMatchesTheElementwiseSumToTheTypesEpsilon() {
    // reference: logProbOfLogits (log1p form) summed over the last dimension; logits from -40 to 40
    // cover the near-certain elements where only absolute accuracy is promised (2^-53 per element)
    INDArray l = Nd4j.linspace(-40, 40.5, 24, DataType.DOUBLE).reshape(3, 8); // steps of 3.5: exact in float32
    INDArray x = Nd4j.createFromArray(new double[][] {{1, 0, 1, 1, 0, 0, 1, 0}, {0, 0, 1, 0, 1, 1, 1, 0},
        {1, 1, 0, 0.5, 0, 1, 0, 1}});
    INDArray fused = Bernoulli.sumLogProbOfLogits(Var.constant(x), Var.constant(l)).value();
    INDArray ref = Bernoulli.logProbOfLogits(Var.constant(x), Var.constant(l)).value().sum(1);
    assertArrayEquals(new long[] {3}, fused.shape());
    for (int i = 0; i < 3; i++) {
      assertEquals(ref.getDouble(i), fused.getDouble(i), 8 * 0x1p-53 * Math.max(1, Math.abs(ref.getDouble(i))));
    }
    // float32: each element's terms x l, max(l, 0) + softplus(-|l|) and their difference round to
    // within 2^-24 relative of magnitudes up to |l| + 1, and the softplus itself adds 2^-24 absolute:
    // a bound of sum_j 2^-22 (|l_j| + 1) per row (rounding of the row sum included)
    INDArray fused32 = Bernoulli.sumLogProbOfLogits(Var.constant(x.castTo(DataType.FLOAT)),
        Var.constant(l.castTo(DataType.FLOAT))).value();
    INDArray bound = Transforms.abs(l, true).addi(1).sum(1).muli(0x1p-22);
    for (int i = 0; i < 3; i++) {
      assertEquals(ref.getDouble(i), fused32.getDouble(i), bound.getDouble(i));
    }
  }

  @Test
  void summedLogitsFormHasTheGradientsOfTheSum() {
    // reference: central finite differences in float64 (GradCheck), through both inputs
    INDArray l = Nd4j.createFromArray(new double[][] {{-3.0, 0.2, 5.0}, {1.5, -0.7, 0.0}});
    INDArray x = Nd4j.createFromArray(new double[][] {{1, 0, 0.3}, {0, 1, 1}});
    INDArray w = Nd4j.createFromArray(0.7, -1.3);
    assertTrue(GradCheck.check(v -> Bernoulli.sumLogProbOfLogits(v[0], v[1]).mul(Var.constant(w)).sum(), x, l)
        .passes(1e-6));
  }

  @Test
  void summedLogitsFormRejectsMismatchedShapes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Bernoulli.sumLogProbOfLogits(
        Var.constant(Nd4j.zeros(DataType.DOUBLE, 2, 3)), Var.constant(Nd4j.zeros(DataType.DOUBLE, 3, 2))));
    assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[3, 2]"), e.getMessage());
  }

  @Test
  void logitsFormIsStableForLargeLogits() {
    // reference: x l - softplus(l) in closed form; at l = 800, log p(0) = -800 - log1p(e^-800) = -800
    Bernoulli b = Bernoulli.ofLogits(Nd4j.createFromArray(800.0, -800.0));
    INDArray lp0 = b.logProb(Nd4j.createFromArray(0.0, 1.0)).value();
    assertEquals(-800.0, lp0.getDouble(0), 0.0);
    assertEquals(-800.0, lp0.getDouble(1), 0.0);
    INDArray lp1 = b.logProb(Nd4j.createFromArray(1.0, 0.0)).value();
    assertEquals(0.0, lp1.getDouble(0), 0.0);
    assertEquals(0.0, lp1.getDouble(1), 0.0);
  }

  @Test
  void degenerateProbabilitiesGiveExactValues() {
    Bernoulli b = Bernoulli.ofProbs(Nd4j.createFromArray(0.0, 1.0));
    INDArray at0 = b.logProb(Nd4j.createFromArray(0.0, 0.0)).value();
    assertEquals(0.0, at0.getDouble(0), 0.0);
    assertEquals(Double.NEGATIVE_INFINITY, at0.getDouble(1), 0.0);
    assertEquals(0.0, b.entropy().value().getDouble(0), 0.0);
    assertEquals(0.0, b.entropy().value().getDouble(1), 0.0);
  }

  @Test
  void gradientOfLogProbFromLogitsAndProbs() {
    // a sample dimension in front of the batch: x [3, 4], parameters [4]
    INDArray x = Nd4j.createFromArray(new double[][] {{0, 1, 1, 0}, {1, 1, 0, 0}, {0.0, 0, 1, 1}});
    GradCheck.Result r = GradCheck.check(v -> Bernoulli.ofLogits(v[0]).logProb(x).sum(),
        Nd4j.createFromArray(-2.0, 0.3, 1.5, 6.0));
    assertTrue(r.passes(1e-7), r.toString());
    r = GradCheck.check(v -> Bernoulli.ofProbs(v[0]).logProb(x).sum(), Nd4j.createFromArray(0.1, 0.4, 0.6, 0.95));
    assertTrue(r.passes(1e-6), r.toString());
    // differentiable in x too (relaxed inputs), and the entropy in both parameterisations
    r = GradCheck.check(v -> Bernoulli.ofLogits(v[1]).logProb(v[0]).square().sum()
        .add(Bernoulli.ofLogits(v[1]).entropy().sum()),
        Nd4j.createFromArray(0.2, 0.7, 0.5, 0.9), Nd4j.createFromArray(-2.0, 0.3, 1.5, 6.0));
    assertTrue(r.passes(1e-7), r.toString());
    r = GradCheck.check(v -> Bernoulli.ofProbs(v[0]).entropy().sum(), Nd4j.createFromArray(0.1, 0.4, 0.6, 0.95));
    assertTrue(r.passes(1e-6), r.toString());
  }

  @Test
  void fusedGradientIsSigmoidMinusX() {
    // the brief's formula: d(-log p)/dl = sigmoid(l) - x, on a VAE-sized float32 batch
    Rng rng = Rng.of(2);
    INDArray logits = rng.normal(DataType.FLOAT, 128, 784).muli(3);
    INDArray x = rng.uniform(DataType.FLOAT, 128, 784).gt(0.5).castTo(DataType.FLOAT);
    Var l = Var.param(logits);
    INDArray g = Gradients.of(Bernoulli.ofLogits(l).logProb(x).sum().neg()).get(l);
    INDArray expected = org.nd4j.linalg.ops.transforms.Transforms.sigmoid(logits, true).subi(x);
    assertTrue(g.equalsWithEps(expected, 1e-6));
  }

  @Test
  void momentsEntropyAndSamples() {
    Bernoulli b = Bernoulli.ofProbs(Nd4j.createFromArray(0.2, 0.5, 0.9));
    // entropy reference: -p log p - (1-p) log(1-p) by hand; logits form must agree
    double h = -0.2 * Math.log(0.2) - 0.8 * Math.log(0.8);
    assertEquals(h, b.entropy().value().getDouble(0), 1e-15);
    assertEquals(h, Bernoulli.ofLogits(Math.log(0.25)).entropy().item(), 1e-15);
    // sample means within 5 standard errors sqrt(p (1-p) / n), fixed seed; values are 0 or 1
    int n = 100_000;
    INDArray s = b.sample(Rng.of(4), n);
    assertEquals(n * 3L, s.eq(0.0).castTo(DataType.INT).sumNumber().longValue()
        + s.eq(1.0).castTo(DataType.INT).sumNumber().longValue());
    INDArray m = s.mean(0);
    INDArray var = b.variance().value();
    for (int j = 0; j < 3; j++) {
      double p = b.mean().value().getDouble(j);
      assertEquals(p * (1 - p), var.getDouble(j), 1e-15);
      assertEquals(p, m.getDouble(j), 5 * Math.sqrt(p * (1 - p) / n));
    }
  }

  @Test
  void exponentialFamilyIdentities() {
    Bernoulli b = Bernoulli.ofLogits(Nd4j.createFromArray(-1.0, 2.0));
    Var eta = Var.param(b.naturalParameters().value());
    INDArray g = Gradients.of(b.logNormalizer(eta).sum()).get(eta);
    assertTrue(g.equalsWithEps(b.expectedSufficientStatistics().value(), 1e-12));
    // Hessian of softplus = p (1 - p), the Fisher information
    INDArray f = b.fisherInformation().value();
    double p = 1 / (1 + Math.exp(-2.0));
    assertEquals(p * (1 - p), f.getDouble(1, 0, 0), 1e-15);
    Var x = Var.constant(Nd4j.createFromArray(1.0, 0.0));
    INDArray viaEf = b.logBaseMeasure(x).add(b.naturalParameters().mul(b.sufficientStatistics(x)).sum(1))
        .sub(b.logNormalizer()).value();
    assertTrue(viaEf.equalsWithEps(b.logProb(x).value(), 1e-12));
  }

  @Test
  void invalidParametersNameParameterAndValue() {
    for (double bad : new double[] {Double.NaN, -0.1, 1.5}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Bernoulli.ofProbs(bad));
      assertTrue(e.getMessage().contains("probs") && e.getMessage().contains(Double.toString(bad)), e.getMessage());
    }
    for (double bad : new double[] {Double.NaN, Double.NEGATIVE_INFINITY}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Bernoulli.ofLogits(bad));
      assertTrue(e.getMessage().contains("logits") && e.getMessage().contains(Double.toString(bad)), e.getMessage());
    }
  }
}
