package io.github.jvi.vi.cavi;

import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The global factors q(pi) prod_k q(mu_k, Lambda_k) of a {@link BayesianGmm}, as made by
 * {@link BayesianGmm#globals(MixtureStatistics, double[])} from sufficient statistics, in
 * coordinates centred at {@link #centre()}: what SVI and the Spark sweeps keep between steps.
 *
 * <p>They give the local step for the next E-step ({@link #localStep()}) and the global part of the
 * ELBO, {@code E[log p(theta)] - E[log q(theta)]} ({@link #globalTerm()}), so that with statistics
 * s of all N points under these factors the ELBO is {@code s.logSumExp() + globalTerm()} (exactly
 * what batch CAVI reports after its E-step).
 */
public final class GmmGlobals {
  private final BayesianGmm model;
  private final BayesianGmm.Components components;
  private final double[] centre;
  private final BayesianGmm.Factors factors;

  GmmGlobals(BayesianGmm model, BayesianGmm.Components components, double[] centre, BayesianGmm.Factors factors) {
    this.model = model;
    this.components = components;
    this.centre = centre;
    this.factors = factors;
  }

  /**
   * Initial statistics from a sample: batch CAVI on the sample's m points ({@code options}: its
   * sweeps, restarts and initialisation, the best final ELBO kept), the statistics of its
   * responsibilities scaled by n / m, as if the whole data set looked like the sample. Restarts on
   * a sample are cheap and keep SVI out of the local optima a single k-means++ draw can give.
   *
   * @param model the model
   * @param centredRows m points, row-major, D numbers each, already centred
   * @param n number of points the statistics stand for, &gt;= m
   */
  public static MixtureStatistics seed(BayesianGmm model, double[] centredRows, long n, CaviOptions options, Rng rng) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(centredRows, "centredRows");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(rng, "rng");
    int d = model.dimension();
    int k = model.components();
    int m = centredRows.length / d;
    MixtureEngine.checkComponents(k, m);
    if (n < m) {
      throw new IllegalArgumentException("n must be >= the sample size " + m + ", found " + n);
    }
    INDArray x = Nd4j.createFromArray(centredRows).reshape(m, d);
    BayesianGmmFit fit = model.fit(x, options, rng);
    double[] resp = fit.responsibilities().dup('c').data().asDouble();
    return MixtureStatistics.ofResponsibilities(centredRows, d, resp, k).scaled((double) n / m);
  }

  /** The factors in centred coordinates (for tests of the shared update). */
  BayesianGmm.Factors factors() {
    return factors;
  }

  /** The model. */
  public BayesianGmm model() {
    return model;
  }

  /** The centre subtracted from the data (a copy). */
  public double[] centre() {
    return centre.clone();
  }

  /** The E-step under these factors, on centred rows. */
  public MixtureLocalStep localStep() {
    return MixtureLocalStep.of(components.logits(factors));
  }

  /** The E-step with another condition limit (tests: 0 evaluates every component directly). */
  MixtureLocalStep localStep(double conditionLimit) {
    return MixtureLocalStep.of(components.logits(factors), conditionLimit);
  }

  /** E[log p(pi, mu, Lambda)] - E[log q(pi, mu, Lambda)] (minus the KL terms of the ELBO). */
  public double globalTerm() {
    return components.globalTerm(factors);
  }

  /** alpha_k of q(pi). */
  public double[] alphas() {
    return factors.alpha().clone();
  }

  /** beta_k. */
  public double[] betas() {
    return factors.beta().clone();
  }

  /** nu_k. */
  public double[] dofs() {
    return factors.nu().clone();
  }

  /** W_k. */
  public double[][][] scales() {
    return Dense.copy(factors.w());
  }

  /** m_k = E_q[mu_k] in the data's coordinates, [K][D]. */
  public double[][] means() {
    double[][] m = Dense.copy(factors.m());
    for (double[] row : m) {
      for (int i = 0; i < row.length; i++) {
        row[i] += centre[i];
      }
    }
    return m;
  }

  /** E_q[pi_k] = alpha_k / sum_j alpha_j. */
  public double[] weights() {
    double[] a = factors.alpha();
    double s = 0;
    for (double v : a) {
      s += v;
    }
    double[] w = new double[a.length];
    for (int c = 0; c < w.length; c++) {
      w[c] = a[c] / s;
    }
    return w;
  }

  /** (nu_k W_k)^-1, the covariance implied by the expected precision. */
  public double[][][] covariances() {
    double[][][] c = new double[factors.alpha().length][][];
    for (int j = 0; j < c.length; j++) {
      c[j] = Dense.inverseSpd(Dense.scale(factors.w()[j], factors.nu()[j]), "nu_k W_k");
    }
    return c;
  }
}
