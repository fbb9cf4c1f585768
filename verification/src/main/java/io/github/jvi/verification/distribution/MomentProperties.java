package io.github.jvi.verification.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jvi.core.distribution.Bernoulli;
import io.github.jvi.core.distribution.Beta;
import io.github.jvi.core.distribution.Categorical;
import io.github.jvi.core.distribution.ContinuousBernoulli;
import io.github.jvi.core.distribution.Dirichlet;
import io.github.jvi.core.distribution.Distribution;
import io.github.jvi.core.distribution.Exponential;
import io.github.jvi.core.distribution.Gamma;
import io.github.jvi.core.distribution.MixtureSameFamily;
import io.github.jvi.core.distribution.MultivariateNormal;
import io.github.jvi.core.distribution.Normal;
import io.github.jvi.core.distribution.NormalGamma;
import io.github.jvi.core.distribution.Poisson;
import io.github.jvi.gpu.Rng;
import io.github.jvi.verification.support.Generators;
import io.github.jvi.verification.support.Stats;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Sample moments of n = 20000 draws (fixed seed {@link #SEED}) against the closed-form
 * {@code mean()} and {@code variance()} of every family, at generated parameters: each component's
 * sample mean within 6 standard errors sqrt(Var / n) (closed-form variance) and its sample variance
 * within 6 standard errors sqrt((m4 - s^4) / n + 2 s^4 / (n (n-1))) (moments estimated from the
 * draws; {@link Stats#varianceStandardError}); for the
 * multivariate normal also every sample covariance. Failure budget: the parameters change from
 * run to run; under the normal approximation each check fails with probability 2e-9, and a run
 * makes about 2000 checks, so a run fails with probability below 1e-5. Parameter ranges keep the
 * eighth moments finite (NormalGamma a &gt;= 5), so that the variance's standard error is itself
 * well estimated, and keep rare outcomes frequent enough for the normal approximation (n p &gt;= 200
 * for Bernoulli and categorical probabilities, n rate &gt;= 1000 for the Poisson).
 */
class MomentProperties {
  static final long SEED = 99L;
  static final int N = 20_000;
  static final double Z = 6;

  /** Checks every component of draws [N, k] (or [N]) against the closed-form moments. */
  static void momentsAgree(Distribution d, INDArray draws, double[] mean, double[] variance) {
    int k = mean.length;
    double[] flat = Stats.values(draws);
    assertEquals((long) N * k, flat.length, d + ": draws do not match the moments' shape");
    for (int j = 0; j < k; j++) {
      double[] col = Stats.column(flat, k, j);
      double se = Math.sqrt(variance[j] / N);
      assertEquals(mean[j], Stats.mean(col), Z * se + 1e-12, d + " mean[" + j + "]");
      assertEquals(variance[j], Stats.variance(col), Z * Stats.varianceStandardError(col) + 1e-12,
          d + " variance[" + j + "]");
    }
  }

  static void momentsAgree(Distribution d) {
    momentsAgree(d, d.sample(Rng.of(SEED), N), Stats.values(d.mean().value()), Stats.values(d.variance().value()));
  }

  @Property(tries = 20)
  void normal(@ForAll @Scale(6) @DoubleRange(min = -10, max = 10) double m, @ForAll @Scale(6) @DoubleRange(min = 0.01, max = 20) double s) {
    momentsAgree(Normal.of(m, s));
  }

  @Property(tries = 20)
  void gamma(@ForAll @Scale(6) @DoubleRange(min = 0.5, max = 50) double a, @ForAll @Scale(6) @DoubleRange(min = 0.05, max = 20) double b) {
    momentsAgree(Gamma.of(a, b));
  }

  @Property(tries = 20)
  void exponential(@ForAll @Scale(6) @DoubleRange(min = 0.01, max = 100) double r) {
    momentsAgree(Exponential.of(r));
  }

  @Property(tries = 20)
  void beta(@ForAll @Scale(6) @DoubleRange(min = 0.3, max = 50) double a, @ForAll @Scale(6) @DoubleRange(min = 0.3, max = 50) double b) {
    momentsAgree(Beta.of(a, b));
  }

  @Property(tries = 20)
  void continuousBernoulli(@ForAll @Scale(6) @DoubleRange(min = 0.001, max = 0.999) double lam) {
    momentsAgree(ContinuousBernoulli.of(lam));
  }

  @Property(tries = 20)
  void poisson(@ForAll @Scale(6) @DoubleRange(min = 0.05, max = 500) double rate) {
    momentsAgree(Poisson.of(rate));
  }

  @Property(tries = 20)
  void bernoulli(@ForAll @Scale(6) @DoubleRange(min = 0.01, max = 0.99) double p) {
    momentsAgree(Bernoulli.ofProbs(p));
  }

  @Example
  void bernoulliAtOneHalf() {
    // the sample variance's first-order standard error vanishes here (mu4 = sigma^4); the
    // second-order term of Stats.varianceStandardError carries the check
    momentsAgree(Bernoulli.ofProbs(0.5));
    Categorical c = Categorical.ofProbs(0.5, 0.5);
    momentsAgree(c, c.oneHot(c.sample(Rng.of(SEED), N)), Stats.values(c.oneHotMean().value()),
        Stats.values(c.oneHotVariance().value()));
  }

  @Provide
  Arbitrary<double[][]> simplex() {
    return Generators.simplexPairs(6, 0.1);
  }

  @Property(tries = 20)
  void categoricalOneHot(@ForAll("simplex") double[][] pq) {
    // oneHotMean() and oneHotVariance() are those of the one-hot encoding
    Categorical c = Categorical.ofProbs(pq[0]);
    momentsAgree(c, c.oneHot(c.sample(Rng.of(SEED), N)), Stats.values(c.oneHotMean().value()),
        Stats.values(c.oneHotVariance().value()));
  }

  @Provide
  Arbitrary<double[][]> concentrations() {
    return Generators.positivePairs(6, 0.3, 30);
  }

  @Property(tries = 20)
  void dirichlet(@ForAll("concentrations") double[][] ab) {
    momentsAgree(Dirichlet.of(ab[0]));
  }

  @Provide
  Arbitrary<Generators.GaussianPair> gaussians() {
    return Generators.gaussianPairs(5);
  }

  @Property(tries = 20)
  void multivariateNormalWithCovariances(@ForAll("gaussians") Generators.GaussianPair g) {
    MultivariateNormal d = MultivariateNormal.of(Nd4j.createFromArray(g.m1()), Nd4j.createFromArray(g.s1()));
    INDArray x = d.sample(Rng.of(SEED), N);
    momentsAgree(d, x, g.m1(), Stats.values(d.variance().value()));
    double[] flat = Stats.values(x);
    int k = g.d();
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < i; j++) {
        double[] ci = Stats.minus(Stats.column(flat, k, i), Stats.mean(Stats.column(flat, k, i)));
        double[] cj = Stats.minus(Stats.column(flat, k, j), Stats.mean(Stats.column(flat, k, j)));
        double[] prod = Stats.times(ci, cj);
        assertEquals(g.s1()[i][j], Stats.mean(prod), Z * Stats.standardError(prod) + 1e-12, "cov[" + i + "][" + j + "]");
      }
    }
  }

  @Property(tries = 20)
  void normalGamma(@ForAll @Scale(6) @DoubleRange(min = -3, max = 3) double mu, @ForAll @Scale(6) @DoubleRange(min = 0.1, max = 10) double lambda,
      @ForAll @Scale(6) @DoubleRange(min = 5, max = 20) double a, @ForAll @Scale(6) @DoubleRange(min = 0.1, max = 10) double b) {
    momentsAgree(NormalGamma.of(mu, lambda, a, b));
  }

  @Property(tries = 20)
  void mixtureOfNormals(@ForAll @Scale(6) @DoubleRange(min = 0.01, max = 0.99) double w, @ForAll @Scale(6) @DoubleRange(min = -5, max = 5) double m1,
      @ForAll @Scale(6) @DoubleRange(min = -5, max = 5) double m2, @ForAll @Scale(6) @DoubleRange(min = 0.2, max = 3) double s) {
    momentsAgree(MixtureSameFamily.of(Categorical.ofProbs(w, 1 - w),
        Normal.of(Nd4j.createFromArray(m1, m2), Nd4j.createFromArray(s, 2 * s))));
  }
}
