package io.github.jvi.vi.divergence;

import io.github.jvi.core.distribution.Categorical;
import io.github.jvi.core.distribution.MixtureSameFamily;
import io.github.jvi.core.distribution.Normal;
import io.github.jvi.core.special.Special;
import io.github.jvi.core.util.Check;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A one-dimensional Gaussian mixture p(x) = sum_k pi_k N(x | m_k, s_k^2), the target of the KL
 * fits:
 *
 * <pre>
 * log p(x) = logsumexp_k (log pi_k - (x - m_k)^2/(2 s_k^2) - log s_k - log(2 pi)/2)
 * d/dx log p(x) = sum_k r_k(x) (m_k - x)/s_k^2,   r_k(x) = pi_k N(x | m_k, s_k^2) / p(x)
 * E[x] = sum_k pi_k m_k,   Var[x] = sum_k pi_k s_k^2 + sum_k pi_k (m_k - E[x])^2
 * </pre>
 * The distribution is core's {@link MixtureSameFamily} of {@link Normal}s ({@link #distribution()}),
 * whose moments these are. The scalar {@link #logDensity} and {@link #dLogDensity} are the same
 * formula evaluated one point at a time, for the quadrature's thousands of nodes per step (an
 * array call per node would cost a hundred times more).
 */
public final class GaussianMixture1d {
  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
  private final double[] weights;
  private final double[] means;
  private final double[] sds;
  private final MixtureSameFamily distribution;
  private final double mean;
  private final double variance;

  private GaussianMixture1d(double[] weights, double[] means, double[] sds) {
    this.weights = weights;
    this.means = means;
    this.sds = sds;
    this.distribution = MixtureSameFamily.of(Categorical.ofProbs(Nd4j.createFromArray(weights)),
        Normal.of(Nd4j.createFromArray(means), Nd4j.createFromArray(sds)));
    this.mean = distribution.mean().item();
    this.variance = distribution.variance().item();
  }

  /** p as core's mixture of normals (batch shape [], event shape []). */
  public MixtureSameFamily distribution() {
    return distribution;
  }

  /** A mixture; weights &gt; 0 summing to 1 (within 1e-9; then normalised), means finite, sds &gt; 0. */
  public static GaussianMixture1d of(double[] weights, double[] means, double[] sds) {
    if (weights.length < 1 || weights.length != means.length || weights.length != sds.length) {
      throw new IllegalArgumentException("weights, means and sds need the same positive length, found "
          + weights.length + ", " + means.length + ", " + sds.length);
    }
    double total = 0;
    for (int k = 0; k < weights.length; k++) {
      Check.positive("weights[" + k + "]", weights[k]);
      Check.finite("means[" + k + "]", means[k]);
      Check.positive("sds[" + k + "]", sds[k]);
      total += weights[k];
    }
    if (Math.abs(total - 1) > 1e-9) {
      throw new IllegalArgumentException("weights must sum to 1, found " + total);
    }
    double[] w = new double[weights.length];
    for (int k = 0; k < w.length; k++) {
      w[k] = weights[k] / total; // as core's Categorical does: one set of weights for every quantity
    }
    return new GaussianMixture1d(w, means.clone(), sds.clone());
  }

  /** The course's target 1/3 N(-3, 1) + 2/3 N(3, 1). */
  public static GaussianMixture1d course() {
    return of(new double[] {1.0 / 3, 2.0 / 3}, new double[] {-3, 3}, new double[] {1, 1});
  }

  /** The number of components. */
  public int components() {
    return weights.length;
  }

  /** pi_k. */
  public double weight(int k) {
    return weights[k];
  }

  /** m_k. */
  public double componentMean(int k) {
    return means[k];
  }

  /** s_k. */
  public double componentSd(int k) {
    return sds[k];
  }

  /** E[x]. */
  public double mean() {
    return mean;
  }

  /** Var[x]. */
  public double variance() {
    return variance;
  }

  /** log p(x). */
  public double logDensity(double x) {
    double[] terms = componentLogTerms(x);
    return Special.logSumExp(terms);
  }

  /** d/dx log p(x). */
  public double dLogDensity(double x) {
    double[] terms = componentLogTerms(x);
    double lse = Special.logSumExp(terms);
    double g = 0;
    for (int k = 0; k < weights.length; k++) {
      g += Math.exp(terms[k] - lse) * (means[k] - x) / (sds[k] * sds[k]);
    }
    return g;
  }

  /** E_p[f(x)] by quadrature within each component. */
  public double expect(GaussianQuadrature rule, java.util.function.DoubleUnaryOperator f) {
    double sum = 0;
    for (int k = 0; k < weights.length; k++) {
      sum += weights[k] * rule.expect(means[k], sds[k], f);
    }
    return sum;
  }

  /** H[p] = -E_p[log p(x)], by quadrature. */
  public double entropy(GaussianQuadrature rule) {
    return -expect(rule, this::logDensity);
  }

  private double[] componentLogTerms(double x) {
    double[] t = new double[weights.length];
    for (int k = 0; k < weights.length; k++) {
      double z = (x - means[k]) / sds[k];
      t[k] = Math.log(weights[k]) - 0.5 * z * z - Math.log(sds[k]) - HALF_LOG_2PI;
    }
    return t;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < weights.length; k++) {
      sb.append(k == 0 ? "" : " + ").append(weights[k]).append(" N(").append(means[k]).append(", ")
          .append(sds[k]).append("^2)");
    }
    return sb.toString();
  }
}
