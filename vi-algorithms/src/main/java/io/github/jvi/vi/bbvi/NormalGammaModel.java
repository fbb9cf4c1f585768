package io.github.jvi.vi.bbvi;

import io.github.jvi.core.autodiff.Gradients;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.special.Special;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.cavi.CaviOptions;
import io.github.jvi.vi.cavi.NormalGammaFit;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The Normal-Gamma model as a log joint for black-box VI, with the mean-field family
 * {@link MeanFieldNormalGamma}:
 *
 * <pre>
 * tau ~ Gamma(a0, rate b0),  mu | tau ~ N(mu0, 1/(lambda0 tau)),  x_n | mu, tau ~ N(mu, 1/tau)
 * log p(x, mu, tau) = sum_n [log tau/2 - log(2 pi)/2 - tau (x_n - mu)^2 / 2]       (likelihood)
 *                   + log(lambda0 tau)/2 - log(2 pi)/2 - lambda0 tau (mu - mu0)^2 / 2  (p(mu | tau))
 *                   + a0 log b0 - log Gamma(a0) + (a0 - 1) log tau - b0 tau           (p(tau))
 * </pre>
 * The data enter only through sufficient statistics computed once, in {@link #of}: N, the mean
 * x-bar and the centred sum of squares SS = sum_n (x_n - x-bar)^2, with
 * <pre>
 * sum_n (x_n - mu)^2 = SS + N (x-bar - mu)^2 [+ 2 r (x-bar - mu)],   r = sum_n (x_n - x-bar)
 * </pre>
 * So the log joint of a draw costs a few operations whatever N, and an iteration of BBVI is
 * O(S): {@link #draw(double[], Rng, ScoreBatch)} is one loop over the S draws on Java arrays,
 * with no array (ND4J) operation (at S = 100 each such call would cost more than the whole
 * loop). The centred form is numerically stable: the uncentred sum_n x_n^2 - 2 mu sum_n x_n +
 * N mu^2 cancels about 2 log10(|x-bar| / sd(x)) digits (8 of 16 for data around 1e4 with unit
 * spread). r is zero in exact arithmetic; kept, it makes the identity exact for the rounded
 * x-bar (without it, data around 1e4 would leave a relative error of about 1e-11 in the sum).
 * Markov blankets for Rao-Blackwellization: mu appears in the likelihood and p(mu | tau);
 * tau appears in all three terms.
 *
 * <p>The ELBO of q = N(m, s^2) Gamma(a, b) has a closed form, with E[tau] = a/b,
 * E[log tau] = psi(a) - log b, sum_n E[(x_n - mu)^2] = SS + N (x-bar - m)^2 + N s^2 (with r as above):
 * <pre>
 * L = (N + 1 + 2 a0 - 2)/2 E[log tau] - (N + 1)/2 log(2 pi) + log(lambda0)/2
 *     - E[tau]/2 (SS + N (x-bar - m)^2 + N s^2 + lambda0 ((m - mu0)^2 + s^2))
 *     + a0 log b0 - log Gamma(a0) - b0 E[tau] + H[q]
 * </pre>
 * and its maximiser over the family is the CAVI fixed point (Bishop 2006, sec. 10.1.3), taken
 * from {@link io.github.jvi.vi.cavi.NormalGammaModel} ({@link #caviOptimum()}).
 */
public final class NormalGammaModel implements ScoreModel {
  private static final double LOG_2PI = Math.log(2 * Math.PI);
  private final INDArray x;
  private final int n;
  private final double xBar;
  private final double ss;
  private final double residual; // r = sum_n (x_n - x-bar), zero but for the rounding of x-bar
  private final double mu0;
  private final double lambda0;
  private final double a0;
  private final double b0;
  private final double likelihoodConst; // -N log(2 pi)/2
  private final double priorMuConst; // (log lambda0 - log(2 pi))/2
  private final double priorTauConst; // a0 log b0 - log Gamma(a0)

  /** The log joint at S draws, split into its three terms, each [S]. */
  public record Terms(INDArray likelihood, INDArray priorMu, INDArray priorTau) {
    /** log p(x, mu, tau). */
    public INDArray total() {
      return likelihood.add(priorMu).addi(priorTau);
    }
  }

  private NormalGammaModel(INDArray x, double mu0, double lambda0, double a0, double b0) {
    this.x = x;
    this.n = (int) x.length();
    this.xBar = x.meanNumber().doubleValue();
    INDArray centred = x.sub(xBar);
    this.residual = centred.sumNumber().doubleValue();
    this.ss = centred.muli(centred).sumNumber().doubleValue();
    this.mu0 = mu0;
    this.lambda0 = lambda0;
    this.a0 = a0;
    this.b0 = b0;
    this.likelihoodConst = -0.5 * n * LOG_2PI;
    this.priorMuConst = 0.5 * (Math.log(lambda0) - LOG_2PI);
    this.priorTauConst = a0 * Math.log(b0) - Special.lgamma(a0);
  }

  /**
   * The model for data x (at least one finite value) and the NormalGamma(mu0, lambda0, a0, b0)
   * prior (mu0 finite; lambda0, a0, b0 &gt; 0).
   */
  public static NormalGammaModel of(INDArray data, double mu0, double lambda0, double a0, double b0) {
    if (data == null || data.length() < 1) {
      throw new IllegalArgumentException("data must hold at least one value, found "
          + (data == null ? "null" : "0"));
    }
    INDArray x = data.castTo(DataType.DOUBLE).dup().reshape(data.length());
    Check.finite("data", x);
    return new NormalGammaModel(x, Check.finite("mu0", mu0), Check.positive("lambda0", lambda0),
        Check.positive("a0", a0), Check.positive("b0", b0));
  }

  /** The model with the default prior NormalGamma(0, 1, 1, 1) (as {@code jvi cavi normal-gamma}). */
  public static NormalGammaModel of(INDArray data) {
    return of(data, 0, 1, 1, 1);
  }

  /** N. */
  public int size() {
    return n;
  }

  /** The data, [N] float64 (a copy). */
  public INDArray data() {
    return x.dup();
  }

  /** The prior as (mu0, lambda0, a0, b0). */
  public double[] prior() {
    return new double[] {mu0, lambda0, a0, b0};
  }

  // ------------------------------------------------------------------ per draw, on Java doubles

  /** sum_n (x_n - mu)^2 = SS + (x-bar - mu) (2 r + N (x-bar - mu)). */
  private double sumOfSquares(double mu) {
    double d = xBar - mu;
    return ss + d * (2 * residual + n * d);
  }

  /** log p(x | mu, tau) = N log tau/2 - N log(2 pi)/2 - tau sum_n (x_n - mu)^2/2. */
  private double likelihood(double mu, double tau, double logTau) {
    return likelihoodConst + 0.5 * n * logTau - 0.5 * tau * sumOfSquares(mu);
  }

  /** log p(mu | tau) = log(lambda0 tau)/2 - log(2 pi)/2 - lambda0 tau (mu - mu0)^2/2. */
  private double priorMu(double mu, double tau, double logTau) {
    double d = mu - mu0;
    return priorMuConst + 0.5 * logTau - 0.5 * lambda0 * tau * d * d;
  }

  /** log p(tau) = a0 log b0 - log Gamma(a0) + (a0 - 1) log tau - b0 tau. */
  private double priorTau(double tau, double logTau) {
    return priorTauConst + (a0 - 1) * logTau - b0 * tau;
  }

  /** The three terms of log p(x, mu_s, tau_s) for draws mu, tau of shape [S] (tau &gt; 0). */
  public Terms logJointTerms(INDArray mu, INDArray tau) {
    Check.shape(mu.length() == tau.length(), "tau", mu.length() + " elements like mu", tau.shape());
    double[] m = mu.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    double[] t = tau.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    double[] lik = new double[m.length];
    double[] pMu = new double[m.length];
    double[] pTau = new double[m.length];
    for (int i = 0; i < m.length; i++) {
      double logTau = Math.log(t[i]);
      lik[i] = likelihood(m[i], t[i], logTau);
      pMu[i] = priorMu(m[i], t[i], logTau);
      pTau[i] = priorTau(t[i], logTau);
    }
    return new Terms(Nd4j.createFromArray(lik), Nd4j.createFromArray(pMu), Nd4j.createFromArray(pTau));
  }

  @Override
  public int dimension() {
    return MeanFieldNormalGamma.DIM;
  }

  @Override
  public List<String> parameterNames() {
    return List.of("m", "log_s", "log_a", "log_b");
  }

  /**
   * S draws with their scores and weights, one loop over the draws: the four score components,
   * log p - log q, and the Markov-blanket weights log p_mu - log q(mu) (likelihood and
   * p(mu | tau)) for the q(mu) parameters (columns 0, 1) and log p - log q(tau) (every term
   * involves tau) for the q(tau) parameters (columns 2, 3).
   */
  @Override
  public void draw(double[] lambda, Rng rng, ScoreBatch batch) {
    if (batch.dimension() != MeanFieldNormalGamma.DIM) {
      throw new IllegalArgumentException("batch must have D = 4 columns, found " + batch.dimension());
    }
    MeanFieldNormalGamma q = MeanFieldNormalGamma.fromUnconstrained(lambda);
    double[][] score = batch.score();
    double[] weight = batch.weight();
    double[][] blanket = batch.blanketWeight();
    // the draws go into the score columns they become: element i of eps and tau is read before
    // score(...) overwrites it, so the batch is the only workspace
    double[] eps = score[0];
    double[] tau = score[3];
    q.draw(rng, eps, tau);
    for (int i = 0; i < weight.length; i++) {
      double e = eps[i];
      double t = tau[i];
      double logTau = Math.log(t);
      double mu = q.mu(e);
      double lik = likelihood(mu, t, logTau);
      double pMu = priorMu(mu, t, logTau);
      double pTau = priorTau(t, logTau);
      double qMu = q.logQMu(e);
      double qTau = q.logQTau(t, logTau);
      q.score(e, t, logTau, score, i);
      weight[i] = lik + pMu + pTau - qMu - qTau;
      double wMu = lik + pMu - qMu;
      double wTau = lik + pMu + pTau - qTau;
      blanket[0][i] = wMu;
      blanket[1][i] = wMu;
      blanket[2][i] = wTau;
      blanket[3][i] = wTau;
    }
  }

  /** The exact ELBO of q, closed form. */
  public double elbo(MeanFieldNormalGamma q) {
    double m = q.m();
    double s2 = q.s() * q.s();
    double eTau = q.meanTau();
    double eLogTau = q.meanLogTau();
    double sumSq = sumOfSquares(m) + n * s2;
    double expected = 0.5 * (n + 1 + 2 * a0 - 2) * eLogTau - 0.5 * (n + 1) * LOG_2PI
        + 0.5 * Math.log(lambda0) - 0.5 * eTau * (sumSq + lambda0 * ((m - mu0) * (m - mu0) + s2))
        + priorTauConst - b0 * eTau;
    return expected + q.entropy();
  }

  @Override
  public double exactElbo(double[] lambda) {
    return elbo(MeanFieldNormalGamma.fromUnconstrained(lambda));
  }

  /**
   * The exact ELBO as a differentiable function of lambda = (m, log s, log a, log b) (the same
   * formula as {@link #elbo}, written with autodiff ops), for exact gradients.
   */
  public Var elbo(Var lambda) {
    Var m = lambda.get(NDArrayIndex.point(0));
    Var logS = lambda.get(NDArrayIndex.point(1));
    Var a = lambda.get(NDArrayIndex.point(2)).exp();
    Var logB = lambda.get(NDArrayIndex.point(3));
    Var s2 = logS.mul(2).exp();
    Var eTau = a.div(logB.exp());
    Var psiA = a.digamma();
    Var eLogTau = psiA.sub(logB);
    Var d = m.rsub(xBar);
    Var sumSq = d.mul(d.mul(n).add(2 * residual)).add(s2.mul(n)).add(ss);
    Var prior = m.sub(mu0).square().add(s2).mul(lambda0);
    Var expected = eLogTau.mul(0.5 * (n + 1 + 2 * a0 - 2))
        .sub(eTau.mul(0.5).mul(sumSq.add(prior))).sub(eTau.mul(b0))
        .add(-0.5 * (n + 1) * LOG_2PI + 0.5 * Math.log(lambda0) + a0 * Math.log(b0) - Special.lgamma(a0));
    Var entropy = logS.add(a).sub(logB).add(a.lgamma()).add(a.rsub(1).mul(psiA))
        .add(0.5 + 0.5 * LOG_2PI);
    return expected.add(entropy);
  }

  /** grad_lambda ELBO, exact (reverse-mode through the closed form), float64 [4]. */
  public INDArray elboGradient(INDArray lambda) {
    Var p = Var.param(lambda.castTo(DataType.DOUBLE).dup());
    return Gradients.of(elbo(p)).get(p);
  }

  /**
   * The CAVI optimum of the ELBO over the family: the fixed point of Bishop's updates, from
   * {@link io.github.jvi.vi.cavi.NormalGammaModel} run until the ELBO stops changing.
   */
  public MeanFieldNormalGamma caviOptimum() {
    NormalGammaFit fit = io.github.jvi.vi.cavi.NormalGammaModel.of(mu0, lambda0, a0, b0)
        .fit(x.reshape(1, n), CaviOptions.defaults().withTol(0).withMaxIter(10_000));
    return MeanFieldNormalGamma.of(fit.muMean(), 1 / Math.sqrt(fit.muPrecision()), fit.tauShape(), fit.tauRate());
  }

  @Override
  public List<String> summaryNames() {
    return List.of("E_mu", "E_tau");
  }

  @Override
  public double[] summaries(double[] lambda) {
    MeanFieldNormalGamma q = MeanFieldNormalGamma.fromUnconstrained(lambda);
    return new double[] {q.meanMu(), q.meanTau()};
  }
}
