package io.github.jvi.vi.cavi;

import io.github.jvi.core.distribution.Dirichlet;
import io.github.jvi.core.kl.Kl;
import io.github.jvi.core.kl.WishartKl;
import io.github.jvi.core.special.MultivariateGamma;
import io.github.jvi.core.special.Special;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Bayesian Gaussian mixture with full covariances of Bishop (2006), section 10.2:
 * <pre>
 * pi ~ Dirichlet(alpha0, ..., alpha0),  Lambda_k ~ Wishart(W0, nu0),  mu_k | Lambda_k ~ N(m0, (beta0 Lambda_k)^-1),
 * z_n ~ Categorical(pi),  x_n | z_n = k ~ N(mu_k, Lambda_k^-1)      (x_n in R^D)
 * </pre>
 * with q(z, pi, mu, Lambda) = q(z) q(pi) prod_k q(mu_k, Lambda_k).
 *
 * <p><b>Updates</b> (Bishop eqs. 10.46-10.66), with N_k = sum_n r_nk, xbar_k = sum_n r_nk x_n / N_k and
 * the scatter S_k = sum_n r_nk (x_n - xbar_k)(x_n - xbar_k)^T (= N_k times Bishop's S_k), the
 * moments being taken about the component's previous mean so that they keep their precision:
 * <pre>
 * alpha_k = alpha0 + N_k,  beta_k = beta0 + N_k,  nu_k = nu0 + N_k,  m_k = (beta0 m0 + N_k xbar_k) / beta_k,
 * W_k^-1 = W0^-1 + S_k + beta0 N_k / (beta0 + N_k) (xbar_k - m0)(xbar_k - m0)^T            (Bishop 10.62)
 * log rho_nk = E[log pi_k] + (1/2) E[log |Lambda_k|] - (D/2) log 2 pi - D / (2 beta_k)
 *              - (nu_k / 2) (x_n - m_k)^T W_k (x_n - m_k)
 * E[log pi_k] = psi(alpha_k) - psi(sum_j alpha_j),
 * E[log |Lambda_k|] = sum_{i=1..D} psi((nu_k + 1 - i) / 2) + D log 2 + log |W_k|
 * </pre>
 *
 * <p><b>ELBO</b> = sum_n log sum_k rho_nk - KL(q(pi) || p(pi)) - sum_k KL(q(mu_k, Lambda_k) ||
 * p(mu_k, Lambda_k)) (equal to Bishop's eqs. 10.70-10.77 at the optimal q(z)), the Dirichlet KL by
 * core's {@link Kl#divergence}, the Wishart KL by core's {@link WishartKl}, with
 * <pre>
 * KL(Dir(alpha) || Dir(alpha0)) = log Gamma(sum alpha) - sum log Gamma(alpha_k) - log Gamma(K alpha0)
 *     + K log Gamma(alpha0) + sum_k (alpha_k - alpha0)(psi(alpha_k) - psi(sum alpha))
 * KL(GW_k || GW_0) = KL(W(W_k, nu_k) || W(W0, nu0))
 *     + (1/2) [D beta0/beta_k - D - D log(beta0/beta_k) + beta0 nu_k (m_k - m0)^T W_k (m_k - m0)]
 * KL(W(W, nu) || W(W0, nu0)) = (nu - nu0)/2 psi_D(nu/2) - nu0/2 log |W0^-1 W| + nu/2 (tr(W0^-1 W) - D)
 *     + log Gamma_D(nu0/2) - log Gamma_D(nu/2)
 * </pre>
 *
 * <p><b>Vectorisation</b> ({@link MixtureEngine}): the quadratic form is expanded in the features
 * phi(x) = (1, x_i, x_i x_j for i &lt;= j), so one [K, F] x [F, N] product gives every log rho_nk
 * and one [K, N] x [N, F] product gives every weighted moment (F = 1 + D + D(D+1)/2, 6 for D = 2):
 * no [N, K, D, D] (or even [N, K, D]) array is formed, and memory is F + K doubles per point. The
 * data are centred at their mean first (m0 moves with them; the model is translation invariant). A
 * component far narrower than its distance from the mean (where the expansion would lose precision)
 * is evaluated directly about its own mean with [D, D] x [D, N] products instead.
 */
public final class BayesianGmm {
  private static final double LOG_2PI = Math.log(2 * Math.PI);
  private final int k;
  private final double alpha0;
  private final double[] m0;
  private final double beta0;
  private final double[][] w0;
  private final double nu0;
  private final int d;
  private final double[][] w0inv;
  private final double logDetW0;

  private BayesianGmm(int k, double alpha0, double[] m0, double beta0, double[][] w0, double nu0) {
    this.k = k;
    this.alpha0 = alpha0;
    this.m0 = m0;
    this.beta0 = beta0;
    this.w0 = w0;
    this.nu0 = nu0;
    this.d = m0.length;
    double[][] l = Dense.cholesky(w0, "W0");
    this.w0inv = Dense.inverse(l);
    this.logDetW0 = Dense.logDet(l);
  }

  /**
   * The model with K components and the prior Dir(alpha0) x prod_k N(m0, (beta0 Lambda_k)^-1)
   * W(Lambda_k | W0, nu0).
   *
   * @param k number of components, &gt;= 1
   * @param alpha0 symmetric Dirichlet concentration, &gt; 0 (small values let CAVI empty unused
   *     components)
   * @param m0 prior mean of the means (its length is D)
   * @param beta0 prior precision scale of the means, &gt; 0
   * @param w0 Wishart scale matrix, D x D symmetric positive definite
   * @param nu0 Wishart degrees of freedom, &gt; D - 1
   */
  public static BayesianGmm of(int k, double alpha0, double[] m0, double beta0, double[][] w0, double nu0) {
    Check.atLeast("K", k, 1);
    Check.positive("alpha0", alpha0);
    Objects.requireNonNull(m0, "m0");
    if (m0.length == 0) {
      throw new IllegalArgumentException("m0 must have D >= 1 entries, found 0");
    }
    for (int i = 0; i < m0.length; i++) {
      Check.finite("m0[" + i + "]", m0[i]);
    }
    Check.positive("beta0", beta0);
    Objects.requireNonNull(w0, "W0");
    if (w0.length != m0.length) {
      throw new IllegalArgumentException("W0 must be " + m0.length + " x " + m0.length + " (D from m0), found "
          + w0.length + " rows");
    }
    Check.finite("nu0", nu0);
    if (!(nu0 > m0.length - 1)) {
      throw new IllegalArgumentException("nu0 must be > D - 1 = " + (m0.length - 1) + ", found " + nu0);
    }
    return new BayesianGmm(k, alpha0, m0.clone(), beta0, Dense.copy(w0), nu0);
  }

  /**
   * The model with the data-dependent default prior (used by {@code jvi cavi gmm} for every prior
   * parameter not given): alpha0 = 1/K, m0 = the data mean, beta0 = 1, nu0 = D and
   * W0 = {@link #dataScale dataScale(x, K, D)}.
   *
   * @param x the data, [N, D] finite
   * @param k number of components, &gt;= 1
   * @throws IllegalArgumentException if x is not a finite [N, D] array with N &gt;= 1, or its
   *     covariance is singular
   */
  public static BayesianGmm fromData(INDArray x, int k) {
    Check.atLeast("K", k, 1);
    INDArray v = checkedRows(x);
    int d = (int) v.size(1);
    return of(k, 1.0 / k, v.mean(0).toDoubleVector(), 1, dataScale(v, k, d), d);
  }

  /**
   * The data-dependent Wishart scale W0 = (nu0 S / K^(2/D))^-1, S the data covariance (divided by N;
   * a zero variance counts as 1): under it E[Lambda_k^-1] is about the data's spread shared out over
   * K components per unit volume, K^(2/D) S / nu0 being a prior cluster covariance.
   *
   * @param x the data, [N, D] finite
   * @param k number of components, &gt;= 1
   * @param nu0 Wishart degrees of freedom, &gt; D - 1
   * @throws IllegalArgumentException if the data covariance is singular (give W0 explicitly)
   */
  public static double[][] dataScale(INDArray x, int k, double nu0) {
    Check.atLeast("K", k, 1);
    INDArray v = checkedRows(x);
    int d = (int) v.size(1);
    if (!(nu0 > d - 1) || Double.isInfinite(nu0)) {
      throw new IllegalArgumentException("nu0 must be finite and > D - 1 = " + (d - 1) + ", found " + nu0);
    }
    INDArray xc = v.subRowVector(v.mean(0));
    return dataScale(xc.transpose().mmul(xc).divi(Math.max(1, v.size(0))).toDoubleMatrix(), k, nu0);
  }

  /**
   * {@link #dataScale(INDArray, int, double)} from the data covariance S (divided by N) itself, as a
   * streaming scan or a distributed job computes it.
   */
  public static double[][] dataScale(double[][] covariance, int k, double nu0) {
    Check.atLeast("K", k, 1);
    int d = covariance.length;
    if (!(nu0 > d - 1) || Double.isInfinite(nu0)) {
      throw new IllegalArgumentException("nu0 must be finite and > D - 1 = " + (d - 1) + ", found " + nu0);
    }
    double[][] cov = new double[d][];
    for (int i = 0; i < d; i++) {
      cov[i] = covariance[i].clone();
    }
    for (int i = 0; i < d; i++) {
      cov[i][i] = cov[i][i] > 0 ? cov[i][i] : 1; // a constant column: unit scale
    }
    double[][] a = Dense.scale(cov, nu0 / Math.pow(k, 2.0 / d));
    try {
      return Dense.inverseSpd(a, "nu0 S / K^(2/D)");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("x: the data covariance is singular (" + d + " columns, "
          + e.getMessage() + "); give W0 explicitly", e);
    }
  }

  /** x as a finite float64 [N, D] array with N, D &gt;= 1. */
  private static INDArray checkedRows(INDArray x) {
    Objects.requireNonNull(x, "x");
    if (x.rank() != 2 || x.size(0) < 1 || x.size(1) < 1) {
      throw new IllegalArgumentException("x must be an [N, D] array with N, D >= 1, found shape "
          + Arrays.toString(x.shape()));
    }
    INDArray v = x.castTo(DataType.DOUBLE);
    Check.finite("x", v);
    return v;
  }

  /** Number of components K. */
  public int components() {
    return k;
  }

  /** Data dimension D. */
  public int dimension() {
    return d;
  }

  /** alpha0. */
  public double alpha0() {
    return alpha0;
  }

  /** m0. */
  public double[] m0() {
    return m0.clone();
  }

  /** beta0. */
  public double beta0() {
    return beta0;
  }

  /** W0. */
  public double[][] w0() {
    return Dense.copy(w0);
  }

  /** nu0. */
  public double nu0() {
    return nu0;
  }

  /** CAVI on the rows of x ([N, D]) with {@code options.restarts()} initialisations from {@code rng}. */
  public BayesianGmmFit fit(INDArray x, CaviOptions options, Rng rng) {
    Setup s = setup(x);
    return result(s, s.engine.fit(s.model, s.points, 0.0, options, rng));
  }

  /** CAVI on the rows of x. */
  public BayesianGmmFit fit(double[][] x, CaviOptions options, Rng rng) {
    return fit(matrix(x), options, rng);
  }

  /** One CAVI run from given [N, K] responsibilities (restarts and init of the options are ignored). */
  public BayesianGmmFit fit(INDArray x, INDArray initialResponsibilities, CaviOptions options) {
    Setup s = setup(x);
    return result(s, s.engine.fitFrom(s.model, initialResponsibilities, 0.0, options));
  }

  static INDArray matrix(double[][] x) {
    Objects.requireNonNull(x, "x");
    if (x.length == 0) {
      throw new IllegalArgumentException("x must not be empty (found 0 data points)");
    }
    return Nd4j.createFromArray(x);
  }

  private record Setup(MixtureEngine engine, Components model, INDArray points, double[] centre) {}

  /** The factors in centred coordinates, with the derived quantities the logits need. */
  record Factors(double[] alpha, double[] beta, double[][] m, double[][][] w, double[] nu,
      double[] logDetW) {}

  /** Checks an [N, D] data matrix and returns its centred transpose [D, N] and the centre. */
  static INDArray[] centredTranspose(INDArray x, int d, String name) {
    Objects.requireNonNull(x, name);
    if (x.rank() != 2 || x.size(1) != d) {
      throw new IllegalArgumentException(name + " must be an [N, " + d + "] array, found shape "
          + Arrays.toString(x.shape()));
    }
    if (x.size(0) == 0) {
      throw new IllegalArgumentException(name + " must not be empty (found 0 data points)");
    }
    INDArray v = x.castTo(DataType.DOUBLE);
    Check.finite(name, v);
    INDArray c = v.mean(0);
    INDArray xt = v.subRowVector(c).transpose().dup('c');
    return new INDArray[] {xt, c};
  }

  private Setup setup(INDArray x) {
    INDArray[] xc = centredTranspose(x, d, "x");
    INDArray xt = xc[0];
    double[] c = xc[1].toDoubleVector();
    long n = xt.size(1);
    MixtureEngine.checkComponents(k, n);
    MixtureEngine engine = MixtureEngine.of(null, xt);
    return new Setup(engine, components(c), xt, c);
  }

  /** The engine's view of the model in coordinates centred at c (m0 moves with them). */
  private Components components(double[] c) {
    double[] m0c = new double[d];
    for (int i = 0; i < d; i++) {
      m0c[i] = m0[i] - c[i];
    }
    return new Components(m0c);
  }

  /**
   * The global factors that maximise the ELBO given the statistics of the responsibilities
   * (Bishop's eqs. 10.58-10.63 above, {@code Components.update}), in coordinates centred at
   * {@code centre}: the one statistics-to-globals step that batch CAVI, SVI
   * ({@code io.github.jvi.vi.svi}) and Spark ({@code io.github.jvi.vi.spark}) share.
   *
   * @param stats statistics of K components in D dimensions, in centred coordinates
   * @param centre the centre (length D, finite); the data fed to the factors' local step are x - centre
   */
  public GmmGlobals globals(MixtureStatistics stats, double[] centre) {
    Objects.requireNonNull(stats, "stats");
    Objects.requireNonNull(centre, "centre");
    if (stats.components() != k || stats.dimension() != d || stats.u != 0) {
      throw new IllegalArgumentException("stats must be of K = " + k + " components in D = " + d
          + " dimensions, found K = " + stats.components() + ", D = " + stats.dimension());
    }
    if (centre.length != d) {
      throw new IllegalArgumentException("centre must have D = " + d + " entries, found " + centre.length);
    }
    for (int i = 0; i < d; i++) {
      Check.finite("centre[" + i + "]", centre[i]);
    }
    Components c = components(centre);
    return new GmmGlobals(this, c, centre.clone(), c.update(stats.toEngine()));
  }

  private BayesianGmmFit result(Setup s, MixtureEngine.Run<Factors> run) {
    Factors f = run.params();
    double[][] m = Dense.copy(f.m());
    for (double[] row : m) {
      for (int i = 0; i < d; i++) {
        row[i] += s.centre()[i];
      }
    }
    return new BayesianGmmFit(f.alpha(), f.beta(), m, f.w(), f.nu(), run.responsibilities(), run.trace(),
        run.seconds(), run.iterations(), run.convergence());
  }

  /** psi_D(x) = sum_{i=1..D} psi(x + (1 - i)/2) ({@link MultivariateGamma#digamma}). */
  static double multiDigamma(double x, int d) {
    return MultivariateGamma.digamma(x, d);
  }

  /** log Gamma_D(x) ({@link MultivariateGamma#lgamma}). */
  static double multiLgamma(double x, int d) {
    return MultivariateGamma.lgamma(x, d);
  }

  /** The engine's view of the model, with m0 in centred coordinates. */
  final class Components implements MixtureEngine.Model<Factors> {
    private final double[] m0c;

    Components(double[] m0c) {
      this.m0c = m0c;
    }

    @Override
    public int components() {
      return k;
    }

    @Override
    public Factors update(MixtureEngine.Stats[] st) {
      double[] alpha = new double[k];
      double[] beta = new double[k];
      double[] nu = new double[k];
      double[][] m = new double[k][d];
      double[][][] w = new double[k][][];
      double[] logDet = new double[k];
      for (int c = 0; c < k; c++) {
        double nk = st[c].n();
        double[] r = st[c].ref();
        alpha[c] = alpha0 + nk;
        beta[c] = beta0 + nk;
        nu[c] = nu0 + nk;
        double[] off = st[c].meanOffset();
        double[] dev = new double[d]; // xbar_k - m0
        for (int i = 0; i < d; i++) {
          m[c][i] = r[i] + (beta0 * (m0c[i] - r[i]) + st[c].y()[i]) / beta[c];
          dev[i] = r[i] + off[i] - m0c[i];
        }
        double shrink = nk > 0 ? beta0 * nk / beta[c] : 0;
        double[][] scatter = st[c].scatter();
        double[][] winv = new double[d][d];
        for (int i = 0; i < d; i++) {
          for (int j = 0; j < d; j++) {
            winv[i][j] = w0inv[i][j] + 0.5 * (scatter[i][j] + scatter[j][i]) + shrink * dev[i] * dev[j];
          }
        }
        double[][] l;
        try {
          l = Dense.cholesky(winv, "W_k^-1");
        } catch (IllegalArgumentException e) {
          throw new IllegalStateException("Bayesian GMM: the scale matrix of component " + c
              + " lost positive definiteness to rounding (" + e.getMessage() + "); rescale the data", e);
        }
        w[c] = Dense.inverse(l);
        logDet[c] = -Dense.logDet(l);
      }
      return new Factors(alpha, beta, m, w, nu, logDet);
    }

    @Override
    public MixtureEngine.Logit[] logits(Factors f) {
      MixtureEngine.Logit[] out = new MixtureEngine.Logit[k];
      double psiSum = Special.digamma(Arrays.stream(f.alpha()).sum());
      for (int c = 0; c < k; c++) {
        double nu = f.nu()[c];
        double eLogPi = Special.digamma(f.alpha()[c]) - psiSum;
        double eLogDet = multiDigamma(nu / 2, d) + d * Math.log(2) + f.logDetW()[c];
        double alpha = eLogPi + 0.5 * eLogDet - 0.5 * d * LOG_2PI - 0.5 * d / f.beta()[c];
        out[c] = new MixtureEngine.Logit(alpha, new double[0], f.m()[c].clone(), new double[d],
            Dense.scale(f.w()[c], -0.5 * nu));
      }
      return out;
    }

    @Override
    public double globalTerm(Factors f) {
      double[] prior = new double[k];
      Arrays.fill(prior, alpha0);
      // KL(q(pi) || p(pi)); with K = 1 both are the point mass at pi = 1
      double kl = k == 1 ? 0 : Kl.divergence(Dirichlet.of(f.alpha()), Dirichlet.of(prior)).item();
      for (int c = 0; c < k; c++) {
        double nu = f.nu()[c];
        double[][] w = f.w()[c];
        double klW = WishartKl.divergence(w, nu, f.logDetW()[c], w0inv, nu0, logDetW0);
        double[] dm = new double[d];
        for (int i = 0; i < d; i++) {
          dm[i] = f.m()[c][i] - m0c[i];
        }
        double r = beta0 / f.beta()[c];
        double klMu = 0.5 * (d * r - d - d * Math.log(r) + beta0 * nu * Dense.form(dm, w, dm));
        kl += klW + klMu;
      }
      return -kl;
    }

    @Override
    public double[] parameters(Factors f) {
      return Convergence.flatten(f.alpha(), f.beta(), f.m(), f.w(), f.nu());
    }
  }

  /** Data drawn from a Gaussian mixture, with the labels and parameters that generated it. */
  public record Simulation(INDArray x, int[] labels, double[] weights, double[][] means, double[][][] covariances) {
    /** Copies the arrays. */
    public Simulation {
      x = x.dup();
      labels = labels.clone();
      weights = weights.clone();
      means = Dense.copy(means);
      covariances = Dense.copy(covariances);
    }

    /** The points [N, D] (a copy). */
    @Override
    public INDArray x() {
      return x.dup();
    }

    @Override
    public int[] labels() {
      return labels.clone();
    }

    @Override
    public double[] weights() {
      return weights.clone();
    }

    @Override
    public double[][] means() {
      return Dense.copy(means);
    }

    @Override
    public double[][][] covariances() {
      return Dense.copy(covariances);
    }
  }

  /** Draws pi, (mu_k, Lambda_k) from the prior, then n points. */
  public Simulation simulate(int n, Rng rng) {
    double[] alpha = new double[k];
    Arrays.fill(alpha, alpha0);
    double[] pi = Sampling.dirichlet(rng, alpha);
    double[][] mu = new double[k][];
    double[][][] cov = new double[k][][];
    for (int c = 0; c < k; c++) {
      double[][] lambda = Sampling.wishart(rng, w0, nu0);
      cov[c] = Dense.inverseSpd(lambda, "Lambda");
      double[][] l = Dense.cholesky(Dense.scale(cov[c], 1 / beta0), "covariance of mu");
      mu[c] = new double[d];
      double[] z = new double[d];
      for (int i = 0; i < d; i++) {
        z[i] = rng.nextGaussian();
      }
      for (int i = 0; i < d; i++) {
        mu[c][i] = m0[i];
        for (int j = 0; j <= i; j++) {
          mu[c][i] += l[i][j] * z[j];
        }
      }
    }
    return simulate(pi, mu, cov, n, rng);
  }

  /**
   * n points from the mixture with the given weights (each &gt;= 0, summing to 1 within 1e-6; a
   * Dirichlet draw with a small concentration can hold exact zeros), means and covariances.
   */
  public static Simulation simulate(double[] weights, double[][] means, double[][][] covariances, int n, Rng rng) {
    double[] w = GmmLight.checkWeights(weights, true);
    Check.atLeast("n", n, 1);
    if (means.length != w.length || covariances.length != w.length) {
      throw new IllegalArgumentException("means and covariances must have K = " + w.length + " entries, found "
          + means.length + " and " + covariances.length);
    }
    INDArray labels = Sampling.labels(rng, w, n);
    INDArray x = Sampling.gaussianRows(rng, means, covariances, Sampling.oneHot(labels, w.length));
    return new Simulation(x, labels.toIntVector(), w, means, covariances);
  }

  @Override
  public String toString() {
    return "BayesianGmm(K=" + k + ", alpha0=" + alpha0 + ", m0=" + Arrays.toString(m0) + ", beta0=" + beta0
        + ", W0=" + Arrays.deepToString(w0) + ", nu0=" + nu0 + ")";
  }
}
