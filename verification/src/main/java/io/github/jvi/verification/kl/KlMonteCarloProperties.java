package io.github.jvi.verification.kl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jvi.core.distribution.Bernoulli;
import io.github.jvi.core.distribution.Beta;
import io.github.jvi.core.distribution.Categorical;
import io.github.jvi.core.distribution.ContinuousBernoulli;
import io.github.jvi.core.distribution.Dirichlet;
import io.github.jvi.core.distribution.Distribution;
import io.github.jvi.core.distribution.Exponential;
import io.github.jvi.core.distribution.Gamma;
import io.github.jvi.core.distribution.MultivariateNormal;
import io.github.jvi.core.distribution.Normal;
import io.github.jvi.core.distribution.Poisson;
import io.github.jvi.core.kl.Kl;
import io.github.jvi.gpu.Rng;
import io.github.jvi.verification.support.Generators;
import io.github.jvi.verification.support.Stats;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every closed form in the KL registry against the Monte Carlo estimate
 * (1/n) sum_i [log p(x_i) - log q(x_i)], x_i ~ p, at generated parameters of all ten families.
 *
 * <p>Each try draws n = 4000 from p with the fixed seed {@link #SEED}; the tolerance is 6 standard
 * errors of the estimate (sd of the log-ratios / sqrt(n), from the same draws). The jqwik seeds
 * are fixed too, so a run is deterministic. Failure budget (for fresh seeds,
 * {@code jvi verify --random}): each try's parameters differ, so its draws are effectively fresh;
 * under the normal approximation of the mean of 4000 log-ratios (all of whose moments are finite
 * over the generated ranges; Student's t with 3999 degrees of freedom gives 2.1e-9) a two-sided
 * 6-SE deviation has probability 2.0e-9 per try, one comparison per try: 250 tries x 2.1e-9 =
 * 5.4e-7 per run.
 */
class KlMonteCarloProperties {
  static final long SEED = 20240611L;
  static final int N = 4000;
  static final double Z = 6;

  static void agrees(Distribution p, Distribution q) {
    double exact = Kl.divergence(p, q).item();
    double[] r = Stats.values(Kl.logRatios(p, q, N, Rng.of(SEED)).value());
    double se = Stats.standardError(r);
    assertEquals(exact, Stats.mean(r), Z * se + 1e-12, "KL(" + p + " || " + q + "), se " + se);
  }

  @Property(tries = 25, seed = "1061")
  void normal(@ForAll @Scale(6) @DoubleRange(min = -3, max = 3) double m1, @ForAll @Scale(6) @DoubleRange(min = 0.2, max = 3) double s1,
      @ForAll @Scale(6) @DoubleRange(min = -3, max = 3) double m2, @ForAll @Scale(6) @DoubleRange(min = 0.2, max = 3) double s2) {
    agrees(Normal.of(m1, s1), Normal.of(m2, s2));
  }

  @Property(tries = 25, seed = "1062")
  void gamma(@ForAll @Scale(6) @DoubleRange(min = 0.3, max = 20) double a1, @ForAll @Scale(6) @DoubleRange(min = 0.2, max = 5) double b1,
      @ForAll @Scale(6) @DoubleRange(min = 0.3, max = 20) double a2, @ForAll @Scale(6) @DoubleRange(min = 0.2, max = 5) double b2) {
    agrees(Gamma.of(a1, b1), Gamma.of(a2, b2));
  }

  @Property(tries = 25, seed = "1063")
  void exponential(@ForAll @Scale(6) @DoubleRange(min = 0.1, max = 10) double r1, @ForAll @Scale(6) @DoubleRange(min = 0.1, max = 10) double r2) {
    agrees(Exponential.of(r1), Exponential.of(r2));
  }

  @Property(tries = 25, seed = "1064")
  void beta(@ForAll @Scale(6) @DoubleRange(min = 0.3, max = 10) double a1, @ForAll @Scale(6) @DoubleRange(min = 0.3, max = 10) double b1,
      @ForAll @Scale(6) @DoubleRange(min = 0.3, max = 10) double a2, @ForAll @Scale(6) @DoubleRange(min = 0.3, max = 10) double b2) {
    agrees(Beta.of(a1, b1), Beta.of(a2, b2));
  }

  @Property(tries = 25, seed = "1065")
  void continuousBernoulli(@ForAll @Scale(6) @DoubleRange(min = 0.01, max = 0.99) double l1,
      @ForAll @Scale(6) @DoubleRange(min = 0.01, max = 0.99) double l2) {
    agrees(ContinuousBernoulli.of(l1), ContinuousBernoulli.of(l2));
  }

  @Property(tries = 25, seed = "1066")
  void poisson(@ForAll @Scale(6) @DoubleRange(min = 0.1, max = 50) double a, @ForAll @Scale(6) @DoubleRange(min = 0.1, max = 50) double b) {
    agrees(Poisson.of(a), Poisson.of(b));
  }

  @Property(tries = 25, seed = "1067")
  void bernoulli(@ForAll @Scale(6) @DoubleRange(min = 0.01, max = 0.99) double p, @ForAll @Scale(6) @DoubleRange(min = 0.01, max = 0.99) double q) {
    agrees(Bernoulli.ofProbs(p), Bernoulli.ofProbs(q));
  }

  @Provide
  Arbitrary<double[][]> simplexPairs() {
    return Generators.simplexPairs(6, 0.05);
  }

  @Property(tries = 25, seed = "1068")
  void categorical(@ForAll("simplexPairs") double[][] pq) {
    agrees(Categorical.ofProbs(pq[0]), Categorical.ofProbs(pq[1]));
  }

  @Provide
  Arbitrary<double[][]> concentrationPairs() {
    return Generators.positivePairs(5, 0.3, 10);
  }

  @Property(tries = 25, seed = "1069")
  void dirichlet(@ForAll("concentrationPairs") double[][] ab) {
    agrees(Dirichlet.of(ab[0]), Dirichlet.of(ab[1]));
  }

  @Provide
  Arbitrary<Generators.GaussianPair> gaussianPairs() {
    return Generators.gaussianPairs(4);
  }

  @Property(tries = 25, seed = "1070")
  void multivariateNormal(@ForAll("gaussianPairs") Generators.GaussianPair g) {
    agrees(MultivariateNormal.of(Nd4j.createFromArray(g.m1()), Nd4j.createFromArray(g.s1())),
        MultivariateNormal.of(Nd4j.createFromArray(g.m2()), Nd4j.createFromArray(g.s2())));
  }
}
