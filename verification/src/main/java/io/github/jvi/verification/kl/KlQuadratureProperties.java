package io.github.jvi.verification.kl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.distribution.Beta;
import io.github.jvi.core.distribution.ContinuousBernoulli;
import io.github.jvi.core.distribution.Dirichlet;
import io.github.jvi.core.distribution.Distribution;
import io.github.jvi.core.distribution.Exponential;
import io.github.jvi.core.distribution.Gamma;
import io.github.jvi.core.distribution.Normal;
import io.github.jvi.core.distribution.Poisson;
import io.github.jvi.core.kl.Kl;
import io.github.jvi.verification.oracle.ReferenceKl;
import io.github.jvi.verification.support.Generators;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;

/**
 * Closed-form KL against independent references at generated parameters, over wider ranges than
 * the Monte Carlo suite: the continuous families against adaptive Gauss-Legendre quadrature of
 * p log(p/q) with Commons Math rules ({@link ReferenceKl}), the Poisson against the exact sum of
 * Commons Math's log-pmf, the Dirichlet against the log-gamma formula with digamma differences by
 * quadrature of Gauss's integral. Deterministic given the parameters; tolerance 1e-9 relative or
 * 1e-12 absolute (the references are good to about 1e-13).
 */
class KlQuadratureProperties {
  static void agrees(Distribution p, Distribution q, double reference) {
    double value = Kl.divergence(p, q).item();
    assertTrue(Math.abs(value - reference) <= Math.max(1e-9 * Math.abs(reference), 1e-12),
        "KL(" + p + " || " + q + "): jvi " + value + ", reference " + reference);
  }

  @Property(tries = 40, seed = "1071")
  void normal(@ForAll @Scale(6) @DoubleRange(min = -10, max = 10) double m1, @ForAll @Scale(6) @DoubleRange(min = 0.05, max = 10) double s1,
      @ForAll @Scale(6) @DoubleRange(min = -10, max = 10) double m2, @ForAll @Scale(6) @DoubleRange(min = 0.05, max = 10) double s2) {
    agrees(Normal.of(m1, s1), Normal.of(m2, s2), ReferenceKl.normal(m1, s1, m2, s2));
  }

  @Property(tries = 40, seed = "1072")
  void gamma(@ForAll @Scale(6) @DoubleRange(min = 0.2, max = 50) double a1, @ForAll @Scale(6) @DoubleRange(min = 0.1, max = 10) double b1,
      @ForAll @Scale(6) @DoubleRange(min = 0.2, max = 50) double a2, @ForAll @Scale(6) @DoubleRange(min = 0.1, max = 10) double b2) {
    agrees(Gamma.of(a1, b1), Gamma.of(a2, b2), ReferenceKl.gamma(a1, b1, a2, b2));
  }

  @Property(tries = 40, seed = "1073")
  void exponential(@ForAll @Scale(6) @DoubleRange(min = 0.01, max = 100) double r1, @ForAll @Scale(6) @DoubleRange(min = 0.01, max = 100) double r2) {
    agrees(Exponential.of(r1), Exponential.of(r2), ReferenceKl.exponential(r1, r2));
  }

  @Property(tries = 40, seed = "1074")
  void beta(@ForAll @Scale(6) @DoubleRange(min = 0.2, max = 50) double a1, @ForAll @Scale(6) @DoubleRange(min = 0.2, max = 50) double b1,
      @ForAll @Scale(6) @DoubleRange(min = 0.2, max = 50) double a2, @ForAll @Scale(6) @DoubleRange(min = 0.2, max = 50) double b2) {
    agrees(Beta.of(a1, b1), Beta.of(a2, b2), ReferenceKl.beta(a1, b1, a2, b2));
  }

  @Property(tries = 40, seed = "1075")
  void continuousBernoulli(@ForAll @Scale(6) @DoubleRange(min = 0.001, max = 0.999) double l1,
      @ForAll @Scale(6) @DoubleRange(min = 0.001, max = 0.999) double l2) {
    agrees(ContinuousBernoulli.of(l1), ContinuousBernoulli.of(l2), ReferenceKl.continuousBernoulli(l1, l2));
  }

  @Property(tries = 40, seed = "1076")
  void continuousBernoulliNearOneHalf(@ForAll @Scale(6) @DoubleRange(min = 0.4, max = 0.6) double l1,
      @ForAll @Scale(6) @DoubleRange(min = 0.4, max = 0.6) double l2) {
    // the closed form switches to its series for |logit| < 0.3, i.e. lambda in (0.426, 0.574)
    agrees(ContinuousBernoulli.of(l1), ContinuousBernoulli.of(l2), ReferenceKl.continuousBernoulli(l1, l2));
  }

  @Property(tries = 40, seed = "1077")
  void poisson(@ForAll @Scale(6) @DoubleRange(min = 0.05, max = 500) double a, @ForAll @Scale(6) @DoubleRange(min = 0.05, max = 500) double b) {
    agrees(Poisson.of(a), Poisson.of(b), ReferenceKl.poisson(a, b));
  }

  @Provide
  Arbitrary<double[][]> concentrationPairs() {
    return Generators.positivePairs(6, 0.2, 30);
  }

  @Property(tries = 40, seed = "1078")
  void dirichlet(@ForAll("concentrationPairs") double[][] ab) {
    agrees(Dirichlet.of(ab[0]), Dirichlet.of(ab[1]), ReferenceKl.dirichlet(ab[0], ab[1]));
  }
}
