package io.github.jvi.vi.cavi;

import io.github.jvi.core.special.Special;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Unknown mean and precision of a Gaussian (Bishop 2006, section 10.1.3):
 * x_n ~ N(mu, 1 / tau), (mu, tau) ~ NormalGamma(mu0, lambda0, a0, b0), that is
 * tau ~ Gamma(a0, b0) (shape, rate) and mu | tau ~ N(mu0, 1 / (lambda0 tau)).
 *
 * <p><b>Mean-field CAVI</b> with q(mu, tau) = q(mu) q(tau). With xbar the sample mean and
 * E_mu[.] the expectation under q(mu) = N(mu_N, 1 / lambda_N):
 * <pre>
 * q(mu)  = N(mu_N, 1 / lambda_N),  mu_N = (lambda0 mu0 + N xbar) / (lambda0 + N),
 *                                 lambda_N = (lambda0 + N) E[tau]
 * q(tau) = Gamma(a_N, b_N),        a_N = a0 + (N + 1) / 2,
 *          b_N = b0 + (1/2) E_mu[ sum_n (x_n - mu)^2 + lambda0 (mu - mu0)^2 ]
 *              = b0 + (1/2) [ sum_n (x_n - mu_N)^2 + lambda0 (mu_N - mu0)^2 + (N + lambda0) / lambda_N ]
 * </pre>
 * mu_N and a_N are fixed after the first sweep; only lambda_N and b_N iterate, starting from the
 * prior's E[tau] = a0 / b0. The ELBO after each sweep, with E[tau] = a_N / b_N and
 * E[log tau] = psi(a_N) - log b_N, is the sum of
 * <pre>
 * E[log p(x | mu, tau)] = (N/2) (E[log tau] - log 2 pi) - (E[tau]/2) [sum_n (x_n - mu_N)^2 + N / lambda_N]
 * E[log p(mu | tau)]    = (1/2) (log lambda0 - log 2 pi + E[log tau])
 *                         - (lambda0 E[tau] / 2) [(mu_N - mu0)^2 + 1 / lambda_N]
 * E[log p(tau)]         = a0 log b0 - log Gamma(a0) + (a0 - 1) E[log tau] - b0 E[tau]
 * H[q(mu)]              = (1/2) (1 + log 2 pi - log lambda_N)
 * H[q(tau)]             = a_N - log b_N + log Gamma(a_N) + (1 - a_N) psi(a_N)
 * </pre>
 *
 * <p><b>Exact posterior</b> (conjugacy): NormalGamma(mu_n, lambda0 + N, a0 + N/2, b_n) with
 * mu_n = (lambda0 mu0 + N xbar) / (lambda0 + N) and
 * b_n = b0 + (1/2) sum (x_n - xbar)^2 + lambda0 N (xbar - mu0)^2 / (2 (lambda0 + N)); the log
 * evidence is log p(x) = log Gamma(a_n) - log Gamma(a0) + a0 log b0 - a_n log b_n
 * + (1/2) log(lambda0 / lambda_n) - (N/2) log(2 pi). The ELBO is below it by KL(q || posterior).
 */
public final class NormalGammaModel {
  private static final double LOG_2PI = Math.log(2 * Math.PI);
  private final NormalGammaParams prior;

  private NormalGammaModel(NormalGammaParams prior) {
    this.prior = prior;
  }

  /** The model with prior NormalGamma(mu0, lambda0, a0, b0); lambda0, a0, b0 must be &gt; 0. */
  public static NormalGammaModel of(double mu0, double lambda0, double a0, double b0) {
    Check.finite("mu0", mu0);
    Check.positive("lambda0", lambda0);
    Check.positive("a0", a0);
    Check.positive("b0", b0);
    return new NormalGammaModel(new NormalGammaParams(mu0, lambda0, a0, b0));
  }

  /** The prior NormalGamma(mu0, lambda0, a0, b0). */
  public NormalGammaParams prior() {
    return prior;
  }

  /** Sufficient statistics: N, mean, sum of squared deviations. */
  record Stats(long n, double mean, double ss) {
    static Stats of(INDArray x) {
      Objects.requireNonNull(x, "x");
      if (x.length() == 0) {
        throw new IllegalArgumentException("x must not be empty (found 0 data points)");
      }
      INDArray v = x.castTo(DataType.DOUBLE).reshape(x.length());
      Check.finite("x", v);
      double mean = v.sumNumber().doubleValue() / v.length();
      INDArray c = v.sub(mean);
      return new Stats(v.length(), mean, c.mul(c).sumNumber().doubleValue());
    }
  }

  private static INDArray array(double[] x) {
    Objects.requireNonNull(x, "x");
    if (x.length == 0) {
      throw new IllegalArgumentException("x must not be empty (found 0 data points)");
    }
    return Nd4j.createFromArray(x);
  }

  /**
   * Mean-field CAVI on the data (any shape; every element is one observation). Deterministic: it
   * starts from the prior's E[tau], and the fixed point is unique (b_N follows a contraction with
   * factor 1 / (2 a_N)), so {@code options.init()} and {@code options.restarts()} are not used.
   */
  public NormalGammaFit fit(INDArray x, CaviOptions options) {
    Objects.requireNonNull(options, "options");
    return fit(Stats.of(x), options);
  }

  /** Mean-field CAVI on the data. */
  public NormalGammaFit fit(double[] x, CaviOptions options) {
    return fit(array(x), options);
  }

  private NormalGammaFit fit(Stats s, CaviOptions options) {
    double n = s.n();
    double mu0 = prior.mu();
    double l0 = prior.lambda();
    double muN = (l0 * mu0 + n * s.mean()) / (l0 + n);
    double aN = prior.a() + (n + 1) / 2;
    double eTau = prior.a() / prior.b();
    double[] trace = new double[options.maxIter()];
    double[] seconds = new double[options.maxIter()];
    double lamN = 0;
    double bN = 0;
    Convergence.Rule rule = new Convergence.Rule(options);
    Convergence.Criterion met = null;
    int it = 0;
    while (it < options.maxIter()) {
      long t0 = System.nanoTime();
      lamN = (l0 + n) * eTau;
      double dm = s.mean() - muN;
      double d0 = muN - mu0;
      bN = prior.b() + 0.5 * (s.ss() + n * dm * dm + l0 * d0 * d0 + (n + l0) / lamN);
      eTau = aN / bN;
      trace[it] = elbo(s, muN, lamN, aN, bN);
      seconds[it] = (System.nanoTime() - t0) / 1e9;
      it++;
      met = rule.after(trace[it - 1], new double[] {muN, lamN, aN, bN});
      if (met != null) {
        break;
      }
    }
    return new NormalGammaFit(muN, lamN, aN, bN, Arrays.copyOf(trace, it), Arrays.copyOf(seconds, it), it,
        rule.result(met));
  }

  /** The ELBO of q(mu) = N(muN, 1/lamN), q(tau) = Gamma(aN, bN) (any values, not only fixed points). */
  double elbo(Stats s, double muN, double lamN, double aN, double bN) {
    double n = s.n();
    double eTau = aN / bN;
    double eLogTau = Special.digamma(aN) - Math.log(bN);
    double dm = s.mean() - muN;
    double d0 = muN - prior.mu();
    double sq = s.ss() + n * dm * dm + n / lamN;                       // E sum (x_n - mu)^2
    double sq0 = d0 * d0 + 1 / lamN;                                   // E (mu - mu0)^2
    double lik = 0.5 * n * (eLogTau - LOG_2PI) - 0.5 * eTau * sq;
    double pMu = 0.5 * (Math.log(prior.lambda()) - LOG_2PI + eLogTau) - 0.5 * prior.lambda() * eTau * sq0;
    double pTau = prior.a() * Math.log(prior.b()) - Special.lgamma(prior.a()) + (prior.a() - 1) * eLogTau
        - prior.b() * eTau;
    double hMu = 0.5 * (1 + LOG_2PI - Math.log(lamN));
    double hTau = aN - Math.log(bN) + Special.lgamma(aN) + (1 - aN) * Special.digamma(aN);
    return lik + pMu + pTau + hMu + hTau;
  }

  /** The exact posterior NormalGamma(mu_n, lambda_n, a_n, b_n). */
  public NormalGammaParams posterior(INDArray x) {
    return posterior(Stats.of(x));
  }

  /** The exact posterior. */
  public NormalGammaParams posterior(double[] x) {
    return posterior(array(x));
  }

  private NormalGammaParams posterior(Stats s) {
    double n = s.n();
    double l0 = prior.lambda();
    double ln = l0 + n;
    double d = s.mean() - prior.mu();
    double mun = (l0 * prior.mu() + n * s.mean()) / ln;
    double bn = prior.b() + 0.5 * s.ss() + l0 * n * d * d / (2 * ln);
    return new NormalGammaParams(mun, ln, prior.a() + n / 2, bn);
  }

  /** The exact log evidence log p(x). */
  public double logEvidence(INDArray x) {
    Stats s = Stats.of(x);
    NormalGammaParams post = posterior(s);
    return Special.lgamma(post.a()) - Special.lgamma(prior.a()) + prior.a() * Math.log(prior.b())
        - post.a() * Math.log(post.b()) + 0.5 * Math.log(prior.lambda() / post.lambda()) - 0.5 * s.n() * LOG_2PI;
  }

  /** The exact log evidence log p(x). */
  public double logEvidence(double[] x) {
    return logEvidence(array(x));
  }

  /** Data drawn from the model, with the (mu, tau) that generated it. */
  public record Simulation(double[] x, double mu, double tau) {
    /** Copies the data. */
    public Simulation {
      x = x.clone();
    }

    @Override
    public double[] x() {
      return x.clone();
    }
  }

  /** Draws (mu, tau) from the prior, then n points x_n ~ N(mu, 1 / tau). */
  public Simulation simulate(int n, Rng rng) {
    Check.atLeast("n", n, 1);
    double tau = Sampling.gamma(rng, prior.a(), prior.b());
    double mu = prior.mu() + rng.nextGaussian() / Math.sqrt(prior.lambda() * tau);
    return simulate(mu, tau, n, rng);
  }

  /** n points x_n ~ N(mu, 1 / tau) for given mu and tau &gt; 0. */
  public static Simulation simulate(double mu, double tau, int n, Rng rng) {
    Check.finite("mu", mu);
    Check.positive("tau", tau);
    Check.atLeast("n", n, 1);
    INDArray x = rng.normal(DataType.DOUBLE, n).muli(1 / Math.sqrt(tau)).addi(mu);
    return new Simulation(x.toDoubleVector(), mu, tau);
  }

  @Override
  public String toString() {
    return "NormalGammaModel(mu0=" + prior.mu() + ", lambda0=" + prior.lambda() + ", a0=" + prior.a()
        + ", b0=" + prior.b() + ")";
  }
}
