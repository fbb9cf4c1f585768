package io.github.jvi.vi.divergence;

import io.github.jvi.core.util.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The exclusive (reverse, "mode-seeking") divergence KL(q || p) of q = N(mu, sigma^2) from a
 * mixture p, minimised by gradient descent from several starts.
 *
 * <pre>
 * KL(q || p) = -H[q] - E_q[log p(x)] = -log(2 pi e)/2 - log sigma - E_e[log p(mu + sigma e)]
 * d/dmu        = -E_e[(log p)'(mu + sigma e)]
 * d/dlog sigma = -1 - sigma E_e[e (log p)'(mu + sigma e)]          e ~ N(0, 1)
 * </pre>
 * The expectations are computed by deterministic quadrature in e ({@link GaussianQuadrature}), the
 * reparameterisation gradient evaluated exactly rather than by Monte Carlo, so the descent paths
 * and optima are reproducible to rounding. Gradient descent in (mu, log sigma) with backtracking
 * (Armijo: halve the step until KL falls by at least 1e-4 times the step times the squared
 * gradient norm, or, where that decrease is below the rounding error of KL, until the gradient
 * norm falls; each iteration starts from twice the last accepted step, at most lr), stopping when the gradient norm is below the tolerance. KL(q || p) is not convex
 * in (mu, sigma) for a multimodal p: starts near each mode end in different local minima.
 */
public final class ExclusiveKl {
  private static final double HALF_LOG_2PI_E = 0.5 * Math.log(2 * Math.PI * Math.E);
  private final GaussianMixture1d p;
  private final GaussianQuadrature rule;

  /** A local minimum and the starts whose descents ended there. */
  public record LocalMinimum(GaussianFit fit, List<double[]> starts) {}

  private ExclusiveKl(GaussianMixture1d p, GaussianQuadrature rule) {
    this.p = p;
    this.rule = rule;
  }

  /** KL(. || p) for the mixture p, with the standard quadrature. */
  public static ExclusiveKl of(GaussianMixture1d p) {
    return new ExclusiveKl(Objects.requireNonNull(p, "p"), GaussianQuadrature.standard());
  }

  /** KL(N(mu, sigma^2) || p). */
  public double value(double mu, double sigma) {
    Check.finite("mu", mu);
    Check.positive("sigma", sigma);
    return -HALF_LOG_2PI_E - Math.log(sigma) - rule.expect(mu, sigma, p::logDensity);
  }

  /** The gradient in (mu, log sigma). */
  public double[] gradient(double mu, double sigma) {
    double dMu = -rule.expect(mu, sigma, p::dLogDensity);
    double dLogSigma = -1 - sigma * rule.expectTimesStandardised(mu, sigma, p::dLogDensity);
    return new double[] {dMu, dLogSigma};
  }

  /**
   * The Hessian in (mu, log sigma), by central differences (h = 1e-5) of the quadrature gradient;
   * positive definite at a local minimum.
   */
  public double[][] hessian(double mu, double sigma) {
    double h = 1e-5;
    double ls = Math.log(sigma);
    double[] gmp = gradient(mu + h, sigma);
    double[] gmm = gradient(mu - h, sigma);
    double[] gsp = gradient(mu, Math.exp(ls + h));
    double[] gsm = gradient(mu, Math.exp(ls - h));
    double hmm = (gmp[0] - gmm[0]) / (2 * h);
    double hss = (gsp[1] - gsm[1]) / (2 * h);
    double hms = 0.5 * ((gmp[1] - gmm[1]) / (2 * h) + (gsp[0] - gsm[0]) / (2 * h));
    return new double[][] {{hmm, hms}, {hms, hss}};
  }

  /** Gradient descent from (mu0, sigma0) with initial step lr until |grad| &lt; tol or maxIter. */
  public GaussianFit descend(double mu0, double sigma0, double lr, double tol, int maxIter) {
    Check.finite("mu0", mu0);
    Check.positive("sigma0", sigma0);
    Check.positive("lr", lr);
    Check.positive("tol", tol);
    Check.atLeast("maxIter", maxIter, 1);
    double mu = mu0;
    double ls = Math.log(sigma0);
    double f = value(mu, sigma0);
    double[] g = gradient(mu, sigma0);
    double gn = Math.hypot(g[0], g[1]);
    double step = lr;
    int it = 0;
    while (it < maxIter && gn >= tol) {
      double gg = gn * gn;
      step = Math.min(lr, 2 * step);
      while (true) {
        double nmu = mu - step * g[0];
        double nls = ls - step * g[1];
        double nf = value(nmu, Math.exp(nls));
        double[] ng = gradient(nmu, Math.exp(nls));
        double ngn = Math.hypot(ng[0], ng[1]);
        double decrease = 1e-4 * step * gg;
        // Armijo; where the decrease is below the rounding error of KL, a smaller gradient instead
        boolean roundingLevel = decrease < 1e-13 * (1 + Math.abs(f));
        if ((!roundingLevel && nf <= f - decrease) || (roundingLevel && ngn < gn) || step < 1e-14) {
          mu = nmu;
          ls = nls;
          f = nf;
          g = ng;
          gn = ngn;
          break;
        }
        step /= 2;
      }
      it++;
    }
    return new GaussianFit(mu, Math.exp(ls), f, Math.hypot(g[0], g[1]), it);
  }

  /**
   * Descends from every start (mu0, sigma0) and groups the end points that agree within 1e-4 in
   * mu and sigma; the minima are sorted by KL (best first).
   */
  public List<LocalMinimum> fromStarts(double[][] starts, double lr, double tol, int maxIter) {
    List<GaussianFit> found = new ArrayList<>();
    List<List<double[]>> from = new ArrayList<>();
    for (double[] s : starts) {
      GaussianFit fit = descend(s[0], s[1], lr, tol, maxIter);
      int match = -1;
      for (int i = 0; i < found.size(); i++) {
        if (Math.abs(found.get(i).mu() - fit.mu()) < 1e-4 && Math.abs(found.get(i).sigma() - fit.sigma()) < 1e-4) {
          match = i;
        }
      }
      if (match < 0) {
        found.add(fit);
        from.add(new ArrayList<>());
        match = found.size() - 1;
      }
      from.get(match).add(s.clone());
    }
    List<LocalMinimum> out = new ArrayList<>();
    for (int i = 0; i < found.size(); i++) {
      out.add(new LocalMinimum(found.get(i), List.copyOf(from.get(i))));
    }
    out.sort((a, b) -> Double.compare(a.fit().kl(), b.fit().kl()));
    return out;
  }

  /** The default starts: mu0 in {-6, -3, -1, 0, 1, 3, 6} with sigma0 in {0.5, 2}. */
  public static double[][] defaultStarts() {
    double[] mus = {-6, -3, -1, 0, 1, 3, 6};
    double[] sigmas = {0.5, 2};
    double[][] s = new double[mus.length * sigmas.length][];
    int i = 0;
    for (double m : mus) {
      for (double sg : sigmas) {
        s[i++] = new double[] {m, sg};
      }
    }
    return s;
  }
}
