package io.github.jvi.core.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.GradCheck;
import io.github.jvi.gpu.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CategoricalTest {
  private static final double[][] P = {{0.2, 0.5, 0.3}, {0.6, 0.0, 0.4}};

  @Test
  void logProbOfIndicesSumsToOneAndMatchesProbs() {
    Categorical c = Categorical.ofProbs(Nd4j.createFromArray(P));
    // x: [3 classes, batch 2] -> log p for each class of each batch row
    INDArray x = Nd4j.createFromArray(new double[][] {{0, 0}, {1, 1}, {2, 2}});
    INDArray lp = c.logProb(x).value();
    assertArrayEquals(new long[] {3, 2}, lp.shape());
    for (int b = 0; b < 2; b++) {
      double sum = 0;
      for (int k = 0; k < 3; k++) {
        assertEquals(Math.log(P[b][k]), lp.getDouble(k, b), 1e-15); // reference: log of the given probs
        sum += Math.exp(lp.getDouble(k, b));
      }
      assertEquals(1.0, sum, 1e-15);
    }
    // logits factory: softmax of the logits, normalised by logSoftmax
    Categorical fromLogits = Categorical.ofLogits(Math.log(2), Math.log(5), Math.log(3));
    assertEquals(Math.log(0.5), fromLogits.logProb(Nd4j.scalar(1.0)).item(), 1e-15);
    assertEquals(0.0, fromLogits.logits().exp().sum().item() - 1.0, 1e-15);
  }

  @Test
  void logProbOneHotAgreesWithIndices() {
    Categorical c = Categorical.ofLogits(Nd4j.createFromArray(new double[][] {{0.1, -1.0, 2.0}, {0.5, 0.5, -3.0}}));
    INDArray idx = Nd4j.createFromArray(2.0, 0.0);
    INDArray viaIdx = c.logProb(idx).value();
    INDArray viaOneHot = c.logProbOneHot(c.oneHot(idx)).value();
    assertTrue(viaIdx.equalsWithEps(viaOneHot, 1e-15));
  }

  @Test
  void gradientsInProbsAndLogits() {
    INDArray x = Nd4j.createFromArray(new double[][] {{0, 2}, {1, 0}, {2, 2}});
    GradCheck.Result r = GradCheck.check(v -> Categorical.ofLogits(v[0]).logProb(x).sum()
        .add(Categorical.ofLogits(v[0]).entropy().sum()),
        Nd4j.createFromArray(new double[][] {{0.3, -1.0, 0.8}, {2.0, 0.1, -0.4}}));
    assertTrue(r.passes(1e-7), r.toString());
    // probabilities: step 1e-7, because a step of 1e-6 leaves the 1e-6 sum tolerance of ofProbs
    r = GradCheck.check(v -> Categorical.ofProbs(v[0]).logProb(x).sum().add(Categorical.ofProbs(v[0]).entropy().sum()),
        1e-7, Nd4j.createFromArray(new double[][] {{0.2, 0.5, 0.3}, {0.1, 0.6, 0.3}}));
    assertTrue(r.passes(1e-6), r.toString());
    // one-hot log-probability is differentiable in the (soft) vector and the logits
    r = GradCheck.check(v -> Categorical.ofLogits(v[0]).logProbOneHot(v[1]).square().sum(),
        Nd4j.createFromArray(0.3, -1.0, 0.8), Nd4j.createFromArray(new double[][] {{0.2, 0.7, 0.1}, {0.5, 0.25, 0.25}}));
    assertTrue(r.passes(1e-7), r.toString());
  }

  @Test
  void entropyWithZeroProbability() {
    // reference: -sum p log p by hand with 0 log 0 = 0
    Categorical c = Categorical.ofProbs(Nd4j.createFromArray(P));
    double h1 = -(0.6 * Math.log(0.6) + 0.4 * Math.log(0.4));
    assertEquals(h1, c.entropy().value().getDouble(1), 1e-15);
    assertEquals(Double.NEGATIVE_INFINITY, c.logProb(Nd4j.createFromArray(0.0, 1.0)).value().getDouble(1), 0.0);
  }

  @Test
  void sampleFrequenciesMatchOneHotMoments() {
    // one-hot sample means within 5 standard errors sqrt(p (1-p) / n); fixed seed. The zero-probability
    // class must never be drawn.
    Categorical c = Categorical.ofProbs(Nd4j.createFromArray(P));
    int n = 100_000;
    INDArray s = c.sample(Rng.of(9), n);
    assertArrayEquals(new long[] {n, 2}, s.shape());
    INDArray freq = c.oneHot(s).mean(0);
    INDArray mean = c.oneHotMean().value();
    INDArray var = c.oneHotVariance().value();
    // the class index itself: E[x] = sum k p_k, Var[x] = sum k^2 p_k - E[x]^2, shape the batch shape
    INDArray indexMean = c.mean().value();
    INDArray indexVar = c.variance().value();
    assertArrayEquals(new long[] {2}, indexMean.shape());
    INDArray sd = s.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
    for (int b = 0; b < 2; b++) {
      double m = P[b][1] + 2 * P[b][2];
      double v = P[b][1] + 4 * P[b][2] - m * m;
      assertEquals(m, indexMean.getDouble(b), 1e-15);
      assertEquals(v, indexVar.getDouble(b), 1e-15);
      assertEquals(m, sd.getColumn(b).meanNumber().doubleValue(), 5 * Math.sqrt(v / n));
    }
    for (int b = 0; b < 2; b++) {
      for (int k = 0; k < 3; k++) {
        double p = P[b][k];
        assertEquals(p, mean.getDouble(b, k), 1e-15);
        assertEquals(p * (1 - p), var.getDouble(b, k), 1e-15);
        assertEquals(p, freq.getDouble(b, k), 5 * Math.sqrt(p * (1 - p) / n));
      }
    }
    assertEquals(0.0, freq.getDouble(1, 1), 0.0);
  }

  @Test
  void validationNamesParameterAndValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Categorical.ofProbs(0.5, 0.6));
    assertTrue(e.getMessage().contains("probs") && e.getMessage().contains("1.1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Categorical.ofProbs(1.2, -0.2));
    assertTrue(e.getMessage().contains("probs") && e.getMessage().contains("1.2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Categorical.ofProbs(Double.NaN, 1.0));
    assertTrue(e.getMessage().contains("probs") && e.getMessage().contains("NaN"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Categorical.ofLogits(0.0, Double.POSITIVE_INFINITY));
    assertTrue(e.getMessage().contains("logits") && e.getMessage().contains("Infinity"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Categorical.ofLogits(Nd4j.scalar(1.0)));
    assertTrue(e.getMessage().contains("logits") && e.getMessage().contains("[]"), e.getMessage());
    // within the documented tolerance the probabilities are accepted and renormalised
    Categorical ok = Categorical.ofProbs(0.5, 0.5 + 5e-7);
    assertEquals(1.0, ok.probs().sum().item(), 1e-15);
    Categorical c = Categorical.ofProbs(0.5, 0.5);
    e = assertThrows(IllegalArgumentException.class, () -> c.logProb(Nd4j.scalar(2.0)));
    assertTrue(e.getMessage().contains("x") && e.getMessage().contains("2.0"), e.getMessage());
  }
}
