package io.github.jvi.vi.bbvi;

import io.github.jvi.core.distribution.Gamma;
import io.github.jvi.core.special.Special;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
 * Columns 0, 1 of the score belong to the factor q(mu), columns 2, 3 to q(tau). A draw is
 * eps_s ~ N(0, 1), mu_s = m + s eps_s, tau_s ~ Gamma(a, rate b). Every per-draw quantity is a
 * function of (eps, tau, log tau) written once, as a scalar method, and evaluated in loops over
 * the S draws on Java arrays ({@link NormalGammaModel#draw(double[], Rng, ScoreBatch)}); the
 * INDArray methods ({@link #sample}, {@link #logQMu}, {@link #logQTau}, {@link #score}) are
 * conversions around the same methods.
 */
public final class MeanFieldNormalGamma {
  /** The number of unconstrained parameters. */
  public static final int DIM = 4;
  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
  private final double m;
  private final double s;
  private final double a;
  private final double b;
  private final double logB;
  private final double lgammaA;
  private final double digammaA;
  private final double logQMuConst; // -log s - log(2 pi)/2
  private final double logQTauConst; // a log b - log Gamma(a)
  private final double scoreLogAConst; // a (log b - psi(a))

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
    this.logB = Math.log(b);
    this.lgammaA = Special.lgamma(a);
    this.digammaA = Special.digamma(a);
    this.logQMuConst = -Math.log(s) - HALF_LOG_2PI;
    this.logQTauConst = a * logB - lgammaA;
    this.scoreLogAConst = a * (logB - digammaA);
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
    return digammaA - logB;
  }

  /** H[q], closed form. */
  public double entropy() {
    return 0.5 + HALF_LOG_2PI + Math.log(s) + a - logB + lgammaA + (1 - a) * digammaA;
  }

  /** S independent draws (float64): eps, then tau, from the Rng's scalar stream. */
  public Draws sample(Rng rng, int samples) {
    Check.atLeast("samples", samples, 1);
    double[] eps = new double[samples];
    double[] tau = new double[samples];
    draw(rng, eps, tau);
    double[] mu = new double[samples];
    for (int i = 0; i < samples; i++) {
      mu[i] = mu(eps[i]);
    }
    return new Draws(Nd4j.createFromArray(mu), Nd4j.createFromArray(tau), Nd4j.createFromArray(eps));
  }

  /** log q(mu) for each draw, [S]. */
  public INDArray logQMu(Draws z) {
    double[] eps = z.eps().toDoubleVector();
    double[] out = new double[eps.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = logQMu(eps[i]);
    }
    return Nd4j.createFromArray(out);
  }

  /** log q(tau) for each draw, [S]. */
  public INDArray logQTau(Draws z) {
    double[] tau = z.tau().toDoubleVector();
    double[] out = new double[tau.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = logQTau(tau[i], Math.log(tau[i]));
    }
    return Nd4j.createFromArray(out);
  }

  /** The score d log q(z_s) / d lambda, [S, 4]. */
  public INDArray score(Draws z) {
    double[] eps = z.eps().toDoubleVector();
    double[] tau = z.tau().toDoubleVector();
    int n = eps.length;
    double[][] columns = new double[DIM][n];
    for (int i = 0; i < n; i++) {
      score(eps[i], tau[i], Math.log(tau[i]), columns, i);
    }
    double[][] rows = new double[n][DIM];
    for (int i = 0; i < n; i++) {
      for (int d = 0; d < DIM; d++) {
        rows[i][d] = columns[d][i];
      }
    }
    return Nd4j.createFromArray(rows);
  }

  // ------------------------------------------------------------------ per draw, on Java arrays

  /** Fills eps with S standard normal draws, then tau with S draws of Gamma(a, rate b). */
  void draw(Rng rng, double[] eps, double[] tau) {
    for (int i = 0; i < eps.length; i++) {
      eps[i] = rng.nextGaussian();
    }
    Gamma.sampleInto(tau, a, b, rng);
  }

  /** mu = m + s eps. */
  double mu(double eps) {
    return m + s * eps;
  }

  /** log q(mu) = -eps^2/2 - log s - log(2 pi)/2. */
  double logQMu(double eps) {
    return logQMuConst - 0.5 * eps * eps;
  }

  /** log q(tau) = a log b - log Gamma(a) + (a - 1) log tau - b tau. */
  double logQTau(double tau, double logTau) {
    return logQTauConst + (a - 1) * logTau - b * tau;
  }

  /**
   * Writes the four score components of one draw (see the class comment) into out[d][i]; reads
   * its arguments first, so out may hold the draw itself.
   */
  void score(double eps, double tau, double logTau, double[][] out, int i) {
    out[0][i] = eps / s; // (mu - m)/s^2
    out[1][i] = eps * eps - 1;
    out[2][i] = scoreLogAConst + a * logTau;
    out[3][i] = a - b * tau;
  }

  @Override
  public String toString() {
    return "q(mu) = N(" + m + ", " + s + "^2), q(tau) = Gamma(shape " + a + ", rate " + b + ")";
  }
}
