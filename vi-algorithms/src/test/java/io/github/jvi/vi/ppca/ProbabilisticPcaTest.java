package io.github.jvi.vi.ppca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.gpu.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ProbabilisticPcaTest {
  /** N points of x = W z + b + noise with a known W (5 x 2), b and sigma = 0.3. */
  static INDArray data(int n, long seed) {
    Rng rng = Rng.of(seed);
    INDArray w = Nd4j.createFromArray(new double[][] {{3, 0}, {1, 2}, {0, 1}, {-2, 1}, {1, -1}});
    INDArray z = rng.normal(DataType.DOUBLE, n, 2);
    INDArray b = Nd4j.createFromArray(new double[][] {{1, -2, 0.5, 3, 0}});
    return z.mmul(w.transpose()).addiRowVector(b).addi(rng.normal(DataType.DOUBLE, n, 5).muli(0.3));
  }

  @Test
  void fitReproducesTheSampleCovarianceInTheLeadingSubspace() {
    INDArray x = data(2000, 1);
    ProbabilisticPca.Fit f = ProbabilisticPca.fit(x, 2);
    // b is the sample mean
    for (int j = 0; j < 5; j++) {
      assertEquals(x.getColumn(j).meanNumber().doubleValue(), f.mean().getDouble(j), 1e-12);
    }
    // sigma^2 near the true noise variance 0.09 (sampling error of a few percent at N = 2000)
    assertEquals(0.09, f.sigma2(), 0.01);
    // C = W W^T + sigma^2 I has the leading eigenvalues of S exactly (Tipping & Bishop eq. 7)
    INDArray c = f.w().mmul(f.w().transpose()).addi(Nd4j.eye(5).castTo(DataType.DOUBLE).muli(f.sigma2()));
    double[] ev = new org.hipparchus.linear.EigenDecompositionSymmetric(
        org.hipparchus.linear.MatrixUtils.createRealMatrix(c.toDoubleMatrix())).getEigenvalues();
    java.util.Arrays.sort(ev);
    assertEquals(f.eigenvalues()[0], ev[4], 1e-10);
    assertEquals(f.eigenvalues()[1], ev[3], 1e-10);
    assertEquals(f.logLikelihood(), ProbabilisticPca.logLikelihood(x, f.mean(), f.w(), f.sigma2()), 1e-9);
  }

  @Test
  void maximumLikelihoodFormulaForTheLogLikelihood() {
    // at the MLE, tr(C^-1 S) = D (Tipping & Bishop), so log p = -N/2 (D log 2 pi + log|C| + D)
    INDArray x = data(300, 2);
    ProbabilisticPca.Fit f = ProbabilisticPca.fit(x, 2);
    double logDet = Math.log(f.eigenvalues()[0]) + Math.log(f.eigenvalues()[1]) + 3 * Math.log(f.sigma2());
    assertEquals(-150 * (5 * Math.log(2 * Math.PI) + logDet + 5), f.logLikelihood(), 1e-8);
  }

  @Test
  void rejectsBadInput() {
    INDArray x = data(50, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProbabilisticPca.fit(x, 5));
    assertTrue(e.getMessage().contains("m must be in [1, 4]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ProbabilisticPca.fit(x, 0));
    INDArray flat = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {2, 4, 6}, {3, 6, 9}});
    e = assertThrows(IllegalArgumentException.class, () -> ProbabilisticPca.fit(flat, 1));
    assertTrue(e.getMessage().contains("subspace"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ProbabilisticPca.logLikelihood(x, Nd4j.zeros(5), Nd4j.zeros(5, 2), 0));
  }
}
