package io.github.jvi.vi.em;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.MultivariateNormal;
import io.github.jvi.core.linalg.Cholesky;
import io.github.jvi.core.special.Special;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.cavi.Convergence;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * EM for a Gaussian mixture with full covariances, written as coordinate ascent on the free
 * energy (Neal &amp; Hinton 1998, "A view of the EM algorithm that justifies incremental, sparse,
 * and other variants"):
 *
 * <pre>
 * F(theta, q) = sum_n sum_k q_nk (log pi_k + log N(x_n | mu_k, Sigma_k) - log q_nk)
 *             = log p(x | theta) - sum_n KL(q_n || p(z_n | x_n, theta))
 * E-step: q_nk = p(z_n = k | x_n, theta)  (softmax over k)  =&gt;  F = log p(x | theta)
 * M-step: N_k = sum_n q_nk, pi_k = N_k / N, mu_k = sum_n q_nk x_n / N_k,
 *         Sigma_k = sum_n q_nk (x_n - mu_k)(x_n - mu_k)^T / N_k + reg I
 * </pre>
 * Each step maximises F over one argument, so F never decreases and neither does log p(x | theta)
 * (with reg = 0; reg &gt; 0 makes the M-step the maximiser of F plus a log-prior on the
 * covariances). Vectorised over the data: an [N, K] array of log joints, one column per component
 * from core's {@link MultivariateNormal} (its Cholesky factor and triangular solve), with
 * {@link Cholesky} for the draws.
 */
public final class GaussianMixtureEm {
  private final int k;
  private final int maxIter;
  private final double tol;
  private final double paramTol;
  private final double reg;

  /**
   * Mixture parameters.
   *
   * @param weights pi, [K]
   * @param means mu, [K, D]
   * @param covariances Sigma, [K, D, D]
   */
  public record Parameters(INDArray weights, INDArray means, INDArray covariances) {
    /** K. */
    public int components() {
      return (int) weights.length();
    }

    /** D. */
    public int dimension() {
      return (int) means.size(1);
    }
  }

  /**
   * A fit. Iterates theta_0 (the start), theta_1, ..., theta_T; q_t is the E-step posterior
   * under theta_t.
   *
   * @param parameters theta_T
   * @param logLikelihood log p(x | theta_t), t = 0..T
   * @param freeEnergyAfterE F(theta_t, q_t), t = 0..T (equal to logLikelihood[t])
   * @param freeEnergyAfterM F(theta_{t+1}, q_t), t = 0..T-1
   * @param responsibilities q_T, [N, K]
   * @param convergence which test stopped the fit (the log-likelihood tolerance, reported as the
   *     ELBO tolerance since log p(x | theta_t) = F(theta_t, q_t); the parameter tolerance; the
   *     iteration limit) and the last iteration's changes
   */
  public record Result(Parameters parameters, double[] logLikelihood, double[] freeEnergyAfterE,
      double[] freeEnergyAfterM, INDArray responsibilities, Convergence convergence) {
    /** Whether a tolerance, not the iteration limit, stopped the fit. */
    public boolean converged() {
      return convergence.converged();
    }

    /** T, the number of EM iterations. */
    public int iterations() {
      return freeEnergyAfterM.length;
    }

    /** log p(x | theta_T). */
    public double finalLogLikelihood() {
      return logLikelihood[logLikelihood.length - 1];
    }
  }

  private GaussianMixtureEm(int k, int maxIter, double tol, double paramTol, double reg) {
    this.k = k;
    this.maxIter = maxIter;
    this.tol = tol;
    this.paramTol = paramTol;
    this.reg = reg;
  }

  /**
   * EM with K &gt;= 1 components, at most maxIter &gt;= 1 iterations, stopping when
   * |Delta log p| &lt;= tol |log p| (tol &gt;= 0; 0 runs to maxIter), covariance ridge reg &gt;= 0.
   */
  public static GaussianMixtureEm of(int k, int maxIter, double tol, double reg) {
    return of(k, maxIter, tol, 0, reg);
  }

  /**
   * As {@link #of(int, int, double, double)}, also stopping when no parameter (weight, mean or
   * covariance entry) moves by more than paramTol in an iteration, relative above 1 in magnitude and
   * absolute below ({@link Convergence}; paramTol &gt;= 0, 0: no such test). Both tolerances 0 run to
   * maxIter.
   */
  public static GaussianMixtureEm of(int k, int maxIter, double tol, double paramTol, double reg) {
    return new GaussianMixtureEm(Check.atLeast("k", k, 1), Check.atLeast("maxIter", maxIter, 1),
        Check.nonNegative("tol", tol), Check.nonNegative("paramTol", paramTol), Check.nonNegative("reg", reg));
  }

  /** Validates data: an [N, D] finite array with N &gt;= K. */
  private INDArray checkData(INDArray x) {
    if (x == null || x.rank() != 2) {
      throw new IllegalArgumentException("data must be an [N, D] array, found "
          + (x == null ? "null" : Arrays.toString(x.shape())));
    }
    Check.finite("data", x);
    if (x.size(0) < k) {
      throw new IllegalArgumentException("k must be <= the number of data points " + x.size(0) + ", found " + k);
    }
    return x.castTo(DataType.DOUBLE);
  }

  /** Fits from K distinct data points drawn with {@code rng} as means, the data covariance, equal weights. */
  public Result fit(INDArray data, Rng rng) {
    INDArray x = checkData(data);
    int n = (int) x.size(0);
    int d = (int) x.size(1);
    int[] perm = rng.permutation(n);
    INDArray means = Nd4j.create(DataType.DOUBLE, k, d);
    for (int j = 0; j < k; j++) {
      means.putRow(j, x.getRow(perm[j]));
    }
    INDArray xc = x.subRowVector(x.mean(0));
    INDArray cov = xc.transpose().mmul(xc).divi(n).addi(Nd4j.eye(d).castTo(DataType.DOUBLE).muli(reg));
    INDArray covs = Nd4j.create(DataType.DOUBLE, k, d, d);
    for (int j = 0; j < k; j++) {
      covs.get(org.nd4j.linalg.indexing.NDArrayIndex.point(j)).assign(cov);
    }
    INDArray weights = Nd4j.valueArrayOf(new long[] {k}, 1.0 / k, DataType.DOUBLE);
    return fit(x, new Parameters(weights, means, covs));
  }

  /** Fits from the given start. */
  public Result fit(INDArray data, Parameters start) {
    INDArray x = checkData(data);
    if (start.components() != k || start.dimension() != x.size(1)) {
      throw new IllegalArgumentException("start has " + start.components() + " components of dimension "
          + start.dimension() + ", expected " + k + " of dimension " + x.size(1));
    }
    double[] ll = new double[maxIter + 1];
    double[] fe = new double[maxIter + 1];
    double[] fm = new double[maxIter];
    Parameters theta = start;
    INDArray logJoint = logJoint(x, theta);
    INDArray r = eStep(logJoint);
    ll[0] = logLikelihood(logJoint);
    fe[0] = freeEnergy(logJoint, r);
    int t = 0;
    Convergence.Rule rule = new Convergence.Rule(tol, paramTol);
    rule.after(ll[0], parameters(theta));
    Convergence.Criterion met = null;
    while (t < maxIter && met == null) {
      theta = mStep(x, r, reg);
      logJoint = logJoint(x, theta);
      fm[t] = freeEnergy(logJoint, r);
      r = eStep(logJoint);
      t++;
      ll[t] = logLikelihood(logJoint);
      fe[t] = freeEnergy(logJoint, r);
      met = rule.after(ll[t], parameters(theta));
    }
    return new Result(theta, Arrays.copyOf(ll, t + 1), Arrays.copyOf(fe, t + 1), Arrays.copyOf(fm, t), r,
        rule.result(met));
  }

  /** Weights, means and covariance entries as one vector (for the parameter test). */
  private static double[] parameters(Parameters theta) {
    return Nd4j.toFlattened(theta.weights(), theta.means(), theta.covariances()).toDoubleVector();
  }

  /** log pi_k + log N(x_n | mu_k, Sigma_k), [N, K]. */
  public static INDArray logJoint(INDArray x, Parameters theta) {
    int n = (int) x.size(0);
    int kk = theta.components();
    INDArray out = Nd4j.create(DataType.DOUBLE, n, kk);
    for (int j = 0; j < kk; j++) {
      double w = theta.weights().getDouble(j);
      if (!(w > 0)) {
        throw new IllegalArgumentException("weight " + j + " must be > 0, found " + w);
      }
      INDArray cov = theta.covariances().get(org.nd4j.linalg.indexing.NDArrayIndex.point(j)).castTo(DataType.DOUBLE);
      double[][] l = Cholesky.factorOrNull(cov.toDoubleMatrix());
      if (l == null || !positivePivots(l)) {
        throw new IllegalStateException("covariance of component " + j + " is not positive definite"
            + " (a collapsed component); use a covariance ridge reg > 0");
      }
      INDArray logDensity = MultivariateNormal.ofScaleTril(theta.means().getRow(j).castTo(DataType.DOUBLE),
          Nd4j.createFromArray(l)).logProb(Var.constant(x)).value();
      out.putColumn(j, logDensity.addi(Math.log(w)));
    }
    return out;
  }

  /**
   * Pivots as Hipparchus's Cholesky required them (L_ii^2 above 1e-14): a smaller one is a collapsed
   * component, whose density would be meaningless.
   */
  private static boolean positivePivots(double[][] l) {
    for (int i = 0; i < l.length; i++) {
      if (!(l[i][i] * l[i][i] > 1e-14)) {
        return false;
      }
    }
    return true;
  }

  /**
   * n draws from the mixture theta, [n, D]: a component for each point by inverse-CDF on one
   * uniform, then mu_k + L_k e with Sigma_k = L_k L_k^T (every component's draw is made for every
   * point and the chosen one kept, K passes of array ops).
   */
  public static INDArray sample(Parameters theta, int n, Rng rng) {
    Check.atLeast("n", n, 1);
    int d = theta.dimension();
    INDArray u = rng.uniform(DataType.DOUBLE, n, 1);
    INDArray out = Nd4j.zeros(DataType.DOUBLE, n, d);
    double cum = 0;
    for (int j = 0; j < theta.components(); j++) {
      double lo = cum;
      cum += theta.weights().getDouble(j);
      double hi = j == theta.components() - 1 ? Double.POSITIVE_INFINITY : cum;
      INDArray pick = u.gte(lo).castTo(DataType.DOUBLE).muli(u.lt(hi).castTo(DataType.DOUBLE));
      double[][] l = Cholesky.factor(theta.covariances().get(org.nd4j.linalg.indexing.NDArrayIndex.point(j))
          .castTo(DataType.DOUBLE).toDoubleMatrix(), "covariance of component " + j);
      INDArray lt = Nd4j.createFromArray(l).transpose();
      INDArray draw = rng.normal(DataType.DOUBLE, n, d).mmul(lt).addiRowVector(theta.means().getRow(j));
      out.addi(draw.muliColumnVector(pick));
    }
    return out;
  }

  /** The E-step: q_nk = softmax_k of the log joint, [N, K]. */
  public static INDArray eStep(INDArray logJoint) {
    INDArray lse = Special.logSumExp(logJoint, 1).reshape(logJoint.size(0), 1);
    return Transforms.exp(logJoint.subColumnVector(lse), false);
  }

  /** log p(x | theta) = sum_n logsumexp_k (log joint). */
  public static double logLikelihood(INDArray logJoint) {
    return Special.logSumExp(logJoint, 1).sumNumber().doubleValue();
  }

  /** F(theta, q) = sum q (log joint - log q), with 0 log 0 = 0. */
  public static double freeEnergy(INDArray logJoint, INDArray q) {
    INDArray logQ = Transforms.log(Transforms.max(q, Double.MIN_NORMAL, true), false);
    return q.mul(logJoint.sub(logQ)).sumNumber().doubleValue();
  }

  /** The M-step: the maximiser of F(., q) (plus the ridge reg on the covariances). */
  public static Parameters mStep(INDArray x, INDArray q, double reg) {
    int n = (int) x.size(0);
    int d = (int) x.size(1);
    int kk = (int) q.size(1);
    INDArray nk = q.sum(0);
    INDArray means = q.transpose().mmul(x);
    INDArray covs = Nd4j.create(DataType.DOUBLE, kk, d, d);
    for (int j = 0; j < kk; j++) {
      double nj = nk.getDouble(j);
      if (!(nj > 1e-10)) {
        throw new IllegalStateException("component " + j + " has no responsibility left (N_k = " + nj
            + "); use fewer components");
      }
      INDArray mu = means.getRow(j).divi(nj);
      INDArray xc = x.subRowVector(mu);
      INDArray cov = xc.mulColumnVector(q.getColumn(j).reshape(n, 1)).transpose().mmul(xc).divi(nj);
      if (reg > 0) {
        cov.addi(Nd4j.eye(d).castTo(DataType.DOUBLE).muli(reg));
      }
      covs.get(org.nd4j.linalg.indexing.NDArrayIndex.point(j)).assign(cov);
    }
    return new Parameters(nk.div(n), means, covs);
  }
}
