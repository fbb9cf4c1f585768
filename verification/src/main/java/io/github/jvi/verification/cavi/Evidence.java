package io.github.jvi.verification.cavi;

import org.apache.commons.math3.special.Gamma;

/**
 * Exact log evidences written independently of the library (Commons Math log-gamma), from the
 * conjugate marginal likelihoods in Murphy (2007), "Conjugate Bayesian analysis of the Gaussian
 * distribution", and enumeration over every labelling for mixtures with few points.
 */
final class Evidence {
  private Evidence() {}

  static double lgamma(double x) {
    return Gamma.logGamma(x);
  }

  /** log of the NormalGamma(m0, l0, a0, b0) marginal likelihood of x (Murphy eq. 95); 0 for no points. */
  static double normalGamma(double[] x, double m0, double l0, double a0, double b0) {
    int n = x.length;
    if (n == 0) {
      return 0;
    }
    double mean = 0;
    for (double v : x) {
      mean += v / n;
    }
    double ss = 0;
    for (double v : x) {
      ss += (v - mean) * (v - mean);
    }
    double ln = l0 + n;
    double an = a0 + n / 2.0;
    double bn = b0 + 0.5 * ss + l0 * n * (mean - m0) * (mean - m0) / (2 * ln);
    return lgamma(an) - lgamma(a0) + a0 * Math.log(b0) - an * Math.log(bn) + 0.5 * Math.log(l0 / ln)
        - n / 2.0 * Math.log(2 * Math.PI);
  }

  /** log p(S) for S_n ~ Poisson(lambda), lambda ~ Gamma(alpha, beta) (shape, rate); 0 for no points. */
  static double poissonGamma(double[] s, double alpha, double beta) {
    if (s.length == 0) {
      return 0;
    }
    double sum = 0;
    double lf = 0;
    for (double v : s) {
      sum += v;
      lf += lgamma(v + 1);
    }
    return alpha * Math.log(beta) - lgamma(alpha) + lgamma(alpha + sum) - (alpha + sum) * Math.log(beta + s.length) - lf;
  }

  /**
   * log p(X) for X_n ~ N(mu, I/tau), mu ~ N(nu, I/rho): each coordinate is jointly
   * N(nu_i 1, I/tau + 11^T/rho) (Sherman-Morrison and the matrix-determinant lemma).
   */
  static double isotropicGaussian(double[][] x, double tau, double[] nu, double rho) {
    int n = x.length;
    if (n == 0) {
      return 0;
    }
    double total = 0;
    for (int i = 0; i < nu.length; i++) {
      double se = 0;
      double se2 = 0;
      for (double[] r : x) {
        double e = r[i] - nu[i];
        se += e;
        se2 += e * e;
      }
      double logDet = -n * Math.log(tau) + Math.log(1 + n * tau / rho);
      double quad = tau * se2 - tau * tau / (rho + n * tau) * se * se;
      total += -0.5 * n * Math.log(2 * Math.PI) - 0.5 * logDet - 0.5 * quad;
    }
    return total;
  }

  /** log Gamma_D(x). */
  static double multiLgamma(double x, int d) {
    double s = d * (d - 1) / 4.0 * Math.log(Math.PI);
    for (int i = 1; i <= d; i++) {
      s += lgamma(x + (1 - i) / 2.0);
    }
    return s;
  }

  /** log of the 2 x 2 determinant. */
  private static double logDet2(double[][] a) {
    return Math.log(a[0][0] * a[1][1] - a[0][1] * a[1][0]);
  }

  /**
   * log p(X) for 2-D X_n ~ N(mu, Lambda^-1), Lambda ~ W(W0, nu0), mu ~ N(m0, (beta0 Lambda)^-1),
   * Murphy eq. 266 with the inverse-Wishart scale Lambda0 = W0^-1; 0 for no points.
   */
  static double gaussianWishart2(double[][] x, double[] m0, double beta0, double[][] w0, double nu0) {
    int n = x.length;
    if (n == 0) {
      return 0;
    }
    double[] mean = new double[2];
    for (double[] r : x) {
      mean[0] += r[0] / n;
      mean[1] += r[1] / n;
    }
    double det0 = w0[0][0] * w0[1][1] - w0[0][1] * w0[1][0];
    double[][] l0 = {{w0[1][1] / det0, -w0[0][1] / det0}, {-w0[1][0] / det0, w0[0][0] / det0}};
    double[][] ln = {{l0[0][0], l0[0][1]}, {l0[1][0], l0[1][1]}};
    for (double[] r : x) {
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
          ln[i][j] += (r[i] - mean[i]) * (r[j] - mean[j]);
        }
      }
    }
    double c = beta0 * n / (beta0 + n);
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        ln[i][j] += c * (mean[i] - m0[i]) * (mean[j] - m0[j]);
      }
    }
    double nun = nu0 + n;
    return -n * Math.log(Math.PI) + multiLgamma(nun / 2, 2) - multiLgamma(nu0 / 2, 2) + nu0 / 2 * logDet2(l0)
        - nun / 2 * logDet2(ln) + Math.log(beta0 / (beta0 + n));
  }

  /** A function of one labelling z in {0..K-1}^N. */
  interface Labelled {
    double logJoint(int[] z);
  }

  /** log sum over all K^N labellings of exp(f(z)). */
  static double logSumOverLabellings(int n, int k, Labelled f) {
    int[] z = new int[n];
    long total = Math.round(Math.pow(k, n));
    double max = Double.NEGATIVE_INFINITY;
    double[] values = new double[(int) total];
    for (int idx = 0; idx < total; idx++) {
      long rest = idx;
      for (int i = 0; i < n; i++) {
        z[i] = (int) (rest % k);
        rest /= k;
      }
      values[idx] = f.logJoint(z);
      max = Math.max(max, values[idx]);
    }
    double s = 0;
    for (double v : values) {
      s += Math.exp(v - max);
    }
    return max + Math.log(s);
  }

  /** The points of x with label k. */
  static double[] select(double[] x, int[] z, int k) {
    return java.util.stream.IntStream.range(0, x.length).filter(i -> z[i] == k).mapToDouble(i -> x[i]).toArray();
  }

  /** The rows of x with label k. */
  static double[][] select(double[][] x, int[] z, int k) {
    return java.util.stream.IntStream.range(0, x.length).filter(i -> z[i] == k).mapToObj(i -> x[i])
        .toArray(double[][]::new);
  }
}
