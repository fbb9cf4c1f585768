package io.github.jvi.vi.advi;

import io.github.jvi.core.diagnostic.Psis;
import io.github.jvi.core.model.Model;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.posterior.PosteriorDraws;

/**
 * The result of {@link Advi}: the fitted Gaussian on the unconstrained space, the ELBO trace and
 * final estimate, why it stopped, and draws in the model's constrained space with their k-hat.
 */
public final class AdviFit {
  private final Model model;
  private final GaussianApproximation q;
  private final int[] traceIterations;
  private final double[] traceElbo;
  private final double elbo;
  private final int iterations;
  private final StopReason stopReason;
  private final double eta;
  private final double seconds;

  AdviFit(Model model, GaussianApproximation q, int[] traceIterations, double[] traceElbo, double elbo, int iterations,
      StopReason stopReason, double eta, double seconds) {
    this.model = model;
    this.q = q;
    this.traceIterations = traceIterations;
    this.traceElbo = traceElbo;
    this.elbo = elbo;
    this.iterations = iterations;
    this.stopReason = stopReason;
    this.eta = eta;
    this.seconds = seconds;
  }

  /** The model. */
  public Model model() {
    return model;
  }

  /** The fitted q on the unconstrained space. */
  public GaussianApproximation approximation() {
    return q;
  }

  /** The iterations at which the ELBO was estimated. */
  public int[] traceIterations() {
    return traceIterations.clone();
  }

  /** The ELBO estimates at {@link #traceIterations()}. */
  public double[] traceElbo() {
    return traceElbo.clone();
  }

  /** The ELBO of the final q, from fresh draws. */
  public double elbo() {
    return elbo;
  }

  /** The iterations run after the eta adaptation. */
  public int iterations() {
    return iterations;
  }

  /** Why the optimisation stopped. */
  public StopReason stopReason() {
    return stopReason;
  }

  /** The eta used (NaN with Adam). */
  public double eta() {
    return eta;
  }

  /** Wall-clock seconds of the fit, adaptation included. */
  public double seconds() {
    return seconds;
  }

  /** n &gt;= 2 draws from q mapped to the constrained space, latents and derived quantities. */
  public PosteriorDraws draws(int n, Rng rng) {
    if (n < 2) {
      throw new IllegalArgumentException("n must be >= 2, found " + n);
    }
    double[][] rows = new double[n][];
    for (int i = 0; i < n; i++) {
      rows[i] = model.flatValues(q.sample(rng));
    }
    return PosteriorDraws.of(model.flatNames(), rows);
  }

  /**
   * The Pareto k-hat of the importance weights p_U(u_s) / q(u_s) over n draws from q (Yao et al.
   * 2018): below 0.5 reliable, 0.5-0.7 use with care, above 0.7 do not trust the fit.
   */
  public double khat(int n, Rng rng) {
    double[] lw = new double[n];
    for (int i = 0; i < n; i++) {
      double[] u = q.sample(rng);
      double lp = model.logDensity(u);
      lw[i] = Double.isNaN(lp) ? Double.NEGATIVE_INFINITY : lp - q.logDensity(u);
    }
    return Psis.khat(lw);
  }
}
