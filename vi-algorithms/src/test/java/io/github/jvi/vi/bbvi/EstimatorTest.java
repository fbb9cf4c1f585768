package io.github.jvi.vi.bbvi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.gpu.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class EstimatorTest {
  // a hand-made batch: S = 3 draws, D = 2 parameters, factor 0 owns column 0, factor 1 column 1
  private static final double[][] H = {{1, -2}, {-0.5, 1}, {-0.5, 1}};
  private static final double[] W = {-3, -1, -2};
  private static final double[][] WB = {{-1, -2.5}, {-0.5, -1}, {-1.5, -1.5}};

  private static ScoreBatch batch() {
    return new ScoreBatch(columns(H), W.clone(), columns(WB));
  }

  /** The columns of an [S][D] table of rows, as ScoreBatch holds them. */
  private static double[][] columns(double[][] rows) {
    double[][] c = new double[rows[0].length][rows.length];
    for (int s = 0; s < rows.length; s++) {
      for (int d = 0; d < rows[0].length; d++) {
        c[d][s] = rows[s][d];
      }
    }
    return c;
  }

  @Test
  void reinforceIsTheMeanOfScoreTimesWeight() {
    Estimate e = ScoreFunctionGradient.of().estimate(batch());
    // by hand: column 0: (1*-3 + -0.5*-1 + -0.5*-2)/3 = -0.5; column 1: (6 - 1 - 2)/3 = 1
    assertEquals(-0.5, e.gradient()[0], 1e-15);
    assertEquals(1.0, e.gradient()[1], 1e-15);
    assertEquals(-2.0, e.elbo(), 1e-15);
    // terms of column 0: -3, 0.5, 1; mean -0.5; squared deviations 6.25 + 1 + 2.25 = 9.5; /(S-1) = 4.75; /S
    assertEquals(4.75 / 3, e.variance()[0], 1e-14);
  }

  @Test
  void controlVariateSubtractsTheFittedMultipleOfTheScore() {
    Estimate e = ControlVariate.of().estimate(batch());
    for (int d = 0; d < 2; d++) {
      double[] f = new double[3];
      double[] h = new double[3];
      double fm = 0;
      double hm = 0;
      for (int s = 0; s < 3; s++) {
        h[s] = H[s][d];
        f[s] = H[s][d] * W[s];
        fm += f[s] / 3;
        hm += h[s] / 3;
      }
      double cov = 0;
      double var = 0;
      for (int s = 0; s < 3; s++) {
        cov += (f[s] - fm) * (h[s] - hm);
        var += (h[s] - hm) * (h[s] - hm);
      }
      double a = cov / var;
      assertEquals(fm - a * hm, e.gradient()[d], 1e-14);
      // the variance of the controlled terms f - a h (divisor S - 1), divided by S
      double tm = fm - a * hm;
      double tv = 0;
      for (int s = 0; s < 3; s++) {
        double term = f[s] - a * h[s];
        tv += (term - tm) * (term - tm) / 2;
      }
      assertEquals(tv / 3, e.variance()[d], 1e-13);
    }
    assertEquals(-2.0, e.elbo(), 1e-15);
  }

  @Test
  void leaveOneOutControlVariateUsesTheOtherDrawsScale() {
    // reference: an explicit loop over draws computing a_{-s} from the other rows
    double[][] h = {{1, -2}, {-0.5, 1}, {0.3, 0.2}, {-1.1, 0.7}};
    double[] w = {-3, -1, -2, -2.5};
    ScoreBatch b = new ScoreBatch(columns(h), w, columns(h));
    Estimate e = ControlVariate.leaveOneOut().estimate(b);
    int s = h.length;
    for (int d = 0; d < 2; d++) {
      double g = 0;
      for (int i = 0; i < s; i++) {
        double fm = 0;
        double hm = 0;
        for (int j = 0; j < s; j++) {
          if (j != i) {
            fm += h[j][d] * w[j] / (s - 1);
            hm += h[j][d] / (s - 1);
          }
        }
        double cov = 0;
        double var = 0;
        for (int j = 0; j < s; j++) {
          if (j != i) {
            cov += (h[j][d] * w[j] - fm) * (h[j][d] - hm);
            var += (h[j][d] - hm) * (h[j][d] - hm);
          }
        }
        g += (h[i][d] * w[i] - cov / var * h[i][d]) / s;
      }
      assertEquals(g, e.gradient()[d], 1e-13);
    }
    ScoreBatch two = new ScoreBatch(columns(new double[][] {{1, 2}, {2, 1}}), new double[] {1.0, 2.0},
        columns(new double[][] {{1, 2}, {2, 1}}));
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> ControlVariate.leaveOneOut().estimate(two));
    assertTrue(ex.getMessage().contains("at least 3"), ex.getMessage());
  }

  @Test
  void raoBlackwellUsesEachFactorsBlanketWeight() {
    Estimate e = RaoBlackwellized.of().estimate(batch());
    // column 0: (1*-1 + -0.5*-0.5 + -0.5*-1.5)/3 = 0; column 1: (5 - 1 - 1.5)/3 = 2.5/3
    assertEquals(0.0, e.gradient()[0], 1e-15);
    assertEquals(2.5 / 3, e.gradient()[1], 1e-15);
    assertEquals(-2.0, e.elbo(), 1e-15);
  }

  @Test
  void controlVariatesNeedTwoSamples() {
    ScoreBatch one = new ScoreBatch(columns(new double[][] {{1, 2}}), new double[] {-1.0},
        columns(new double[][] {{-1, -1}}));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ControlVariate.of().estimate(one));
    assertTrue(e.getMessage().contains("S = 1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RaoBlackwellized.withControlVariates().estimate(one));
    NormalGammaModel model = NormalGammaModel.of(Nd4j.createFromArray(1.0, 2.0));
    e = assertThrows(IllegalArgumentException.class, () -> BlackBoxVi.of(model, ControlVariate.of(), 1, 0.1));
    assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
    // S = 1 is fine for REINFORCE; its variance estimate is then undefined (NaN)
    Estimate r = ScoreFunctionGradient.of().estimate(one);
    assertTrue(Double.isNaN(r.variance()[0]));
  }

  @Test
  void shortRunsRaiseTheExactElboAndRecordTraces() {
    INDArray x = Rng.of(1).normal(DataType.DOUBLE, 50).muli(0.5).addi(2);
    NormalGammaModel model = NormalGammaModel.of(x);
    BbviResult r = BlackBoxVi.of(model, ControlVariate.of(), 50, 0.5)
        .monitoring(List.of(ScoreFunctionGradient.of()))
        .run(Nd4j.zeros(DataType.DOUBLE, 4), 200, Rng.of(2));
    assertEquals(200, r.iterations());
    assertEquals(201, r.exactElbo().length);
    assertEquals(model.exactElbo(Nd4j.zeros(DataType.DOUBLE, 4)), r.exactElbo()[0], 1e-12);
    assertTrue(r.finalElbo() > r.exactElbo()[0] + 50, "ELBO " + r.exactElbo()[0] + " -> " + r.finalElbo());
    assertTrue(r.finalElbo() <= model.elbo(model.caviOptimum()) + 1e-9);
    assertEquals(200, r.monitorVariance().get("reinforce").length);
    assertEquals(List.of("E_mu", "E_tau"), r.summaryNames());
    // same seed, same result
    BbviResult again = BlackBoxVi.of(model, ControlVariate.of(), 50, 0.5).run(Nd4j.zeros(DataType.DOUBLE, 4), 200, Rng.of(2));
    assertEquals(r.finalElbo(), again.finalElbo(), 0.0);
  }
}
