package io.github.jvi.vi.cavi;

import io.github.jvi.core.distribution.Dirichlet;
import io.github.jvi.core.distribution.Gamma;
import io.github.jvi.gpu.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Samplers for the simulators. The few parameter draws per data set (rates, precisions, weights,
 * Wishart factors) come from inference-core's {@link Gamma} and {@link Dirichlet}; per-point draws
 * are vectorised: labels by comparing uniforms with the cumulative weights (a loop over K), Poisson
 * counts by inverting each component's cumulative distribution with a loop over count values,
 * never over points (inference-core's Poisson draws one value at a time, which is right for its
 * rejection sampler but would be a loop over points here).
 */
final class Sampling {
  private Sampling() {}

  /** One Gamma(shape, rate) draw (inference-core's {@link Gamma}: Marsaglia and Tsang 2000). */
  static double gamma(Rng rng, double shape, double rate) {
    return Gamma.of(shape, rate).sample(rng).getDouble(0);
  }

  /**
   * One Dirichlet(alpha) draw (inference-core's {@link Dirichlet}). With one component the
   * Dirichlet is the point mass at (1), which inference-core does not represent (it needs K &gt;= 2).
   */
  static double[] dirichlet(Rng rng, double[] alpha) {
    if (alpha.length == 1) {
      return new double[] {1.0};
    }
    return Dirichlet.of(alpha).sample(rng).castTo(DataType.DOUBLE).toDoubleVector();
  }

  /**
   * Wishart(W, nu) by the Bartlett decomposition: with W = L L^T and A lower triangular,
   * A_ii = sqrt(chi^2_(nu - i)) (i from 0), A_ij ~ N(0, 1) below the diagonal,
   * Lambda = L A A^T L^T.
   */
  static double[][] wishart(Rng rng, double[][] w, double nu) {
    int d = w.length;
    double[][] l = Dense.cholesky(w, "W");
    double[][] a = new double[d][d];
    for (int i = 0; i < d; i++) {
      a[i][i] = Math.sqrt(2 * gamma(rng, (nu - i) / 2, 1));
      for (int j = 0; j < i; j++) {
        a[i][j] = rng.nextGaussian();
      }
    }
    double[][] la = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        for (int m = 0; m < d; m++) {
          la[i][j] += l[i][m] * a[m][j];
        }
      }
    }
    double[][] out = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        for (int m = 0; m < d; m++) {
          out[i][j] += la[i][m] * la[j][m];
        }
      }
    }
    return out;
  }

  /** n labels in 0..K-1 with probabilities {@code weights}, as a float64 [n] array. */
  static INDArray labels(Rng rng, double[] weights, int n) {
    INDArray u = rng.uniform(DataType.DOUBLE, n);
    INDArray z = Nd4j.zeros(DataType.DOUBLE, n);
    double cum = 0;
    for (int k = 0; k < weights.length - 1; k++) {
      cum += weights[k];
      z.addi(u.gte(cum).castTo(DataType.DOUBLE));
    }
    return z;
  }

  /** One-hot [n, K] from float64 labels. */
  static INDArray oneHot(INDArray labels, int k) {
    INDArray out = Nd4j.create(DataType.DOUBLE, labels.length(), k);
    for (int j = 0; j < k; j++) {
      out.putColumn(j, labels.eq(j).castTo(DataType.DOUBLE));
    }
    return out;
  }

  /**
   * Poisson counts with rate {@code rates[label_n]}: S_n = #{j &gt;= 0 : U_n &gt; F(j)} with F the
   * cumulative distribution of the point's component (P(S &lt;= j) = Q(j + 1, lambda), the
   * regularised upper incomplete gamma function), evaluated with a loop over j.
   */
  static INDArray poisson(Rng rng, double[] rates, INDArray oneHot) {
    int k = rates.length;
    long n = oneHot.size(0);
    double lmin = Double.POSITIVE_INFINITY;
    double lmax = 0;
    for (double r : rates) {
      if (!(r >= 0) || r > 1e6) {
        throw new IllegalArgumentException("Poisson rate must be in [0, 1e6] for simulation, found " + r);
      }
      lmin = Math.min(lmin, r);
      lmax = Math.max(lmax, r);
    }
    // below lo every component's CDF is < 1e-30 (more than 11 standard deviations below the mean)
    long lo = (long) Math.max(0, Math.floor(lmin - 12 * Math.sqrt(lmin) - 12));
    INDArray u = rng.uniform(DataType.DOUBLE, n, 1);
    INDArray s = Nd4j.zeros(DataType.DOUBLE, n, 1).addi(lo);
    double[] cdf = new double[k];
    for (long j = lo; ; j++) {
      boolean done = true;
      for (int c = 0; c < k; c++) {
        cdf[c] = rates[c] == 0 ? 1.0 : org.hipparchus.special.Gamma.regularizedGammaQ(j + 1, rates[c]);
        done &= cdf[c] >= 1.0 - 0x1.0p-53;
      }
      if (done) {
        break;
      }
      INDArray f = oneHot.mmul(Nd4j.createFromArray(cdf).reshape(k, 1));
      s.addi(u.gt(f).castTo(DataType.DOUBLE));
      if (j > lmax + 40 * Math.sqrt(lmax) + 1000) {
        break; // unreachable for valid rates: Q(j + 1, lambda) reaches 1 far earlier
      }
    }
    return s.reshape(n);
  }

  /** Rows mean_z + chol(cov_z) eps for one-hot labels (a loop over components). */
  static INDArray gaussianRows(Rng rng, double[][] means, double[][][] covariances, INDArray oneHot) {
    int k = means.length;
    int d = means[0].length;
    long n = oneHot.size(0);
    INDArray out = Nd4j.zeros(DataType.DOUBLE, n, d);
    for (int c = 0; c < k; c++) {
      double[][] l = Dense.cholesky(covariances[c], "covariance");
      INDArray eps = rng.normal(DataType.DOUBLE, n, d);
      INDArray x = eps.mmul(Nd4j.createFromArray(l).transpose()).addiRowVector(Nd4j.createFromArray(means[c]));
      out.addi(x.muliColumnVector(oneHot.getColumn(c).reshape(n, 1)));
    }
    return out;
  }

  /** log Gamma(S + 1) summed over counts (used by the Poisson normaliser). */
  static double sumLogFactorial(INDArray counts) {
    return io.github.jvi.core.special.Special.lgamma(counts.add(1.0)).sumNumber().doubleValue();
  }
}
