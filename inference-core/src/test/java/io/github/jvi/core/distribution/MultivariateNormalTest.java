package io.github.jvi.core.distribution;

import static io.github.jvi.core.distribution.TestSupport.assertRejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.GradCheck;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class MultivariateNormalTest {
  private static final double[][] COV = {{2.0, 0.6, -0.3}, {0.6, 1.0, 0.2}, {-0.3, 0.2, 0.5}};
  private static final double[] MU = {0.5, -1.0, 2.0};

  private static MultivariateNormal mvn() {
    return MultivariateNormal.of(Nd4j.createFromArray(MU), Nd4j.createFromArray(COV));
  }

  @Test
  void logProbMatchesLuReference() {
    // reference: -(x-mu)' Sigma^-1 (x-mu)/2 - log det(2 pi Sigma)/2 with Hipparchus LU (no Cholesky)
    double[] x = {1.0, 0.3, 1.4};
    RealMatrix s = MatrixUtils.createRealMatrix(COV);
    LUDecomposition lu = new LUDecomposition(s);
    RealVector diff = MatrixUtils.createRealVector(x).subtract(MatrixUtils.createRealVector(MU));
    double quad = diff.dotProduct(lu.getSolver().getInverse().operate(diff));
    double expected = -0.5 * quad - 0.5 * Math.log(Math.pow(2 * Math.PI, 3) * lu.getDeterminant());
    assertEquals(expected, mvn().logProb(Nd4j.createFromArray(x)).item(), 1e-12);
    // the scale_tril factory with the Cholesky factor gives the same density
    MultivariateNormal viaL = MultivariateNormal.ofScaleTril(Nd4j.createFromArray(MU), mvn().scaleTril().value());
    assertEquals(expected, viaL.logProb(Nd4j.createFromArray(x)).item(), 1e-12);
    assertTrue(mvn().covariance().value().equalsWithEps(Nd4j.createFromArray(COV), 1e-14));
    assertEquals(0.5 * Math.log(lu.getDeterminant()), mvn().halfLogDet().item(), 1e-13);
  }

  @Test
  void densityIntegratesToOne() {
    // 2-D tensor-product Simpson over mu +- 9 sd, 301 x 301 nodes: smooth integrand, error ~1e-9
    MultivariateNormal p = MultivariateNormal.of(Nd4j.createFromArray(0.3, -0.2),
        Nd4j.createFromArray(new double[][] {{1.0, 0.6}, {0.6, 2.0}}));
    int n = 300;
    double lo1 = 0.3 - 9;
    double lo2 = -0.2 - 9 * Math.sqrt(2);
    double h1 = 18.0 / n;
    double h2 = 18 * Math.sqrt(2) / n;
    double[] w = new double[n + 1];
    for (int i = 0; i <= n; i++) {
      w[i] = i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2;
    }
    INDArray grid = Nd4j.create(DataType.DOUBLE, (n + 1) * (n + 1), 2);
    INDArray weights = Nd4j.create(DataType.DOUBLE, (n + 1) * (n + 1));
    for (int i = 0; i <= n; i++) {
      for (int j = 0; j <= n; j++) {
        int k = i * (n + 1) + j;
        grid.putScalar(k, 0, lo1 + i * h1);
        grid.putScalar(k, 1, lo2 + j * h2);
        weights.putScalar(k, w[i] * w[j]);
      }
    }
    double mass = Transforms.exp(p.logProb(grid).value(), true).mul(weights).sumNumber().doubleValue() * h1 * h2 / 9;
    assertEquals(1.0, mass, 1e-7);
  }

  @Test
  void sampleMomentsMatchAndBatchShapes() {
    // 100k draws: mean SE sqrt(S_ii/n); covariance SE sqrt((S_ii S_jj + S_ij^2)/n); 5 SE
    int n = 100_000;
    INDArray x = mvn().sample(Rng.of(17), n);
    assertArrayEquals(new long[] {n, 3}, x.shape());
    INDArray mean = x.mean(0);
    INDArray centred = x.subRowVector(mean);
    INDArray cov = centred.transpose().mmul(centred).divi(n);
    for (int i = 0; i < 3; i++) {
      assertEquals(MU[i], mean.getDouble(i), 5 * Math.sqrt(COV[i][i] / n));
      for (int j = 0; j < 3; j++) {
        double se = Math.sqrt((COV[i][i] * COV[j][j] + COV[i][j] * COV[i][j]) / n);
        assertEquals(COV[i][j], cov.getDouble(i, j), 5 * se, "cov " + i + "," + j);
      }
    }
    assertTrue(mvn().variance().value().equalsWithEps(Nd4j.createFromArray(2.0, 1.0, 0.5), 1e-14));
    // batched loc [4, 3]: batch shape [4], logProb of [5, 4, 3] has shape [5, 4]
    MultivariateNormal b = MultivariateNormal.of(Nd4j.rand(DataType.DOUBLE, 4, 3), Nd4j.createFromArray(COV));
    assertArrayEquals(new long[] {4}, b.batchShape());
    INDArray draws = b.sample(Rng.of(2), 5);
    assertArrayEquals(new long[] {5, 4, 3}, draws.shape());
    assertArrayEquals(new long[] {5, 4}, b.logProb(draws).shape());
    assertArrayEquals(new long[] {4}, b.entropy().shape());
  }

  @Test
  void entropyMatchesMonteCarlo() {
    // -mean log p over 100k draws; SE = sd(log p)/sqrt(n) = sqrt(d/2)/sqrt(n) (log p is a shifted
    // chi-square/2 with d = 3); 5 SE
    int n = 100_000;
    MultivariateNormal p = mvn();
    double mc = -p.logProb(p.sample(Rng.of(23), n)).mean().item();
    assertEquals(p.entropy().item(), mc, 5 * Math.sqrt(1.5 / n));
  }

  private static Var lower(Var v) {
    INDArray mask = Nd4j.ones(DataType.DOUBLE, 3, 3);
    for (int i = 0; i < 3; i++) {
      for (int j = i + 1; j < 3; j++) {
        mask.putScalar(i, j, 0.0);
      }
    }
    return v.mul(Var.constant(mask));
  }

  @Test
  void logProbGradientsInXLocAndScaleTril() {
    INDArray l = mvn().scaleTril().value();
    GradCheck.Result r = GradCheck.check(v -> MultivariateNormal.ofScaleTril(v[1], lower(v[2])).logProb(v[0]).sum(),
        Nd4j.createFromArray(new double[][] {{1.0, 0.3, 1.4}, {-0.2, 0.1, 2.5}}), Nd4j.createFromArray(MU), l);
    assertTrue(r.passes(1e-6), r.toString());
  }

  @Test
  void logProbGradientThroughCholeskyOfCov() {
    // the covariance enters as (v + v^T)/2, so the symmetric Cholesky gradient is the full one
    GradCheck.Result r = GradCheck.check(v -> {
      Var sym = v[1].add(v[1].transpose()).mul(0.5);
      return MultivariateNormal.of(Var.constant(Nd4j.createFromArray(MU)), sym)
          .logProb(v[0]).sum();
    }, Nd4j.createFromArray(new double[][] {{1.0, 0.3, 1.4}, {-0.2, 0.1, 2.5}}), Nd4j.createFromArray(COV));
    assertTrue(r.passes(1e-6), r.toString());
  }

  @Test
  void rsampleAndEntropyGradients() {
    GradCheck.Result r = GradCheck.check(v -> {
      MultivariateNormal p = MultivariateNormal.ofScaleTril(v[0], lower(v[1]));
      return p.rsample(Rng.of(4), 3).square().sum().add(p.entropy());
    }, Nd4j.createFromArray(MU), mvn().scaleTril().value());
    assertTrue(r.passes(1e-6), r.toString());
  }

  @Test
  void factoriesRejectInvalidArguments() {
    INDArray mu = Nd4j.createFromArray(0.0, 0.0);
    assertRejects(() -> MultivariateNormal.of(mu, Nd4j.createFromArray(new double[][] {{1, 0.5}, {0.4, 1}})),
        "cov", "symmetric");
    assertRejects(() -> MultivariateNormal.of(mu, Nd4j.createFromArray(new double[][] {{1, 2}, {2, 1}})),
        "cov", "positive definite");
    assertRejects(() -> MultivariateNormal.of(mu, Nd4j.createFromArray(new double[][] {{1, 0}, {0, Double.NaN}})),
        "cov", "NaN");
    assertRejects(() -> MultivariateNormal.of(Nd4j.createFromArray(0.0, 0.0, 0.0), Nd4j.eye(2).castTo(DataType.DOUBLE)),
        "cov", "[3, 3]");
    assertRejects(() -> MultivariateNormal.of(Nd4j.createFromArray(0.0, Double.POSITIVE_INFINITY),
        Nd4j.eye(2).castTo(DataType.DOUBLE)), "loc", "Infinity");
    assertRejects(() -> MultivariateNormal.ofScaleTril(mu, Nd4j.createFromArray(new double[][] {{1, 0.1}, {0, 1}})),
        "scale_tril", "lower triangular");
    assertRejects(() -> MultivariateNormal.ofScaleTril(mu, Nd4j.createFromArray(new double[][] {{1, 0}, {0.3, -1}})),
        "scale_tril", "-1.0");
  }
}
