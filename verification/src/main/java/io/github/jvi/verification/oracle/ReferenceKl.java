package io.github.jvi.verification.oracle;

import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.special.Gamma;

/**
 * KL(p || q) for the ten families of the KL registry, computed without jvi's code: the
 * definition KL = int p log(p / q) by {@link Quadrature} for the continuous univariate families
 * (text-book log-densities with Commons Math's {@code Gamma.logGamma} and {@code Beta.logBeta}
 * after a substitution that makes the integrand smooth, see {@link ReferenceDensity}), exact
 * summation for the discrete ones,
 * Commons Math's LU and Cholesky decompositions for the multivariate normal, and for the
 * Dirichlet the log-gamma formula with digamma differences from Gauss's integral (not from a
 * digamma routine: Commons Math's {@code Gamma.digamma} has absolute errors up to about 3e-9).
 *
 * <p>Accuracy: the quadratures are exact to about 1e-16 times int p |log(p/q)|; the discrete sums
 * are exact to rounding; the linear algebra is backward stable. So each reference is good to about
 * 1e-13 relative for the moderate parameters used in the suites.
 */
public final class ReferenceKl {
  private ReferenceKl() {}

  /** log sigmoid(t) = -log(1 + e^-t), stable for every t. */
  public static double logSigmoid(double t) {
    return t >= 0 ? -Math.log1p(Math.exp(-t)) : t - Math.log1p(Math.exp(t));
  }

  /** int N(x; m1, s1) log(N(x; m1, s1) / N(x; m2, s2)) dx over m1 +- 40 s1 ({@link ReferenceDensity}). */
  public static double normal(double m1, double s1, double m2, double s2) {
    return ReferenceDensity.normal(m1, s1).kl(ReferenceDensity.normal(m2, s2));
  }


  /** Gamma (shape a, rate b): int over t = log x of p(e^t) e^t log(p/q) ({@link ReferenceDensity#gamma}). */
  public static double gamma(double a1, double b1, double a2, double b2) {
    return ReferenceDensity.gamma(a1, b1).kl(ReferenceDensity.gamma(a2, b2));
  }


  /** Exponential (rate r): int over [0, 60 / r1] of p log(p/q). */
  public static double exponential(double r1, double r2) {
    return ReferenceDensity.exponential(r1).kl(ReferenceDensity.exponential(r2));
  }


  /** Beta: int over t = logit x of p(x) x (1-x) log(p/q) ({@link ReferenceDensity#beta}). */
  public static double beta(double a1, double b1, double a2, double b2) {
    return ReferenceDensity.beta(a1, b1).kl(ReferenceDensity.beta(a2, b2));
  }


  /**
   * log C(lambda) of the continuous Bernoulli, C = 2 artanh(1 - 2 lambda) / (1 - 2 lambda)
   * (Loaiza-Ganem &amp; Cunningham 2019, eq. 7), with 2 artanh(1 - 2 lambda) = log((1 - lambda) / lambda)
   * written as log1p((1 - 2 lambda) / lambda) near 1/2 (no cancellation) and C = 2 at 1/2.
   */
  public static double cbLogNormalizer(double lam) {
    double z = 1 - 2 * lam;
    if (z == 0) {
      return Math.log(2);
    }
    double twoAtanh = Math.abs(z) < 0.5 ? Math.log1p(z / lam) : Math.log1p(-lam) - Math.log(lam);
    return Math.log(twoAtanh / z);
  }

  /** Continuous Bernoulli: int over [0, 1] of p log(p/q), log p = log C + x log lambda + (1-x) log(1-lambda). */
  public static double continuousBernoulli(double lam1, double lam2) {
    return ReferenceDensity.continuousBernoulli(lam1).kl(ReferenceDensity.continuousBernoulli(lam2));
  }


  /** lambda = sigmoid(l), for the logits form of the continuous Bernoulli. */
  public static double sigmoid(double l) {
    return l >= 0 ? 1 / (1 + Math.exp(-l)) : Math.exp(l) / (1 + Math.exp(l));
  }

  /** Poisson: sum over k = 0 .. a + 50 sqrt(a) + 100 with Commons Math's log-pmf (Loader's saddle-point form). */
  public static double poisson(double a, double b) {
    PoissonDistribution p = new PoissonDistribution(null, a, 1e-12, 10_000_000);
    PoissonDistribution q = new PoissonDistribution(null, b, 1e-12, 10_000_000);
    int kmax = (int) Math.ceil(a + 50 * Math.sqrt(a) + 100);
    double sum = 0;
    double comp = 0;
    for (int k = 0; k <= kmax; k++) {
      double lp = p.logProbability(k);
      double y = Math.exp(lp) * (lp - q.logProbability(k)) - comp;
      double t = sum + y;
      comp = (t - sum) - y;
      sum = t;
    }
    return sum;
  }

  /** Bernoulli from log-probabilities: p (log p - log q) + (1-p)(log(1-p) - log(1-q)), 0 log 0 = 0. */
  public static double bernoulliLog(double logP, double log1mP, double logQ, double log1mQ) {
    double p = Math.exp(logP);
    double pm = Math.exp(log1mP);
    return (p == 0 ? 0 : p * (logP - logQ)) + (pm == 0 ? 0 : pm * (log1mP - log1mQ));
  }

  /** Bernoulli(p) || Bernoulli(q). */
  public static double bernoulli(double p, double q) {
    return bernoulliLog(Math.log(p), Math.log1p(-p), Math.log(q), Math.log1p(-q));
  }

  /** Bernoulli(sigmoid(l1)) || Bernoulli(sigmoid(l2)). */
  public static double bernoulliLogits(double l1, double l2) {
    return bernoulliLog(logSigmoid(l1), logSigmoid(-l1), logSigmoid(l2), logSigmoid(-l2));
  }

  /** Categorical: sum_k p_k log(p_k / q_k) with each vector normalised by its sum; 0 log 0 = 0. */
  public static double categorical(double[] p, double[] q) {
    double sp = 0;
    double sq = 0;
    for (int k = 0; k < p.length; k++) {
      sp += p[k];
      sq += q[k];
    }
    double s = 0;
    for (int k = 0; k < p.length; k++) {
      double pk = p[k] / sp;
      if (pk > 0) {
        s += pk * (Math.log(pk) - Math.log(q[k] / sq));
      }
    }
    return s;
  }

  /** Log-softmax of logits (max-shifted). */
  public static double[] logSoftmax(double[] l) {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : l) {
      m = Math.max(m, v);
    }
    double s = 0;
    for (double v : l) {
      s += Math.exp(v - m);
    }
    double lse = m + Math.log(s);
    double[] out = new double[l.length];
    for (int k = 0; k < l.length; k++) {
      out[k] = l[k] - lse;
    }
    return out;
  }

  /** Categorical(softmax(l1)) || Categorical(softmax(l2)). */
  public static double categoricalLogits(double[] l1, double[] l2) {
    double[] a = logSoftmax(l1);
    double[] b = logSoftmax(l2);
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += Math.exp(a[k]) * (a[k] - b[k]);
    }
    return s;
  }

  /**
   * Multivariate normal: (tr(S2^-1 S1) + (m2 - m1)' S2^-1 (m2 - m1) - d + log det S2 - log det S1) / 2,
   * solves by Commons Math's LU decomposition, log-determinants from its Cholesky factors.
   */
  public static double multivariateNormal(double[] m1, double[][] s1, double[] m2, double[][] s2) {
    RealMatrix a = new Array2DRowRealMatrix(s1);
    RealMatrix b = new Array2DRowRealMatrix(s2);
    DecompositionSolver solver = new LUDecomposition(b).getSolver();
    double trace = solver.solve(a).getTrace();
    RealVector diff = new ArrayRealVector(m2).subtract(new ArrayRealVector(m1));
    double quad = diff.dotProduct(solver.solve(diff));
    return 0.5 * (trace + quad - m1.length + logDet(b) - logDet(a));
  }

  private static double logDet(RealMatrix s) {
    RealMatrix l = new CholeskyDecomposition(s, 1e-14, 1e-14).getL();
    double sum = 0;
    for (int i = 0; i < l.getRowDimension(); i++) {
      sum += Math.log(l.getEntry(i, i));
    }
    return 2 * sum;
  }

  /**
   * psi(a) - psi(b) = int_0^inf (e^-sb - e^-sa) / (1 - e^-s) ds (from Gauss's integral
   * psi(x) + gamma = int_0^1 (1 - t^(x-1)) / (1 - t) dt with t = e^-s), integrand written with
   * expm1 for s &lt; 1 so that it has no cancellation near s = 0.
   */
  public static double digammaDifference(double a, double b) {
    double min = Math.min(a, b);
    double hi = 50 / min + 10;
    return Quadrature.integrate(s -> s < 1
        ? Math.exp(-s * b) * Math.expm1(-s * (a - b)) / Math.expm1(-s)
        : (Math.exp(-s * b) - Math.exp(-s * a)) / -Math.expm1(-s),
        s -> s < 1 ? Math.exp(-s * b) * Math.expm1(-s * (a - b)) / Math.expm1(-s)
            : (Math.exp(-s * b) + Math.exp(-s * a)) / -Math.expm1(-s), 0, hi, 200);
  }

  /**
   * Dirichlet: lnGamma(a0) - sum lnGamma(a_k) - lnGamma(b0) + sum lnGamma(b_k)
   * + sum_k (a_k - b_k)(psi(a_k) - psi(a0)), with Commons Math's logGamma and
   * {@link #digammaDifference}.
   */
  public static double dirichlet(double[] a, double[] b) {
    double a0 = 0;
    double b0 = 0;
    for (int k = 0; k < a.length; k++) {
      a0 += a[k];
      b0 += b[k];
    }
    double s = Gamma.logGamma(a0) - Gamma.logGamma(b0);
    for (int k = 0; k < a.length; k++) {
      s += Gamma.logGamma(b[k]) - Gamma.logGamma(a[k]) + (a[k] - b[k]) * digammaDifference(a[k], a0);
    }
    return s;
  }
}
