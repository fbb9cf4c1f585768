package io.github.jvi.core.diagnostic;

import java.util.Arrays;

/**
 * The Pareto k-hat diagnostic of importance weights w_s = p(z_s) / q(z_s), z_s ~ q (Vehtari,
 * Simpson, Gelman, Yao &amp; Gabry 2024, "Pareto smoothed importance sampling"; Yao, Vehtari,
 * Simpson &amp; Gelman 2018, "Yes, but did it work?: Evaluating variational inference").
 *
 * <p>A generalised Pareto distribution is fitted to the M = ceil(min(S / 5, 3 sqrt(S))) largest
 * weights' exceedances over the (M+1)-th largest, by the profile-posterior method of Zhang &amp;
 * Stephens (2009) with the weakly informative prior of Vehtari et al. (k shrunk towards 0.5 with
 * weight 10):
 * <pre>
 * theta_j = 1/x_(M) + (1 - sqrt(m / (j - 1/2))) / (3 x_(floor(M/4 + 1/2))),  j = 1..m,  m = 30 + floor(sqrt M)
 * k(theta) = mean_i log(1 - theta x_i),   l(theta) = M (log(-theta / k(theta)) - k(theta) - 1)
 * theta-hat = sum_j theta_j w_j,  w_j proportional to exp(l(theta_j)),   k-hat = (M k(theta-hat) + 5) / (M + 10)
 * </pre>
 * Reading (Yao et al. 2018, sec. 3): k-hat &lt; 0.5, the approximation is close to the target and
 * importance sampling would be reliable; 0.5-0.7, usable with care; above 0.7 the tail of the
 * weights is too heavy and the fit should not be trusted.
 *
 * <p>Weights that are constant to rounding in the tail (q equal to the normalised target up to
 * floating-point error) have no tail to fit: k-hat is then {@code -Infinity}, the limit of
 * bounded weights, which reads as "reliable".
 */
public final class Psis {
  private Psis() {}

  /**
   * k-hat of the log importance weights log p(z_s) - log q(z_s) (unnormalised: any constant
   * offset cancels).
   *
   * @param logWeights S &gt;= 5 values; NaN or +inf is an error; -inf (a draw outside the target's
   *     support) is a zero weight
   * @return k-hat, or +inf when fewer than 5 weights lie in the tail
   */
  public static double khat(double[] logWeights) {
    int s = logWeights.length;
    if (s < 5) {
      throw new IllegalArgumentException("logWeights must have at least 5 values, found " + s);
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < s; i++) {
      double w = logWeights[i];
      if (Double.isNaN(w) || w == Double.POSITIVE_INFINITY) {
        throw new IllegalArgumentException("logWeights[" + i + "] must be finite or -inf, found " + w);
      }
      max = Math.max(max, w);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      throw new IllegalArgumentException("logWeights are all -inf: no draw lies in the target's support");
    }
    double[] x = new double[s];
    for (int i = 0; i < s; i++) {
      x[i] = logWeights[i] - max;
    }
    Arrays.sort(x);
    int m = (int) Math.ceil(Math.min(0.2 * s, 3 * Math.sqrt(s)));
    double cutoff = Math.max(x[s - m - 1], Math.log(Double.MIN_NORMAL));
    double expCutoff = Math.exp(cutoff);
    int first = s;
    while (first > 0 && x[first - 1] > cutoff) {
      first--;
    }
    int tail = s - first;
    if (tail == 0) {
      return Double.NEGATIVE_INFINITY; // constant tail: bounded weights
    }
    if (tail <= 4) {
      return Double.POSITIVE_INFINITY;
    }
    double[] exceed = new double[tail];
    for (int i = 0; i < tail; i++) {
      exceed[i] = Math.exp(x[first + i]) - expCutoff;
    }
    return gpdShape(exceed);
  }

  /** Zhang &amp; Stephens' estimate of the GPD shape with Vehtari et al.'s prior; x sorted ascending, positive. */
  static double gpdShape(double[] x) {
    int n = x.length;
    int mEst = 30 + (int) Math.sqrt(n);
    double quartile = x[(int) (n / 4.0 + 0.5) - 1];
    double[] theta = new double[mEst];
    for (int j = 0; j < mEst; j++) {
      theta[j] = (1 - Math.sqrt(mEst / (j + 1 - 0.5))) / (3 * quartile) + 1 / x[n - 1];
    }
    double[] logLik = new double[mEst];
    for (int j = 0; j < mEst; j++) {
      double k = meanLog1m(theta[j], x);
      logLik[j] = n * (Math.log(-theta[j] / k) - k - 1);
    }
    double[] w = new double[mEst];
    double total = 0;
    for (int j = 0; j < mEst; j++) {
      double sum = 0;
      for (int i = 0; i < mEst; i++) {
        sum += Math.exp(logLik[i] - logLik[j]);
      }
      w[j] = 1 / sum;
    }
    double thetaHat = 0;
    for (int j = 0; j < mEst; j++) {
      if (w[j] >= 10 * Math.ulp(1.0)) {
        total += w[j];
      } else {
        w[j] = 0;
      }
    }
    for (int j = 0; j < mEst; j++) {
      thetaHat += theta[j] * w[j] / total;
    }
    double k = meanLog1m(thetaHat, x);
    return (n * k + 10 * 0.5) / (n + 10);
  }

  private static double meanLog1m(double theta, double[] x) {
    double sum = 0;
    for (double v : x) {
      sum += Math.log1p(-theta * v);
    }
    return sum / x.length;
  }
}
