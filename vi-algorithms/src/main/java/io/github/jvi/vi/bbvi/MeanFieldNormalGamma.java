package io.github.jvi.vi.bbvi;

import io.github.jvi.core.distribution.Gamma;
import io.github.jvi.core.special.Special;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The mean-field family q(mu, tau) = N(mu | m, s^2) Gamma(tau | a, b) (b the rate), in the
 * unconstrained parameterisation lambda = (m, log s, log a, log b) that BBVI steps in.
 *
 * <pre>
 * log q(mu)  = -(mu - m)^2 / (2 s^2) - log s - log(2 pi)/2
 * log q(tau) = a log b - log Gamma(a) + (a - 1) log tau - b tau
 * score, d log q / d lambda:
 *   d/dm     = (mu - m) / s^2
 *   d/dlog s = (mu - m)^2 / s^2 - 1
 *   d/dlog a = a (log b - psi(a) + log tau)
 *   d/dlog b = a - b tau
 * H[q] = log(2 pi e s^2)/2 + a - log b + log Gamma(a) + (1 - a) psi(a)
 * </pre>
 * Columns 0, 1 of the score belong to the factor q(mu), columns 2, 3 to q(tau). log q and the
 * score are linear in the features (1, eps, eps^2, log tau, tau) of a draw, eps = (mu - m)/s, and
 * are evaluated as one matrix product of the [S, 5] features with their coefficients.
 */
public final class MeanFieldNormalGamma {
  /** The number of unconstrained parameters. */
  public static final int DIM = 4;
  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
  private final double m;
  private final double s;
  private final double a;
  private final double b;

  /** One batch of S draws z_s = (mu_s, tau_s) ~ q, each of shape [S]; eps = (mu - m) / s. */
  public record Draws(INDArray mu, INDArray tau, INDArray eps) {
    /** S. */
    public int size() {
      return (int) mu.length();
    }
  }

  private MeanFieldNormalGamma(double m, double s, double a, double b) {
    this.m = m;
    this.s = s;
    this.a = a;
    this.b = b;
  }

  /** q = N(m, s^2) Gamma(a, rate b); m finite, s, a, b finite and &gt; 0. */
  public static MeanFieldNormalGamma of(double m, double s, double a, double b) {
    return new MeanFieldNormalGamma(Check.finite("m", m), Check.positive("s", s),
        Check.positive("a", a), Check.positive("b", b));
  }

  /** From lambda = (m, log s, log a, log b), a vector of 4 finite values. */
  public static MeanFieldNormalGamma fromUnconstrained(INDArray lambda) {
    Check.shape(lambda != null && lambda.length() == DIM, "lambda", "4 elements (m, log s, log a, log b)",
        lambda == null ? new long[0] : lambda.shape());
    // element reads: far cheaper than a bulk copy for four values
    return fromUnconstrained(new double[] {lambda.getDouble(0), lambda.getDouble(1),
        lambda.getDouble(2), lambda.getDouble(3)});
  }

  /** From lambda = (m, log s, log a, log b). */
  public static MeanFieldNormalGamma fromUnconstrained(double[] lambda) {
    if (lambda.length != DIM) {
      throw new IllegalArgumentException("lambda must have 4 elements (m, log s, log a, log b), found "
          + lambda.length);
    }
    for (int i = 0; i < DIM; i++) {
      Check.finite("lambda[" + i + "]", lambda[i]);
    }
    return of(lambda[0], Math.exp(lambda[1]), Math.exp(lambda[2]), Math.exp(lambda[3]));
  }

  /** lambda = (m, log s, log a, log b), float64 [4]. */
  public INDArray unconstrained() {
    return Nd4j.createFromArray(m, Math.log(s), Math.log(a), Math.log(b));
  }

  /** The mean of q(mu). */
  public double m() {
    return m;
  }

  /** The standard deviation of q(mu). */
  public double s() {
    return s;
  }

  /** The shape of q(tau). */
  public double a() {
    return a;
  }

  /** The rate of q(tau). */
  public double b() {
    return b;
  }

  /** E_q[mu] = m. */
  public double meanMu() {
    return m;
  }

  /** E_q[tau] = a / b. */
  public double meanTau() {
    return a / b;
  }

  /** E_q[log tau] = psi(a) - log b. */
  public double meanLogTau() {
    return Special.digamma(a) - Math.log(b);
  }

  /** H[q], closed form. */
  public double entropy() {
    return 0.5 + HALF_LOG_2PI + Math.log(s) + a - Math.log(b) + Special.lgamma(a)
        + (1 - a) * Special.digamma(a);
  }

  /** S independent draws (float64). */
  public Draws sample(Rng rng, int samples) {
    Check.atLeast("samples", samples, 1);
    INDArray eps = rng.normal(DataType.DOUBLE, samples);
    INDArray mu = eps.mul(s).addi(m);
    INDArray tau = Gamma.of(a, b).sample(rng, samples).castTo(DataType.DOUBLE);
    return new Draws(mu, tau, eps);
  }

  // ------------------------------------------------------------------ linear-in-features form
  // log q, the score and (in NormalGammaModel) log p are linear in a few features of the draws;
  // one matrix product of the [S, K] features with a [K, M] coefficient matrix evaluates them all.

  /** Feature columns shared with {@link NormalGammaModel}: 1, eps, eps^2, log tau, tau. */
  static final int ONE = 0;
  static final int EPS = 1;
  static final int EPS2 = 2;
  static final int LOG_TAU = 3;
  static final int TAU = 4;
  /** The number of features q needs. */
  static final int Q_FEATURES = 5;

  /** The features (1, eps, eps^2, log tau, tau) of the draws, [S, 5]. */
  static INDArray features(Draws z) {
    INDArray eps = z.eps();
    return columns(Nd4j.ones(DataType.DOUBLE, z.size()), eps, eps.mul(eps),
        Transforms.log(z.tau(), true), z.tau());
  }

  /** log q(mu) = -eps^2/2 - log s - log(2 pi)/2 as coefficients of k &gt;= 5 features. */
  double[] logQMuCoefficients(int k) {
    double[] c = new double[k];
    c[ONE] = -Math.log(s) - HALF_LOG_2PI;
    c[EPS2] = -0.5;
    return c;
  }

  /** log q(tau) = a log b - log Gamma(a) + (a - 1) log tau - b tau as coefficients. */
  double[] logQTauCoefficients(int k) {
    double[] c = new double[k];
    c[ONE] = a * Math.log(b) - Special.lgamma(a);
    c[LOG_TAU] = a - 1;
    c[TAU] = -b;
    return c;
  }

  /** The four score components (see the class comment) as coefficients, [4][k]. */
  double[][] scoreCoefficients(int k) {
    double[][] c = new double[DIM][k];
    c[0][EPS] = 1 / s; // (mu - m)/s^2 = eps/s
    c[1][ONE] = -1;
    c[1][EPS2] = 1;
    c[2][ONE] = a * (Math.log(b) - Special.digamma(a));
    c[2][LOG_TAU] = a;
    c[3][ONE] = a;
    c[3][TAU] = -b;
    return c;
  }

  /** log q(mu) for each draw, [S]. */
  public INDArray logQMu(Draws z) {
    return features(z).mmul(matrix(logQMuCoefficients(Q_FEATURES))).reshape(z.size());
  }

  /** log q(tau) for each draw, [S]. */
  public INDArray logQTau(Draws z) {
    return features(z).mmul(matrix(logQTauCoefficients(Q_FEATURES))).reshape(z.size());
  }

  /** The score d log q(z_s) / d lambda, [S, 4]. */
  public INDArray score(Draws z) {
    return features(z).mmul(matrix(scoreCoefficients(Q_FEATURES)));
  }

  /** Vectors of equal length as the columns of an [S, k] array. */
  static INDArray columns(INDArray... cols) {
    INDArray[] c = new INDArray[cols.length];
    for (int i = 0; i < cols.length; i++) {
      c[i] = cols[i].reshape(cols[i].length(), 1);
    }
    return Nd4j.hstack(c);
  }

  /** Coefficient vectors of length k as the columns of a [k, M] float64 array. */
  static INDArray matrix(double[]... cols) {
    int k = cols[0].length;
    double[] flat = new double[k * cols.length];
    for (int j = 0; j < cols.length; j++) {
      for (int i = 0; i < k; i++) {
        flat[i * cols.length + j] = cols[j][i];
      }
    }
    return Nd4j.create(flat, new long[] {k, cols.length}, DataType.DOUBLE);
  }

  @Override
  public String toString() {
    return "q(mu) = N(" + m + ", " + s + "^2), q(tau) = Gamma(shape " + a + ", rate " + b + ")";
  }
}
