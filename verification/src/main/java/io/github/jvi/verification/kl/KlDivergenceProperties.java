package io.github.jvi.verification.kl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.github.jvi.verification.support.Generators;
import java.util.List;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The defining properties of the divergence, at generated parameters of all ten families:
 * KL(p || q) &gt;= 0 (Gibbs' inequality), KL(p || p) = 0 for two separately built copies of p, and
 * joint convexity for the discrete families,
 * KL(l p1 + (1-l) p2 || l q1 + (1-l) q2) &lt;= l KL(p1 || q1) + (1-l) KL(p2 || q2)
 * (Cover &amp; Thomas, Theorem 2.7.2). Deterministic; rounding slack 1e-12.
 */
class KlDivergenceProperties {
  /** A pair of distributions of one family, built fresh on each call. */
  record Pair(String label, Supplier<Distribution> p, Supplier<Distribution> q) {
    @Override
    public String toString() {
      return label;
    }
  }

  private static Arbitrary<Double> in(double lo, double hi) {
    return Arbitraries.doubles().between(lo, hi).ofScale(6);
  }

  @Provide
  Arbitrary<Pair> pairs() {
    List<Arbitrary<? extends Pair>> families = List.of(
        Combinators.combine(in(-5, 5), in(0.1, 5), in(-5, 5), in(0.1, 5)).as((a, b, c, d) ->
            new Pair("Normal " + a + "," + b + " | " + c + "," + d, () -> Normal.of(a, b), () -> Normal.of(c, d))),
        Combinators.combine(in(0.2, 30), in(0.1, 10), in(0.2, 30), in(0.1, 10)).as((a, b, c, d) ->
            new Pair("Gamma " + a + "," + b + " | " + c + "," + d, () -> Gamma.of(a, b), () -> Gamma.of(c, d))),
        Combinators.combine(in(0.01, 50), in(0.01, 50)).as((a, b) ->
            new Pair("Exponential " + a + " | " + b, () -> Exponential.of(a), () -> Exponential.of(b))),
        Combinators.combine(in(0.2, 30), in(0.2, 30), in(0.2, 30), in(0.2, 30)).as((a, b, c, d) ->
            new Pair("Beta " + a + "," + b + " | " + c + "," + d, () -> Beta.of(a, b), () -> Beta.of(c, d))),
        Combinators.combine(in(0.001, 0.999), in(0.001, 0.999)).as((a, b) -> new Pair("ContinuousBernoulli " + a + " | " + b,
            () -> ContinuousBernoulli.of(a), () -> ContinuousBernoulli.of(b))),
        Combinators.combine(in(0.01, 200), in(0.01, 200)).as((a, b) ->
            new Pair("Poisson " + a + " | " + b, () -> Poisson.of(a), () -> Poisson.of(b))),
        Combinators.combine(in(0.0, 1.0), in(0.001, 0.999)).as((a, b) ->
            new Pair("Bernoulli " + a + " | " + b, () -> Bernoulli.ofProbs(a), () -> Bernoulli.ofProbs(b))),
        Generators.simplexPairs(8, 0.01).map(pq -> new Pair("Categorical " + java.util.Arrays.deepToString(pq),
            () -> Categorical.ofProbs(pq[0]), () -> Categorical.ofProbs(pq[1]))),
        Generators.positivePairs(6, 0.2, 30).map(ab -> new Pair("Dirichlet " + java.util.Arrays.deepToString(ab),
            () -> Dirichlet.of(ab[0]), () -> Dirichlet.of(ab[1]))),
        Generators.gaussianPairs(5).map(g -> new Pair("MultivariateNormal " + g,
            () -> MultivariateNormal.of(Nd4j.createFromArray(g.m1()), Nd4j.createFromArray(g.s1())),
            () -> MultivariateNormal.of(Nd4j.createFromArray(g.m2()), Nd4j.createFromArray(g.s2())))));
    return Arbitraries.oneOf(families);
  }

  @Property(tries = 200, seed = "1057")
  void divergenceIsNonNegative(@ForAll("pairs") Pair pair) {
    double kl = Kl.divergence(pair.p().get(), pair.q().get()).item();
    assertTrue(kl >= -1e-12, pair + ": KL = " + kl);
  }

  @Property(tries = 200, seed = "1058")
  void divergenceFromItselfIsZero(@ForAll("pairs") Pair pair) {
    assertEquals(0.0, Kl.divergence(pair.p().get(), pair.p().get()).item(), 1e-12, pair.toString());
    assertEquals(0.0, Kl.divergence(pair.q().get(), pair.q().get()).item(), 1e-12, pair.toString());
  }

  private static double[] mix(double l, double[] a, double[] b) {
    double[] m = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      m[i] = l * a[i] + (1 - l) * b[i];
    }
    return m;
  }

  private static double kl(double[] p, double[] q) {
    return Kl.divergence(Categorical.ofProbs(p), Categorical.ofProbs(q)).item();
  }

  @Provide
  Arbitrary<double[][]> fourDistributions() {
    return Arbitraries.integers().between(2, 8).flatMap(k -> Arbitraries.doubles().between(0.01, 1.0).ofScale(6)
        .array(double[].class).ofSize(k).list().ofSize(4)
        .map(l -> l.stream().map(Generators::normalise).toArray(double[][]::new)));
  }

  @Property(tries = 60, seed = "1059")
  void categoricalDivergenceIsJointlyConvex(@ForAll("fourDistributions") double[][] d,
      @ForAll @Scale(6) @DoubleRange(min = 0, max = 1) double l) {
    double lhs = kl(mix(l, d[0], d[1]), mix(l, d[2], d[3]));
    double rhs = l * kl(d[0], d[2]) + (1 - l) * kl(d[1], d[3]);
    assertTrue(lhs <= rhs + 1e-12, "lhs " + lhs + " rhs " + rhs);
  }

  @Property(tries = 60, seed = "1060")
  void bernoulliDivergenceIsJointlyConvex(@ForAll @Scale(6) @DoubleRange(min = 0, max = 1) double p1,
      @ForAll @Scale(6) @DoubleRange(min = 0, max = 1) double p2, @ForAll @Scale(6) @DoubleRange(min = 0.001, max = 0.999) double q1,
      @ForAll @Scale(6) @DoubleRange(min = 0.001, max = 0.999) double q2, @ForAll @Scale(6) @DoubleRange(min = 0, max = 1) double l) {
    double lhs = Kl.divergence(Bernoulli.ofProbs(l * p1 + (1 - l) * p2), Bernoulli.ofProbs(l * q1 + (1 - l) * q2)).item();
    double rhs = l * Kl.divergence(Bernoulli.ofProbs(p1), Bernoulli.ofProbs(q1)).item()
        + (1 - l) * Kl.divergence(Bernoulli.ofProbs(p2), Bernoulli.ofProbs(q2)).item();
    assertTrue(lhs <= rhs + 1e-12, "lhs " + lhs + " rhs " + rhs);
  }
}
