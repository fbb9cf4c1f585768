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
 * "GMM-light": a 1-D Gaussian mixture with known weights pi and a NormalGamma prior on each
 * component,
 * <pre>
 * z_n ~ Categorical(pi),  x_n | z_n = k ~ N(mu_k, 1 / tau_k),
 * (mu_k, tau_k) ~ NormalGamma(m0, lambda0, a0, b0)   (tau_k ~ Gamma(a0, b0), mu_k | tau_k ~ N(m0, 1/(lambda0 tau_k)))
 * </pre>
 *
 * <p><b>Factorisation</b>: q(z, mu, tau) = prod_n q(z_n) prod_k q(mu_k, tau_k), with each
 * q(mu_k, tau_k) a full NormalGamma rather than q(mu_k) q(tau_k). Splitting only the labels from the
 * parameters is all that mean field needs to make every update closed form: given q(z) the optimal
 * q(mu_k, tau_k) is the conjugate posterior of the points weighted by r_nk, which is a NormalGamma,
 * so factorising it further would only lose the mu-tau dependence (and the ELBO with it) for no gain
 * in tractability. It also makes K = 1 exact: the factor is then the conjugate posterior and the
 * ELBO equals log p(x). (Bishop 2006, section 10.2, makes the same choice for the full mixture.)
 *
 * <p><b>Updates</b>, with N_k = sum_n r_nk, xbar_k = sum_n r_nk x_n / N_k,
 * S_k = sum_n r_nk (x_n - xbar_k)^2 (the moments are taken about the component's previous mean, so
 * that they keep their precision however far the component lies from the origin):
 * <pre>
 * lambda_k = lambda0 + N_k,  m_k = (lambda0 m0 + N_k xbar_k) / lambda_k,  a_k = a0 + N_k / 2,
 * b_k = b0 + (1/2) (S_k + lambda0 N_k (xbar_k - m0)^2 / lambda_k)
 * log r_nk = log pi_k + (1/2) E[log tau_k] - (1/2) log 2 pi - 1/(2 lambda_k) - (E[tau_k]/2) (x_n - m_k)^2 + const
 * </pre>
 * with E[tau_k] = a_k / b_k and E[log tau_k] = psi(a_k) - log b_k (the 1/lambda_k term is
 * E[tau_k (x - mu_k)^2] - E[tau_k] (x - m_k)^2).
 *
 * <p><b>ELBO</b> = sum_n log sum_k exp(log r_nk before normalisation) - sum_k KL(q(mu_k, tau_k) ||
 * p(mu_k, tau_k)), the first term being E[log p(x, z | mu, tau)] - E[log q(z)] at the optimal
 * q(z); see {@link NormalGammaParams#kl} for the KL.
 *
 * <p>Numerics: the data are centred at their mean (the prior's m0 moves with them, which leaves the
 * model unchanged); see {@link MixtureEngine} for the vectorised E-step and how it keeps its
 * precision for narrow components far from the mean.
 */
public final class GmmLight {
  private static final double LOG_2PI = Math.log(2 * Math.PI);
  private final double[] weights;
  private final NormalGammaParams prior;

  private GmmLight(double[] weights, NormalGammaParams prior) {
    this.weights = weights;
    this.prior = prior;
  }

  /**
   * The model with the data-dependent default prior of {@code jvi cavi gmm-light}: m0 = the data
   * mean, lambda0 = 0.01, a0 = 1 and b0 = {@link #dataRate dataRate(x, K, a0)}.
   *
   * @param weights the known weights (K of them)
   * @param x the data, finite, at least one point
   */
  public static GmmLight fromData(double[] weights, double[] x) {
    double[] v = checkedData(x);
    double[] w = checkWeights(weights);
    return of(w, Arrays.stream(v).average().orElseThrow(), 0.01, 1, dataRate(v, w.length, 1));
  }

  /**
   * The data-dependent prior rate of the precisions, b0 = a0 var / K^2 (var the data variance,
   * divided by N; 1 when it is 0): E[tau_k] = a0 / b0 puts a prior cluster width at the data's
   * spread over K.
   *
   * @param x the data, finite, at least one point
   * @param k number of components, &gt;= 1
   * @param a0 prior shape of the precisions, &gt; 0
   */
  public static double dataRate(double[] x, int k, double a0) {
    double[] v = checkedData(x);
    Check.atLeast("K", k, 1);
    Check.positive("a0", a0);
    double mean = Arrays.stream(v).average().orElseThrow();
    double var = Arrays.stream(v).map(t -> (t - mean) * (t - mean)).sum() / v.length;
    return a0 * (var > 0 ? var : 1) / ((double) k * k);
  }

  private static double[] checkedData(double[] x) {
    Objects.requireNonNull(x, "x");
    if (x.length == 0) {
      throw new IllegalArgumentException("x must not be empty (found 0 data points)");
    }
    for (int i = 0; i < x.length; i++) {
      Check.finite("x[" + i + "]", x[i]);
    }
    return x;
  }

  /**
   * The model with known mixture weights (each &gt; 0, summing to 1 within 1e-6; they are then
   * renormalised) and the NormalGamma(m0, lambda0, a0, b0) prior on every component.
   */
  public static GmmLight of(double[] weights, double m0, double lambda0, double a0, double b0) {
    double[] w = checkWeights(weights);
    Check.finite("m0", m0);
    Check.positive("lambda0", lambda0);
    Check.positive("a0", a0);
    Check.positive("b0", b0);
    return new GmmLight(w, new NormalGammaParams(m0, lambda0, a0, b0));
  }

  /** Validates mixture weights: non-empty, each finite and &gt; 0, sum 1 within 1e-6; returns them renormalised. */
  static double[] checkWeights(double[] weights) {
    return checkWeights(weights, false);
  }

  /** As {@link #checkWeights(double[])}, allowing zero weights when {@code zeroAllowed}. */
  static double[] checkWeights(double[] weights, boolean zeroAllowed) {
    Objects.requireNonNull(weights, "weights");
    if (weights.length == 0) {
      throw new IllegalArgumentException("weights must not be empty (K >= 1 components)");
    }
    double s = 0;
    for (int k = 0; k < weights.length; k++) {
      if (zeroAllowed) {
        Check.nonNegative("weights[" + k + "]", weights[k]);
      } else {
        Check.positive("weights[" + k + "]", weights[k]);
      }
      s += weights[k];
    }
    if (!(Math.abs(s - 1) <= 1e-6)) {
      throw new IllegalArgumentException("weights must sum to 1, found sum " + s + " for "
          + java.util.Arrays.toString(weights));
    }
    double[] w = weights.clone();
    for (int k = 0; k < w.length; k++) {
      w[k] /= s;
    }
    return w;
  }

  /** The known weights pi. */
  public double[] weights() {
    return weights.clone();
  }

  /** Number of components K. */
  public int components() {
    return weights.length;
  }

  /** The prior on each component. */
  public NormalGammaParams prior() {
    return prior;
  }

  /** CAVI with {@code options.restarts()} initialisations from {@code rng}, keeping the best ELBO. */
  public GmmLightFit fit(double[] x, CaviOptions options, Rng rng) {
    return fit(vector(x), options, rng);
  }

  /** CAVI on the data (any shape; every element one observation). */
  public GmmLightFit fit(INDArray x, CaviOptions options, Rng rng) {
    Setup s = setup(x);
    return result(s, s.engine.fit(s.model, s.points, 0.0, options, rng));
  }

  /** One CAVI run from given [N, K] responsibilities (restarts and init of the options are ignored). */
  public GmmLightFit fit(INDArray x, INDArray initialResponsibilities, CaviOptions options) {
    Setup s = setup(x);
    return result(s, s.engine.fitFrom(s.model, initialResponsibilities, 0.0, options));
  }

  static INDArray vector(double[] x) {
    Objects.requireNonNull(x, "x");
    if (x.length == 0) {
      throw new IllegalArgumentException("x must not be empty (found 0 data points)");
    }
    return Nd4j.createFromArray(x);
  }

  private record Setup(MixtureEngine engine, Components model, INDArray points, double centre) {}

  /** Factors of the components, in centred coordinates. */
  private record Factors(double[] m, double[] lambda, double[] a, double[] b) {}

  private Setup setup(INDArray x) {
    Objects.requireNonNull(x, "x");
    if (x.length() == 0) {
      throw new IllegalArgumentException("x must not be empty (found 0 data points)");
    }
    INDArray v = x.castTo(DataType.DOUBLE).reshape(1, x.length());
    Check.finite("x", v);
    double c = v.sumNumber().doubleValue() / v.length();
    INDArray xc = v.sub(c);
    MixtureEngine engine = MixtureEngine.of(null, xc);
    MixtureEngine.checkComponents(weights.length, v.length());
    return new Setup(engine, new Components(prior.mu() - c), xc, c);
  }

  private GmmLightFit result(Setup s, MixtureEngine.Run<Factors> run) {
    Factors f = run.params();
    double[] m = f.m().clone();
    for (int k = 0; k < m.length; k++) {
      m[k] += s.centre();
    }
    return new GmmLightFit(m, f.lambda(), f.a(), f.b(), run.responsibilities(), run.trace(), run.seconds(),
        run.iterations(), run.convergence());
  }

  /** The engine's view of the model, with the prior mean in centred coordinates. */
  private final class Components implements MixtureEngine.Model<Factors> {
    private final NormalGammaParams centred;

    Components(double m0c) {
      this.centred = new NormalGammaParams(m0c, prior.lambda(), prior.a(), prior.b());
    }

    @Override
    public int components() {
      return weights.length;
    }

    @Override
    public Factors update(MixtureEngine.Stats[] st) {
      int kk = weights.length;
      double[] m = new double[kk];
      double[] l = new double[kk];
      double[] a = new double[kk];
      double[] b = new double[kk];
      double m0 = centred.mu();
      double l0 = centred.lambda();
      for (int k = 0; k < kk; k++) {
        double nk = st[k].n();
        double r = st[k].ref()[0];
        l[k] = l0 + nk;
        m[k] = r + (l0 * (m0 - r) + st[k].y()[0]) / l[k];
        a[k] = centred.a() + nk / 2;
        double dev = r + st[k].meanOffset()[0] - m0; // xbar_k - m0
        double prior = nk > 0 ? l0 * nk / l[k] * dev * dev : 0;
        b[k] = centred.b() + 0.5 * (st[k].scatter()[0][0] + prior);
      }
      return new Factors(m, l, a, b);
    }

    @Override
    public MixtureEngine.Logit[] logits(Factors f) {
      int kk = weights.length;
      MixtureEngine.Logit[] out = new MixtureEngine.Logit[kk];
      for (int k = 0; k < kk; k++) {
        double eTau = f.a()[k] / f.b()[k];
        double eLogTau = Special.digamma(f.a()[k]) - Math.log(f.b()[k]);
        double alpha = Math.log(weights[k]) + 0.5 * (eLogTau - LOG_2PI) - 0.5 / f.lambda()[k];
        out[k] = new MixtureEngine.Logit(alpha, new double[0], new double[] {f.m()[k]}, new double[] {0},
            new double[][] {{-0.5 * eTau}});
      }
      return out;
    }

    @Override
    public double globalTerm(Factors f) {
      double s = 0;
      for (int k = 0; k < weights.length; k++) {
        s -= new NormalGammaParams(f.m()[k], f.lambda()[k], f.a()[k], f.b()[k]).kl(centred);
      }
      return s;
    }

    @Override
    public double[] parameters(Factors f) {
      return Convergence.flatten(f.m(), f.lambda(), f.a(), f.b());
    }
  }

  /** Data drawn from the model, with the labels and component parameters that generated it. */
  public record Simulation(double[] x, int[] labels, double[] means, double[] precisions) {
    /** Copies the arrays. */
    public Simulation {
      x = x.clone();
      labels = labels.clone();
      means = means.clone();
      precisions = precisions.clone();
    }

    @Override
    public double[] x() {
      return x.clone();
    }

    @Override
    public int[] labels() {
      return labels.clone();
    }

    @Override
    public double[] means() {
      return means.clone();
    }

    @Override
    public double[] precisions() {
      return precisions.clone();
    }
  }

  /** Draws (mu_k, tau_k) from the prior for every component, then n points. */
  public Simulation simulate(int n, Rng rng) {
    int kk = weights.length;
    double[] mu = new double[kk];
    double[] tau = new double[kk];
    for (int k = 0; k < kk; k++) {
      tau[k] = Sampling.gamma(rng, prior.a(), prior.b());
      mu[k] = prior.mu() + rng.nextGaussian() / Math.sqrt(prior.lambda() * tau[k]);
    }
    return simulate(mu, tau, n, rng);
  }

  /** n points from the mixture with these weights and the given component means and precisions. */
  public Simulation simulate(double[] means, double[] precisions, int n, Rng rng) {
    int kk = weights.length;
    Check.atLeast("n", n, 1);
    if (means.length != kk || precisions.length != kk) {
      throw new IllegalArgumentException("means and precisions must have K = " + kk + " entries, found "
          + means.length + " and " + precisions.length);
    }
    double[][] mu = new double[kk][1];
    double[][][] cov = new double[kk][1][1];
    for (int k = 0; k < kk; k++) {
      Check.finite("means[" + k + "]", means[k]);
      Check.positive("precisions[" + k + "]", precisions[k]);
      mu[k][0] = means[k];
      cov[k][0][0] = 1 / precisions[k];
    }
    INDArray labels = Sampling.labels(rng, weights, n);
    INDArray x = Sampling.gaussianRows(rng, mu, cov, Sampling.oneHot(labels, kk));
    return new Simulation(x.reshape(n).toDoubleVector(), labels.toIntVector(), means, precisions);
  }

  @Override
  public String toString() {
    return "GmmLight(weights=" + java.util.Arrays.toString(weights) + ", prior=" + prior + ")";
  }
}
