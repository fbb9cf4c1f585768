package io.github.jvi.verification.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jvi.core.distribution.Bernoulli;
import io.github.jvi.core.distribution.Beta;
import io.github.jvi.core.distribution.Categorical;
import io.github.jvi.core.distribution.Cauchy;
import io.github.jvi.core.distribution.ContinuousBernoulli;
import io.github.jvi.core.distribution.Dirichlet;
import io.github.jvi.core.distribution.Distribution;
import io.github.jvi.core.distribution.Exponential;
import io.github.jvi.core.distribution.Gamma;
import io.github.jvi.core.distribution.HalfCauchy;
import io.github.jvi.core.distribution.HalfNormal;
import io.github.jvi.core.distribution.LogNormal;
import io.github.jvi.core.distribution.MixtureSameFamily;
import io.github.jvi.core.distribution.MultivariateNormal;
import io.github.jvi.core.distribution.Normal;
import io.github.jvi.core.distribution.Poisson;
import io.github.jvi.core.distribution.StudentT;
import io.github.jvi.gpu.Rng;
import io.github.jvi.verification.oracle.Quadrature;
import io.github.jvi.verification.oracle.ReferenceDensity;
import io.github.jvi.verification.oracle.ReferenceKl;
import io.github.jvi.verification.support.Stats;
import java.util.function.DoubleUnaryOperator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.CauchyDistribution;
import org.apache.commons.math3.distribution.ExponentialDistribution;
import org.apache.commons.math3.distribution.LogNormalDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.nd4j.linalg.factory.Nd4j;

/**
 * jvi's log-densities at generated parameters: equal to Commons Math's at draws of the
 * distribution (1e-10 relative to max(1, |log p|); for the Gamma and the continuous Bernoulli the
 * text-book formulas of {@link ReferenceDensity}); normalised, int p = 1 to 1e-10, by composite
 * Gauss-Legendre quadrature of exp(logProb) in the substituted variable of {@link ReferenceDensity}
 * (exact sums for the discrete families, 2-D product rules for the Dirichlet with K = 3 and the
 * bivariate normal); and the closed-form entropy equal to -int p log p computed the same way
 * (1e-9 relative or 1e-10 absolute). Deterministic (the draws use a fixed seed).
 *
 * <p>The heavy-tailed and half-line families (Cauchy, half-Cauchy, Student-t, half-normal,
 * log-normal) are checked pointwise against Commons Math 3's {@code CauchyDistribution},
 * {@code TDistribution} (standardised: log p(x) = log t_nu((x - m)/s) - log s), {@code
 * NormalDistribution} (+ log 2 for the half-normal) and {@code LogNormalDistribution}, an
 * independent implementation; off the support they must be -infinity. Their properties have
 * fixed jqwik seeds.
 */
class DensityProperties {
  private static final long SEED = 7L;

  private static double[] logProb(Distribution d, double[] x) {
    return Stats.values(d.logProb(Nd4j.createFromArray(x)).value());
  }

  /** {int p, -int p log p} of a univariate jvi density, on the reference's substitution and range. */
  private static double[] massAndEntropy(Distribution d, ReferenceDensity ref) {
    Quadrature.Nodes n = Quadrature.nodes(ref.lo(), ref.hi(), ref.panels() * 2);
    double[] x = new double[n.x().length];
    for (int i = 0; i < x.length; i++) {
      x[i] = ref.point().applyAsDouble(n.x()[i]);
    }
    double[] lp = logProb(d, x);
    double[] p = new double[x.length];
    double[] plogp = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      // nodes whose x rounds to an end of the support (beyond 1 - 2^-53) carry mass below 1e-13 here
      double w = Double.isFinite(lp[i]) ? Math.exp(lp[i] + ref.logJacobian().applyAsDouble(n.x()[i])) : 0;
      p[i] = w;
      plogp[i] = w == 0 ? 0 : -w * lp[i];
    }
    return new double[] {n.sum(p), n.sum(plogp)};
  }

  private static void normalisedWithEntropy(Distribution d, ReferenceDensity ref) {
    double[] me = massAndEntropy(d, ref);
    assertEquals(1.0, me[0], 1e-10, d + " mass");
    double h = d.entropy().item();
    assertEquals(me[1], h, Math.max(1e-9 * Math.abs(me[1]), 1e-10), d + " entropy");
  }

  private static void matchesAtDraws(Distribution d, DoubleUnaryOperator reference) {
    double[] x = Stats.values(d.sample(Rng.of(SEED), 64));
    double[] lp = logProb(d, x);
    for (int i = 0; i < x.length; i++) {
      double r = reference.applyAsDouble(x[i]);
      assertEquals(r, lp[i], 1e-10 * Math.max(1, Math.abs(r)), d + " at x = " + x[i]);
    }
  }

  @Property(tries = 30, seed = "1020")
  void normal(@ForAll @Scale(6) @DoubleRange(min = -10, max = 10) double m, @ForAll @Scale(6) @DoubleRange(min = 0.01, max = 20) double s) {
    Normal d = Normal.of(m, s);
    normalisedWithEntropy(d, ReferenceDensity.normal(m, s));
    NormalDistribution cm = new NormalDistribution(null, m, s);
    matchesAtDraws(d, cm::logDensity);
  }

  @Property(tries = 30, seed = "1021")
  void gamma(@ForAll @Scale(6) @DoubleRange(min = 0.2, max = 50) double a, @ForAll @Scale(6) @DoubleRange(min = 0.05, max = 20) double b) {
    Gamma d = Gamma.of(a, b);
    normalisedWithEntropy(d, ReferenceDensity.gamma(a, b));
    // Commons Math's GammaDistribution.logDensity is off by up to about 1e-9 for shapes below 1 (its
    // Lanczos form; measured against mpmath), so the pointwise reference is the text-book formula
    // with Commons Math's logGamma
    ReferenceDensity ref = ReferenceDensity.gamma(a, b);
    matchesAtDraws(d, x -> ref.logDensity().applyAsDouble(Math.log(x)));
  }

  @Property(tries = 30, seed = "1022")
  void exponential(@ForAll @Scale(6) @DoubleRange(min = 0.01, max = 100) double r) {
    Exponential d = Exponential.of(r);
    normalisedWithEntropy(d, ReferenceDensity.exponential(r));
    ExponentialDistribution cm = new ExponentialDistribution(null, 1 / r);
    matchesAtDraws(d, cm::logDensity);
  }

  @Property(tries = 30, seed = "1023")
  void beta(@ForAll @Scale(6) @DoubleRange(min = 0.8, max = 50) double a, @ForAll @Scale(6) @DoubleRange(min = 0.8, max = 50) double b) {
    // shapes >= 0.8: below, more than 1e-13 of the mass lies within 2^-53 of 1, where x is not representable
    Beta d = Beta.of(a, b);
    normalisedWithEntropy(d, ReferenceDensity.beta(a, b));
    BetaDistribution cm = new BetaDistribution(null, a, b);
    matchesAtDraws(d, cm::logDensity);
  }

  @Property(tries = 30, seed = "1024")
  void continuousBernoulli(@ForAll @Scale(6) @DoubleRange(min = 0.001, max = 0.999) double lam) {
    ContinuousBernoulli d = ContinuousBernoulli.of(lam);
    ReferenceDensity ref = ReferenceDensity.continuousBernoulli(lam);
    normalisedWithEntropy(d, ref);
    matchesAtDraws(d, ref.logDensity());
  }

  @Property(tries = 30, seed = "1025")
  void poisson(@ForAll @Scale(6) @DoubleRange(min = 0.01, max = 1000) double rate) {
    Poisson d = Poisson.of(rate);
    int kmax = (int) Math.ceil(rate + 50 * Math.sqrt(rate) + 100);
    double[] k = new double[kmax + 1];
    for (int i = 0; i <= kmax; i++) {
      k[i] = i;
    }
    double[] lp = logProb(d, k);
    PoissonDistribution cm = new PoissonDistribution(null, rate, 1e-12, 10_000_000);
    double mass = 0;
    double h = 0;
    for (int i = 0; i <= kmax; i++) {
      double r = cm.logProbability(i);
      assertEquals(r, lp[i], 1e-10 * Math.max(1, Math.abs(r)), "k = " + i);
      mass += Math.exp(lp[i]);
      h -= Math.exp(r) * r;
    }
    assertEquals(1.0, mass, 1e-10);
    assertEquals(h, d.entropy().item(), Math.max(1e-9 * h, 1e-10), "entropy");
  }

  @Property(tries = 30, seed = "1026")
  void bernoulliAndCategorical(@ForAll @Scale(6) @DoubleRange(min = 0, max = 1) double p,
      @ForAll @IntRange(min = 2, max = 8) int k, @ForAll @Scale(6) @DoubleRange(min = 0.1, max = 10) double skew) {
    Bernoulli b = Bernoulli.ofProbs(p);
    BinomialDistribution cm = new BinomialDistribution(null, 1, p);
    double[] lp = logProb(b, new double[] {0, 1});
    assertEquals(cm.logProbability(0), lp[0], 1e-15);
    assertEquals(cm.logProbability(1), lp[1], 1e-15);
    assertEquals(1.0, Math.exp(lp[0]) + Math.exp(lp[1]), 1e-15);
    double hb = (p == 0 || p == 1) ? 0 : -p * Math.log(p) - (1 - p) * Math.log1p(-p);
    assertEquals(hb, b.entropy().item(), 1e-15);
    double[] w = new double[k];
    double[] idx = new double[k];
    for (int i = 0; i < k; i++) {
      w[i] = Math.pow(skew, i);
      idx[i] = i;
    }
    double[] probs = io.github.jvi.verification.support.Generators.normalise(w);
    Categorical c = Categorical.ofProbs(probs);
    double[] lc = logProb(c, idx);
    double mass = 0;
    double h = 0;
    for (int i = 0; i < k; i++) {
      assertEquals(Math.log(probs[i]), lc[i], 1e-14);
      mass += Math.exp(lc[i]);
      h -= probs[i] * Math.log(probs[i]);
    }
    assertEquals(1.0, mass, 1e-14);
    assertEquals(h, c.entropy().item(), 1e-14);
  }

  @Property(tries = 6, seed = "1027")
  void dirichletOnTheTwoSimplex(@ForAll @Scale(6) @DoubleRange(min = 1, max = 8) double a1,
      @ForAll @Scale(6) @DoubleRange(min = 1, max = 8) double a2, @ForAll @Scale(6) @DoubleRange(min = 1, max = 8) double a3) {
    // x = (u, (1-u) v, (1-u)(1-v)), u = sigmoid(s), v = sigmoid(r); dx = (1-u) u(1-u) v(1-v) ds dr
    Dirichlet d = Dirichlet.of(a1, a2, a3);
    // beyond |s| = 30 / min(alpha) + 4 the density in (s, r) is below e^-30 of its peak
    double lo = -30 / Math.min(a1, Math.min(a2, a3)) - 4;
    Quadrature.Nodes n = Quadrature.nodes(lo, -lo, (int) Math.ceil(-lo));
    int m = n.x().length;
    double[][] x = new double[m * m][3];
    double[] logJac = new double[m * m];
    for (int i = 0; i < m; i++) {
      double s = n.x()[i];
      double lu = ReferenceKl.logSigmoid(s);
      double l1u = ReferenceKl.logSigmoid(-s);
      for (int j = 0; j < m; j++) {
        double r = n.x()[j];
        double lv = ReferenceKl.logSigmoid(r);
        double l1v = ReferenceKl.logSigmoid(-r);
        x[i * m + j] = new double[] {Math.exp(lu), Math.exp(l1u + lv), Math.exp(l1u + l1v)};
        logJac[i * m + j] = 2 * l1u + lu + lv + l1v;
      }
    }
    double[] lp = Stats.values(d.logProb(Nd4j.createFromArray(x)).value());
    double mass = 0;
    double h = 0;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        int q = i * m + j;
        if (Double.isFinite(lp[q])) {
          double w = n.w()[i] * n.w()[j] * Math.exp(lp[q] + logJac[q]);
          mass += w;
          h -= w * lp[q];
        }
      }
    }
    assertEquals(1.0, mass, 1e-10, d + " mass");
    assertEquals(h, d.entropy().item(), Math.max(1e-9 * Math.abs(h), 1e-10), d + " entropy");
  }

  @Property(tries = 10, seed = "1028")
  void bivariateNormal(@ForAll @Scale(6) @DoubleRange(min = 0.2, max = 3) double s1, @ForAll @Scale(6) @DoubleRange(min = 0.2, max = 3) double s2,
      @ForAll @Scale(6) @DoubleRange(min = -0.95, max = 0.95) double rho, @ForAll @Scale(6) @DoubleRange(min = -3, max = 3) double m) {
    double c = rho * s1 * s2;
    MultivariateNormal d = MultivariateNormal.of(Nd4j.createFromArray(m, -m),
        Nd4j.createFromArray(new double[][] {{s1 * s1, c}, {c, s2 * s2}}));
    // x = mu + L z over z in [-12, 12]^2, L the Cholesky factor: dx = det L dz
    double l11 = s1;
    double l21 = c / s1;
    double l22 = Math.sqrt(s2 * s2 - l21 * l21);
    Quadrature.Nodes n = Quadrature.nodes(-12, 12, 24);
    int k = n.x().length;
    double[][] x = new double[k * k][];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        double z1 = n.x()[i];
        double z2 = n.x()[j];
        x[i * k + j] = new double[] {m + l11 * z1, -m + l21 * z1 + l22 * z2};
      }
    }
    double[] lp = Stats.values(d.logProb(Nd4j.createFromArray(x)).value());
    double mass = 0;
    double h = 0;
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        double w = n.w()[i] * n.w()[j] * l11 * l22 * Math.exp(lp[i * k + j]);
        mass += w;
        h -= w * lp[i * k + j];
      }
    }
    assertEquals(1.0, mass, 1e-10, "mass");
    assertEquals(h, d.entropy().item(), Math.max(1e-9 * Math.abs(h), 1e-10), "entropy");
  }

  @Property(tries = 30, seed = "7101")
  void cauchy(@ForAll @Scale(6) @DoubleRange(min = -10, max = 10) double m, @ForAll @Scale(6) @DoubleRange(min = 0.01, max = 20) double s) {
    Cauchy d = Cauchy.of(m, s);
    normalisedWithEntropy(d, ReferenceDensity.cauchy(m, s));
    CauchyDistribution cm = new CauchyDistribution(null, m, s);
    matchesAtDraws(d, cm::logDensity);
  }

  @Property(tries = 30, seed = "7102")
  void halfCauchy(@ForAll @Scale(6) @DoubleRange(min = 0.01, max = 20) double s) {
    HalfCauchy d = HalfCauchy.of(s);
    normalisedWithEntropy(d, ReferenceDensity.halfCauchy(s));
    CauchyDistribution cm = new CauchyDistribution(null, 0, s);
    matchesAtDraws(d, x -> Math.log(2) + cm.logDensity(x));
    offTheSupport(d, -s, -1e-300, Double.NEGATIVE_INFINITY);
  }

  @Property(tries = 30, seed = "7103")
  void studentT(@ForAll @Scale(6) @DoubleRange(min = 0.3, max = 200) double nu, @ForAll @Scale(6) @DoubleRange(min = -10, max = 10) double m,
      @ForAll @Scale(6) @DoubleRange(min = 0.01, max = 20) double s) {
    StudentT d = StudentT.of(nu, m, s);
    normalisedWithEntropy(d, ReferenceDensity.studentT(nu, m, s));
    TDistribution cm = new TDistribution(null, nu);
    matchesAtDraws(d, x -> cm.logDensity((x - m) / s) - Math.log(s));
  }

  @Property(tries = 30, seed = "7104")
  void halfNormal(@ForAll @Scale(6) @DoubleRange(min = 0.01, max = 20) double s) {
    HalfNormal d = HalfNormal.of(s);
    normalisedWithEntropy(d, ReferenceDensity.halfNormal(s));
    NormalDistribution cm = new NormalDistribution(null, 0, s);
    matchesAtDraws(d, x -> Math.log(2) + cm.logDensity(x));
    offTheSupport(d, -s, -1e-300, Double.NEGATIVE_INFINITY);
  }

  @Property(tries = 30, seed = "7105")
  void logNormal(@ForAll @Scale(6) @DoubleRange(min = -5, max = 5) double m, @ForAll @Scale(6) @DoubleRange(min = 0.05, max = 3) double s) {
    LogNormal d = LogNormal.of(m, s);
    normalisedWithEntropy(d, ReferenceDensity.logNormal(m, s));
    LogNormalDistribution cm = new LogNormalDistribution(null, m, s);
    matchesAtDraws(d, cm::logDensity);
    offTheSupport(d, 0.0, -1.0, Double.NEGATIVE_INFINITY);
  }

  private static void offTheSupport(Distribution d, double... x) {
    for (double lp : logProb(d, x)) {
      assertEquals(Double.NEGATIVE_INFINITY, lp, d + " off the support");
    }
  }

  @Property(tries = 20, seed = "1029")
  void mixtureOfNormals(@ForAll @Scale(6) @DoubleRange(min = 0.01, max = 0.99) double w, @ForAll @Scale(6) @DoubleRange(min = -5, max = 5) double m1,
      @ForAll @Scale(6) @DoubleRange(min = -5, max = 5) double m2, @ForAll @Scale(6) @DoubleRange(min = 0.2, max = 3) double s) {
    // the course's 1/3 N(-3, 1) + 2/3 N(3, 1) and its generalisations: int p = 1, and log p matches
    // log(w N(x; m1, s) + (1 - w) N(x; m2, 2 s)) from Commons Math
    MixtureSameFamily d = MixtureSameFamily.of(Categorical.ofProbs(w, 1 - w),
        Normal.of(Nd4j.createFromArray(m1, m2), Nd4j.createFromArray(s, 2 * s)));
    double lo = Math.min(m1, m2) - 30 * s;
    double hi = Math.max(m1, m2) + 30 * s;
    Quadrature.Nodes n = Quadrature.nodes(lo, hi, 120);
    double[] lp = logProb(d, n.x());
    double mass = 0;
    for (int i = 0; i < lp.length; i++) {
      mass += n.w()[i] * Math.exp(lp[i]);
    }
    assertEquals(1.0, mass, 1e-10);
    NormalDistribution a = new NormalDistribution(null, m1, s);
    NormalDistribution b = new NormalDistribution(null, m2, 2 * s);
    matchesAtDraws(d, x -> Math.log(w * a.density(x) + (1 - w) * b.density(x)));
  }
}
