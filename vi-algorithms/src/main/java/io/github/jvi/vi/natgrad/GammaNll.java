package io.github.jvi.vi.natgrad;

import io.github.jvi.core.special.Special;
import io.github.jvi.core.util.Check;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The average negative log-likelihood of Gamma(alpha, beta = scale) on positive data
 * x_1..x_N, through the sufficient statistics (mean log x, mean x), and its gradient:
 *
 * <pre>
 * l(alpha, beta) = log Gamma(alpha) + alpha log beta - (alpha - 1) mean(log x) + mean(x) / beta
 * dl/dalpha = psi(alpha) + log beta - mean(log x)
 * dl/dbeta  = alpha / beta - mean(x) / beta^2
 * </pre>
 * The minimiser (the maximum-likelihood estimate) has beta = mean(x) / alpha and
 * log alpha - psi(alpha) = log mean(x) - mean(log x) =: s, which {@link #mle()} solves by Newton's
 * method in alpha (Minka 2002, "Estimating a Gamma distribution"), to full double precision.
 */
public final class GammaNll {
  private final int n;
  private final double meanLog;
  private final double mean;

  private GammaNll(int n, double meanLog, double mean) {
    this.n = n;
    this.meanLog = meanLog;
    this.mean = mean;
  }

  /** From samples, which must all be finite and &gt; 0 (at least two distinct values). */
  public static GammaNll of(INDArray data) {
    if (data == null || data.length() < 2) {
      throw new IllegalArgumentException("Gamma data needs at least 2 values, found "
          + (data == null ? 0 : data.length()));
    }
    INDArray x = data.castTo(DataType.DOUBLE);
    Check.positive("Gamma data", x);
    if (x.maxNumber().doubleValue() == x.minNumber().doubleValue()) {
      throw new IllegalArgumentException("Gamma data must not be all equal (" + x.getDouble(0)
          + "): the likelihood has no maximum");
    }
    return new GammaNll((int) x.length(), Transforms.log(x, true).meanNumber().doubleValue(),
        x.meanNumber().doubleValue());
  }

  /** The number of data points. */
  public int size() {
    return n;
  }

  /** mean(log x). */
  public double meanLog() {
    return meanLog;
  }

  /** mean(x). */
  public double mean() {
    return mean;
  }

  /** l(alpha, beta); +infinity outside alpha, beta &gt; 0. */
  public double value(double alpha, double beta) {
    if (!(alpha > 0 && beta > 0)) {
      return Double.POSITIVE_INFINITY;
    }
    return Special.lgamma(alpha) + alpha * Math.log(beta) - (alpha - 1) * meanLog + mean / beta;
  }

  /** (dl/dalpha, dl/dbeta). */
  public double[] gradient(double alpha, double beta) {
    return new double[] {Special.digamma(alpha) + Math.log(beta) - meanLog,
        alpha / beta - mean / (beta * beta)};
  }

  /** The maximum-likelihood estimate (alpha, beta). */
  public double[] mle() {
    double s = Math.log(mean) - meanLog; // > 0 by Jensen when the data are not all equal
    // Minka's starting point, then Newton on f(a) = log a - psi(a) - s (convex and decreasing)
    double a = (3 - s + Math.sqrt((s - 3) * (s - 3) + 24 * s)) / (12 * s);
    for (int i = 0; i < 100; i++) {
      double f = Math.log(a) - Special.digamma(a) - s;
      double df = 1 / a - Special.trigamma(a);
      double next = a - f / df;
      if (!(next > 0)) {
        next = a / 2;
      }
      if (Math.abs(next - a) <= 1e-15 * a) {
        a = next;
        break;
      }
      a = next;
    }
    return new double[] {a, mean / a};
  }
}
