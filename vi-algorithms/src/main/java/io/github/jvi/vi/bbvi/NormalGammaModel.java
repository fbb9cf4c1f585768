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
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

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
 * The log joint at S draws is evaluated with array operations on [S] and [S, N] arrays, with
 * no loop over draws or data: log p, log q and the score are all linear in seven features of a
 * draw (1, eps, eps^2, log tau, tau, tau sum_n (x_n - mu)^2, tau (mu - mu0)^2, the last two from
 * an [S, N + 1] array of residuals), so one [S, 7] x [7, 9] matrix product gives every per-draw
 * quantity the estimators use ({@link #draw}); this keeps the number of array operations per
 * iteration small (16 for a batch of draws), which is what costs time at S = 100.
 * Markov blankets for Rao-Blackwellization: mu appears in the likelihood and p(mu | tau);
 * tau appears in all three terms.
 *
 * <p>The ELBO of q = N(m, s^2) Gamma(a, b) has a closed form, with E[tau] = a/b,
 * E[log tau] = psi(a) - log b, E[(x_n - mu)^2] = (x_n - m)^2 + s^2:
 * <pre>
 * L = (N + 1 + 2 a0 - 2)/2 E[log tau] - (N + 1)/2 log(2 pi) + log(lambda0)/2
 *     - E[tau]/2 (sum_n (x_n - m)^2 + N s^2 + lambda0 ((m - mu0)^2 + s^2))
 *     + a0 log b0 - log Gamma(a0) - b0 E[tau] + H[q]
 * </pre>
 * and its maximiser over the family is the CAVI fixed point (Bishop 2006, sec. 10.1.3), taken
 * from {@link io.github.jvi.vi.cavi.NormalGammaModel} ({@link #caviOptimum()}).
 */
public final class NormalGammaModel implements ScoreModel {
  private static final double LOG_2PI = Math.log(2 * Math.PI);
  private final INDArray xRow;
  private final int n;
  private final double sumX;
  private final double sumX2;
  private final double mu0;
  private final double lambda0;
  private final double a0;
  private final double b0;

  /** The log joint at S draws, split into its three terms, each [S]. */
  public record Terms(INDArray likelihood, INDArray priorMu, INDArray priorTau) {
    /** log p(x, mu, tau). */
    public INDArray total() {
      return likelihood.add(priorMu).addi(priorTau);
    }
  }

  private NormalGammaModel(INDArray x, double mu0, double lambda0, double a0, double b0) {
    this.n = (int) x.length();
    this.xRow = x.reshape(1, n);
    this.sumX = x.sumNumber().doubleValue();
    this.sumX2 = x.mul(x).sumNumber().doubleValue();
    this.mu0 = mu0;
    this.lambda0 = lambda0;
    this.a0 = a0;
    this.b0 = b0;
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
    return xRow.reshape(n).dup();
  }

  /** The prior as (mu0, lambda0, a0, b0). */
  public double[] prior() {
    return new double[] {mu0, lambda0, a0, b0};
  }

  // Feature columns beyond q's five (see MeanFieldNormalGamma): tau (mu - mu0)^2, tau sum_n (x_n - mu)^2
  private static final int TAU_SS = MeanFieldNormalGamma.Q_FEATURES;
  private static final int TAU_PRIOR = TAU_SS + 1;
  private static final int FEATURES = TAU_PRIOR + 1;

  /**
   * The features (1, eps, eps^2, log tau, tau, tau (mu - mu0)^2, tau sum_n (x_n - mu)^2) of S
   * draws, [S, 7]; the residual sum of squares is an [S, N] array op summed over n.
   */
  private INDArray features(INDArray eps, INDArray mu, INDArray tau) {
    int s = (int) mu.length();
    Tiles t = tiles(s);
    // [S, N + 1] residuals (x_1..x_N, mu0) - mu_s, squared; one product sums the first N columns
    // and picks the last: [sum_n (x_n - mu)^2, (mu - mu0)^2], then times tau
    INDArray sq = t.x.subColumnVector(mu.reshape(s, 1));
    INDArray pair = sq.muli(sq).mmul(t.pick).muliColumnVector(tau.reshape(s, 1));
    INDArray logTau = Transforms.log(tau, true);
    return Nd4j.hstack(t.ones, eps.reshape(s, 1), eps.mul(eps).reshape(s, 1), logTau.reshape(s, 1),
        tau.reshape(s, 1), pair);
  }

  /**
   * Kept for the last S used: the row (x_1..x_N, mu0) repeated in S rows, a column of S ones, and
   * the [N + 1, 2] matrix that sums the first N columns into one and copies the last.
   */
  private record Tiles(int s, INDArray x, INDArray ones, INDArray pick) {}

  private volatile Tiles tiles;

  @SuppressWarnings("try") // the scope is held only to leave the caller's workspace
  private Tiles tiles(int s) {
    Tiles t = tiles;
    if (t == null || t.s != s) {
      // a cache outlives the caller's workspace, if any: allocate it outside
      try (MemoryWorkspace none = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
        INDArray row = Nd4j.hstack(xRow, Nd4j.scalar(DataType.DOUBLE, mu0).reshape(1, 1));
        INDArray pick = Nd4j.zeros(DataType.DOUBLE, n + 1, 2);
        pick.get(NDArrayIndex.interval(0, n), NDArrayIndex.point(0)).assign(1.0);
        pick.putScalar(n, 1, 1.0);
        t = new Tiles(s, Nd4j.zeros(DataType.DOUBLE, s, n + 1).addiRowVector(row), Nd4j.ones(DataType.DOUBLE, s, 1), pick);
      }
      tiles = t;
    }
    return t;
  }

  /** log p(x | mu, tau) = N log tau/2 - N log(2 pi)/2 - tau sum_n (x_n - mu)^2/2 as coefficients. */
  private double[] likelihoodCoefficients() {
    double[] c = new double[FEATURES];
    c[MeanFieldNormalGamma.ONE] = -0.5 * n * LOG_2PI;
    c[MeanFieldNormalGamma.LOG_TAU] = 0.5 * n;
    c[TAU_SS] = -0.5;
    return c;
  }

  /** log p(mu | tau) = log(lambda0 tau)/2 - log(2 pi)/2 - lambda0 tau (mu - mu0)^2/2. */
  private double[] priorMuCoefficients() {
    double[] c = new double[FEATURES];
    c[MeanFieldNormalGamma.ONE] = 0.5 * (Math.log(lambda0) - LOG_2PI);
    c[MeanFieldNormalGamma.LOG_TAU] = 0.5;
    c[TAU_PRIOR] = -0.5 * lambda0;
    return c;
  }

  /** log p(tau) = a0 log b0 - log Gamma(a0) + (a0 - 1) log tau - b0 tau. */
  private double[] priorTauCoefficients() {
    double[] c = new double[FEATURES];
    c[MeanFieldNormalGamma.ONE] = a0 * Math.log(b0) - Special.lgamma(a0);
    c[MeanFieldNormalGamma.LOG_TAU] = a0 - 1;
    c[MeanFieldNormalGamma.TAU] = -b0;
    return c;
  }

  /** The three terms of log p(x, mu_s, tau_s) for draws mu, tau of shape [S] (tau &gt; 0). */
  public Terms logJointTerms(INDArray mu, INDArray tau) {
    Check.shape(mu.length() == tau.length(), "tau", mu.length() + " elements like mu", tau.shape());
    // the eps columns have zero coefficients in log p: any vector of the right length will do
    INDArray t = features(mu, mu.castTo(DataType.DOUBLE), tau.castTo(DataType.DOUBLE))
        .mmul(MeanFieldNormalGamma.matrix(likelihoodCoefficients(), priorMuCoefficients(),
            priorTauCoefficients()));
    return new Terms(t.getColumn(0).dup(), t.getColumn(1).dup(), t.getColumn(2).dup());
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
   * S draws with their scores and weights, from one [S, 7] x [7, 9] matrix product: the columns
   * are the four score components, log p - log q, and the Markov-blanket weights
   * log p_mu - log q(mu) (likelihood and p(mu | tau)) for the q(mu) parameters and
   * log p - log q(tau) (every term involves tau) for the q(tau) parameters.
   */
  @Override
  public ScoreBatch draw(INDArray lambda, Rng rng, int samples) {
    MeanFieldNormalGamma q = MeanFieldNormalGamma.fromUnconstrained(lambda);
    MeanFieldNormalGamma.Draws z = q.sample(rng, samples);
    double[] lik = likelihoodCoefficients();
    double[] pmu = priorMuCoefficients();
    double[] ptau = priorTauCoefficients();
    double[] qmu = q.logQMuCoefficients(FEATURES);
    double[] qtau = q.logQTauCoefficients(FEATURES);
    double[][] score = q.scoreCoefficients(FEATURES);
    double[] w = new double[FEATURES];
    double[] wMu = new double[FEATURES];
    double[] wTau = new double[FEATURES];
    for (int k = 0; k < FEATURES; k++) {
      w[k] = lik[k] + pmu[k] + ptau[k] - qmu[k] - qtau[k];
      wMu[k] = lik[k] + pmu[k] - qmu[k];
      wTau[k] = lik[k] + pmu[k] + ptau[k] - qtau[k];
    }
    INDArray out = features(z.eps(), z.mu(), z.tau()).mmul(MeanFieldNormalGamma.matrix(
        score[0], score[1], score[2], score[3], w, wMu, wMu, wTau, wTau));
    return new ScoreBatch(out.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4)),
        out.getColumn(4), out.get(NDArrayIndex.all(), NDArrayIndex.interval(5, 9)));
  }

  /** The exact ELBO of q, closed form. */
  public double elbo(MeanFieldNormalGamma q) {
    double m = q.m();
    double s2 = q.s() * q.s();
    double eTau = q.meanTau();
    double eLogTau = q.meanLogTau();
    double ss = sumX2 - 2 * m * sumX + n * m * m + n * s2;
    double expected = 0.5 * (n + 1 + 2 * a0 - 2) * eLogTau - 0.5 * (n + 1) * LOG_2PI
        + 0.5 * Math.log(lambda0) - 0.5 * eTau * (ss + lambda0 * ((m - mu0) * (m - mu0) + s2))
        + a0 * Math.log(b0) - Special.lgamma(a0) - b0 * eTau;
    return expected + q.entropy();
  }

  @Override
  public double exactElbo(INDArray lambda) {
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
    Var ss = m.mul(-2 * sumX).add(m.square().mul(n)).add(s2.mul(n)).add(sumX2);
    Var prior = m.sub(mu0).square().add(s2).mul(lambda0);
    Var expected = eLogTau.mul(0.5 * (n + 1 + 2 * a0 - 2))
        .sub(eTau.mul(0.5).mul(ss.add(prior))).sub(eTau.mul(b0))
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
        .fit(xRow, CaviOptions.defaults().withTol(0).withMaxIter(10_000));
    return MeanFieldNormalGamma.of(fit.muMean(), 1 / Math.sqrt(fit.muPrecision()), fit.tauShape(), fit.tauRate());
  }

  @Override
  public List<String> summaryNames() {
    return List.of("E_mu", "E_tau");
  }

  @Override
  public double[] summaries(INDArray lambda) {
    MeanFieldNormalGamma q = MeanFieldNormalGamma.fromUnconstrained(lambda);
    return new double[] {q.meanMu(), q.meanTau()};
  }
}
