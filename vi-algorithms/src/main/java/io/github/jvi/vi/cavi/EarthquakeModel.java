package io.github.jvi.vi.cavi;

import io.github.jvi.core.special.Special;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The earthquake model: events n = 1..N with locations X_n in R^D (D = 2 for maps) and counts S_n
 * share a cluster label,
 * <pre>
 * Z_n ~ Categorical(pi)                  (pi known)
 * S_n | Z_n = k ~ Poisson(lambda_k),     lambda_k ~ Gamma(alpha, beta)   (shape, rate)
 * X_n | Z_n = k ~ N(mu_k, tau^-1 I),     mu_k ~ N(nu, rho^-1 I)          (tau known)
 * </pre>
 * with mean field q = prod_n q(Z_n) prod_k q(lambda_k) q(mu_k).
 *
 * <p><b>Derivation.</b> log p(S, X, Z, lambda, mu) =
 * sum_n sum_k z_nk [log pi_k + S_n log lambda_k - lambda_k - log S_n! + (D/2) log(tau / 2 pi)
 * - (tau/2) |X_n - mu_k|^2] + sum_k [(alpha - 1) log lambda_k - beta lambda_k] + sum_k [-(rho/2)
 * |mu_k - nu|^2] + const. Each optimal factor is exp(E_{-j}[log p]) normalised (Bishop eq. 10.9).
 * With r_nk = q(Z_n = k) and N_k = sum_n r_nk:
 * <ul>
 *   <li>log q(lambda_k) = sum_n r_nk (S_n log lambda_k - lambda_k) + (alpha - 1) log lambda_k
 *       - beta lambda_k + const, so
 *       <pre>q(lambda_k) = Gamma(a_k, b_k),  a_k = alpha + sum_n r_nk S_n,  b_k = beta + N_k.</pre></li>
 *   <li>log q(mu_k) = -(tau/2) sum_n r_nk |X_n - mu_k|^2 - (rho/2) |mu_k - nu|^2 + const
 *       = -(1/2)(rho + tau N_k) |mu_k|^2 + mu_k . (rho nu + tau sum_n r_nk X_n) + const, so
 *       <pre>q(mu_k) = N(m_k, rho_k^-1 I),  rho_k = rho + tau N_k,
 *       m_k = (rho nu + tau sum_n r_nk X_n) / (rho + tau N_k).</pre>
 *       Both the prior's pull rho nu and the factor tau stay in the mean: the mean is the
 *       precision-weighted average of the prior mean and the cluster's weighted data sum,
 *       m_k = (rho nu + tau N_k xbar_k) / (rho + tau N_k), not xbar_k and not tau sum r X / (rho + N_k).</li>
 *   <li>log q(Z_n = k) = log pi_k + S_n E[log lambda_k] - E[lambda_k] - (tau/2) E|X_n - mu_k|^2 + const,
 *       with E[log lambda_k] = psi(a_k) - log b_k, E[lambda_k] = a_k / b_k and
 *       E|X_n - mu_k|^2 = |X_n - m_k|^2 + D / rho_k; normalise over k.</li>
 * </ul>
 * <b>ELBO</b> = sum_n log sum_k exp(log rho_nk) + sum_n [-log S_n! + (D/2) log(tau / 2 pi)]
 * - sum_k KL(Gamma(a_k, b_k) || Gamma(alpha, beta)) - sum_k KL(N(m_k, rho_k^-1 I) || N(nu, rho^-1 I)),
 * log rho_nk being the unnormalised log q(Z_n = k) above, and
 * KL(N(m, I/rho_k) || N(nu, I/rho)) = (D/2)(rho/rho_k - 1 - log(rho/rho_k)) + (rho/2)|m - nu|^2.
 *
 * <p>With K = 1 (r_n1 = 1) the factors are the exact conjugate posteriors Gamma(alpha + sum S,
 * beta + N) and N((rho nu + tau sum X)/(rho + tau N), (rho + tau N)^-1 I), and the ELBO is
 * log p(S, X).
 *
 * <p>Vectorised like the other mixtures ({@link MixtureEngine}): features (1, S_n, X_n, products of
 * the coordinates of X_n) in one [K, F] x [F, N] product for the logits and one [K, N] x [N, F]
 * product for N_k, sum r S and sum r X; locations are centred at their mean first (nu moves with
 * them).
 */
public final class EarthquakeModel {
  private static final double LOG_2PI = Math.log(2 * Math.PI);
  private final double[] weights;
  private final double alpha;
  private final double beta;
  private final double tau;
  private final double[] nu;
  private final double rho;

  private EarthquakeModel(double[] weights, double alpha, double beta, double tau, double[] nu, double rho) {
    this.weights = weights;
    this.alpha = alpha;
    this.beta = beta;
    this.tau = tau;
    this.nu = nu;
    this.rho = rho;
  }

  /**
   * The model with the data-dependent default prior of {@code jvi cavi earthquake}: alpha = 1,
   * beta = {@link #dataRate(double[], double) dataRate(counts, alpha)}, tau = 1, nu = the mean location, rho = 0.01.
   *
   * @param weights the known weights (K of them)
   * @param locations the locations [N][2], finite
   * @param counts the counts [N], finite
   */
  public static EarthquakeModel fromData(double[] weights, double[][] locations, double[] counts) {
    java.util.Objects.requireNonNull(locations, "locations");
    if (locations.length == 0) {
      throw new IllegalArgumentException("locations must not be empty (found 0 data points)");
    }
    double[] nu = new double[locations[0].length];
    for (int j = 0; j < nu.length; j++) {
      final int c = j;
      nu[j] = java.util.Arrays.stream(locations).mapToDouble(r -> r[c]).average().orElseThrow();
    }
    return of(weights, 1, dataRate(counts, 1), 1, nu, 0.01);
  }

  /**
   * The data-dependent prior rate of the Poisson rates, beta = alpha / (mean count) (1 when the mean
   * is 0): the prior mean rate alpha / beta is the data's mean count.
   *
   * @param counts the counts, finite, at least one
   * @param alpha the prior shape, &gt; 0
   */
  public static double dataRate(double[] counts, double alpha) {
    java.util.Objects.requireNonNull(counts, "counts");
    if (counts.length == 0) {
      throw new IllegalArgumentException("counts must not be empty (found 0 data points)");
    }
    for (int i = 0; i < counts.length; i++) {
      Check.finite("counts[" + i + "]", counts[i]);
    }
    return dataRate(java.util.Arrays.stream(counts).average().orElseThrow(), alpha);
  }

  /** {@link #dataRate(double[], double)} from the mean count itself (as a streaming scan computes it). */
  public static double dataRate(double meanCount, double alpha) {
    Check.finite("meanCount", meanCount);
    Check.positive("alpha", alpha);
    return alpha / (meanCount > 0 ? meanCount : 1);
  }

  /**
   * The model with known cluster weights pi (each &gt; 0, summing to 1 within 1e-6), the rate prior
   * Gamma(alpha, beta) (shape, rate), the known location precision tau and the mean prior
   * N(nu, rho^-1 I); D is the length of nu (2 for map locations).
   */
  public static EarthquakeModel of(double[] weights, double alpha, double beta, double tau, double[] nu, double rho) {
    double[] w = GmmLight.checkWeights(weights);
    Check.positive("alpha", alpha);
    Check.positive("beta", beta);
    Check.positive("tau", tau);
    Objects.requireNonNull(nu, "nu");
    if (nu.length == 0) {
      throw new IllegalArgumentException("nu must have D >= 1 entries, found 0");
    }
    for (int i = 0; i < nu.length; i++) {
      Check.finite("nu[" + i + "]", nu[i]);
    }
    Check.positive("rho", rho);
    return new EarthquakeModel(w, alpha, beta, tau, nu.clone(), rho);
  }

  /** Number of clusters K. */
  public int components() {
    return weights.length;
  }

  /** Location dimension D. */
  public int dimension() {
    return nu.length;
  }

  /** The known weights pi. */
  public double[] weights() {
    return weights.clone();
  }

  /** alpha. */
  public double alpha() {
    return alpha;
  }

  /** beta. */
  public double beta() {
    return beta;
  }

  /** tau. */
  public double tau() {
    return tau;
  }

  /** nu. */
  public double[] nu() {
    return nu.clone();
  }

  /** rho. */
  public double rho() {
    return rho;
  }

  /** CAVI on locations [N, D] and counts [N] with {@code options.restarts()} initialisations. */
  public EarthquakeFit fit(INDArray locations, INDArray counts, CaviOptions options, Rng rng) {
    Setup s = setup(locations, counts);
    return result(s, s.engine.fit(s.model, s.points, s.constant, options, rng));
  }

  /** CAVI on locations [N][D] and counts [N]. */
  public EarthquakeFit fit(double[][] locations, double[] counts, CaviOptions options, Rng rng) {
    return fit(BayesianGmm.matrix(locations), GmmLight.vector(counts), options, rng);
  }

  /** One CAVI run from given [N, K] responsibilities (restarts and init of the options are ignored). */
  public EarthquakeFit fit(INDArray locations, INDArray counts, INDArray initialResponsibilities, CaviOptions options) {
    Setup s = setup(locations, counts);
    return result(s, s.engine.fitFrom(s.model, initialResponsibilities, s.constant, options));
  }

  private record Setup(MixtureEngine engine, Components model, INDArray points, double[] centre, double constant) {}

  /** The factors in centred coordinates: q(lambda_k) = Gamma(a_k, b_k), q(mu_k) = N(m_k, I / rho_k). */
  record Factors(double[] a, double[] b, double[][] m, double[] rhoK) {}

  private Setup setup(INDArray locations, INDArray counts) {
    int d = nu.length;
    INDArray[] xc = BayesianGmm.centredTranspose(locations, d, "locations");
    INDArray xt = xc[0];
    double[] c = xc[1].toDoubleVector();
    long n = xt.size(1);
    Objects.requireNonNull(counts, "counts");
    if (counts.length() != n) {
      throw new IllegalArgumentException("counts must have one entry per location (N = " + n + "), found "
          + counts.length());
    }
    INDArray s = counts.castTo(DataType.DOUBLE).reshape(1, n);
    Check.nonNegative("counts", s);
    double frac = Transforms.abs(s.sub(Transforms.floor(s, true)), false).maxNumber().doubleValue();
    if (frac != 0) {
      throw new IllegalArgumentException("counts must be non-negative integers, found a value with fractional part "
          + frac);
    }
    MixtureEngine.checkComponents(weights.length, n);
    double constant = constant(s);
    MixtureEngine engine = MixtureEngine.of(s, xt);
    return new Setup(engine, components(c), xt, c, constant);
  }

  /**
   * The k-independent part of the ELBO's data term, sum_n [-log S_n! + (D/2) log(tau / 2 pi)],
   * for counts [1, M] (checked by the caller).
   */
  double constant(INDArray counts) {
    return -Sampling.sumLogFactorial(counts) + counts.length() * nu.length / 2.0 * Math.log(tau / (2 * Math.PI));
  }

  /**
   * sum_n [-log S_n! + (D/2) log(tau / 2 pi)] over the given counts (non-negative integers): the
   * part of the ELBO's data term that does not depend on the cluster, as CAVI adds it.
   */
  public double countConstant(double[] counts) {
    Objects.requireNonNull(counts, "counts");
    if (counts.length == 0) {
      return 0;
    }
    for (int i = 0; i < counts.length; i++) {
      EarthquakeGlobals.checkCount("counts[" + i + "]", counts[i]);
    }
    return constant(org.nd4j.linalg.factory.Nd4j.createFromArray(counts).reshape(1, counts.length));
  }

  /** The engine's view of the model in coordinates centred at c (nu moves with them). */
  Components components(double[] c) {
    double[] nuc = new double[nu.length];
    for (int i = 0; i < nu.length; i++) {
      nuc[i] = nu[i] - c[i];
    }
    return new Components(nuc);
  }

  /**
   * The global factors that maximise the ELBO given the statistics of the responsibilities (the
   * updates in the class comment, {@code Components.update}, the one CAVI uses), in coordinates
   * centred at {@code centre}: the statistics-to-globals step that streamed SVI
   * ({@code io.github.jvi.vi.svi.StochasticEarthquake}) shares with batch CAVI, as
   * {@link BayesianGmm#globals} does for the GMM.
   *
   * @param stats statistics of K components with U = 1 non-location feature (the count) and D
   *     location dimensions, in centred coordinates
   * @param centre the centre of the locations (length D, finite)
   */
  public EarthquakeGlobals globals(MixtureStatistics stats, double[] centre) {
    Objects.requireNonNull(stats, "stats");
    Objects.requireNonNull(centre, "centre");
    int d = nu.length;
    if (stats.components() != weights.length || stats.dimension() != d || stats.otherFeatures() != 1) {
      throw new IllegalArgumentException("stats must be of K = " + weights.length + " components with one count and D = "
          + d + " location dimensions, found K = " + stats.components() + ", U = " + stats.otherFeatures() + ", D = "
          + stats.dimension());
    }
    if (centre.length != d) {
      throw new IllegalArgumentException("centre must have D = " + d + " entries, found " + centre.length);
    }
    for (int i = 0; i < d; i++) {
      Check.finite("centre[" + i + "]", centre[i]);
    }
    Components c = components(centre);
    return new EarthquakeGlobals(this, c, centre.clone(), c.update(stats.toEngine()));
  }

  private EarthquakeFit result(Setup s, MixtureEngine.Run<Factors> run) {
    Factors f = run.params();
    double[][] m = Dense.copy(f.m());
    for (double[] row : m) {
      for (int i = 0; i < row.length; i++) {
        row[i] += s.centre()[i];
      }
    }
    return new EarthquakeFit(f.a(), f.b(), m, f.rhoK(), run.responsibilities(), run.trace(), run.seconds(),
        run.iterations(), run.convergence());
  }

  /** The engine's view, with nu in centred coordinates. */
  final class Components implements MixtureEngine.Model<Factors> {
    private final double[] nuc;

    Components(double[] nuc) {
      this.nuc = nuc;
    }

    @Override
    public int components() {
      return weights.length;
    }

    @Override
    public Factors update(MixtureEngine.Stats[] st) {
      int kk = weights.length;
      int d = nuc.length;
      double[] a = new double[kk];
      double[] b = new double[kk];
      double[] rk = new double[kk];
      double[][] m = new double[kk][d];
      for (int k = 0; k < kk; k++) {
        double nk = st[k].n();
        double[] r = st[k].ref();
        a[k] = alpha + st[k].u()[0];
        b[k] = beta + nk;
        rk[k] = rho + tau * nk;
        for (int i = 0; i < d; i++) {
          // (rho nu + tau sum r x) / rho_k, with sum r x = y + N r about the reference r
          m[k][i] = r[i] + (rho * (nuc[i] - r[i]) + tau * st[k].y()[i]) / rk[k];
        }
      }
      return new Factors(a, b, m, rk);
    }

    @Override
    public MixtureEngine.Logit[] logits(Factors f) {
      int kk = weights.length;
      int d = nuc.length;
      MixtureEngine.Logit[] out = new MixtureEngine.Logit[kk];
      double[][] quad = new double[d][d];
      for (int i = 0; i < d; i++) {
        quad[i][i] = -tau / 2;
      }
      for (int k = 0; k < kk; k++) {
        double alphaK = Math.log(weights[k]) - f.a()[k] / f.b()[k] - tau / 2 * d / f.rhoK()[k];
        double eLogLambda = Special.digamma(f.a()[k]) - Math.log(f.b()[k]);
        out[k] = new MixtureEngine.Logit(alphaK, new double[] {eLogLambda}, f.m()[k].clone(), new double[d], quad);
      }
      return out;
    }

    @Override
    public double globalTerm(Factors f) {
      int d = nuc.length;
      double kl = 0;
      for (int k = 0; k < weights.length; k++) {
        kl += NormalGammaParams.gammaKl(f.a()[k], f.b()[k], alpha, beta);
        double r = rho / f.rhoK()[k];
        double dd = 0;
        for (int i = 0; i < d; i++) {
          double v = f.m()[k][i] - nuc[i];
          dd += v * v;
        }
        kl += d / 2.0 * (r - 1 - Math.log(r)) + rho / 2 * dd;
      }
      return -kl;
    }

    @Override
    public double[] parameters(Factors f) {
      return Convergence.flatten(f.a(), f.b(), f.m(), f.rhoK());
    }
  }

  /** Events drawn from the model, with the labels, rates and means that generated them. */
  public record Simulation(INDArray locations, INDArray counts, int[] labels, double[] rates, double[][] means) {
    /** Copies the arrays. */
    public Simulation {
      locations = locations.dup();
      counts = counts.dup();
      labels = labels.clone();
      rates = rates.clone();
      means = Dense.copy(means);
    }

    /** Locations [N, D] (a copy). */
    @Override
    public INDArray locations() {
      return locations.dup();
    }

    /** Counts [N] (a copy). */
    @Override
    public INDArray counts() {
      return counts.dup();
    }

    @Override
    public int[] labels() {
      return labels.clone();
    }

    @Override
    public double[] rates() {
      return rates.clone();
    }

    @Override
    public double[][] means() {
      return Dense.copy(means);
    }
  }

  /** Draws lambda_k and mu_k from the prior, then n events. */
  public Simulation simulate(int n, Rng rng) {
    int kk = weights.length;
    double[] rates = new double[kk];
    double[][] means = new double[kk][nu.length];
    for (int k = 0; k < kk; k++) {
      rates[k] = Sampling.gamma(rng, alpha, beta);
      for (int i = 0; i < nu.length; i++) {
        means[k][i] = nu[i] + rng.nextGaussian() / Math.sqrt(rho);
      }
    }
    return simulate(rates, means, n, rng);
  }

  /** n events from the model with the given rates (&gt;= 0) and means ([K][D]). */
  public Simulation simulate(double[] rates, double[][] means, int n, Rng rng) {
    int kk = weights.length;
    int d = nu.length;
    Check.atLeast("n", n, 1);
    if (rates.length != kk || means.length != kk) {
      throw new IllegalArgumentException("rates and means must have K = " + kk + " entries, found " + rates.length
          + " and " + means.length);
    }
    double[][][] cov = new double[kk][d][d];
    for (int k = 0; k < kk; k++) {
      Check.nonNegative("rates[" + k + "]", rates[k]);
      if (means[k].length != d) {
        throw new IllegalArgumentException("means[" + k + "] must have D = " + d + " entries, found " + means[k].length);
      }
      for (int i = 0; i < d; i++) {
        cov[k][i][i] = 1 / tau;
      }
    }
    INDArray labels = Sampling.labels(rng, weights, n);
    INDArray oneHot = Sampling.oneHot(labels, kk);
    INDArray x = Sampling.gaussianRows(rng, means, cov, oneHot);
    INDArray s = Sampling.poisson(rng, rates, oneHot);
    return new Simulation(x, s, labels.toIntVector(), rates, means);
  }

  @Override
  public String toString() {
    return "EarthquakeModel(weights=" + Arrays.toString(weights) + ", alpha=" + alpha + ", beta=" + beta + ", tau="
        + tau + ", nu=" + Arrays.toString(nu) + ", rho=" + rho + ")";
  }
}
