package io.github.jvi.verification.gradvi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jvi.core.autodiff.Gradients;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.Categorical;
import io.github.jvi.core.distribution.Distribution;
import io.github.jvi.core.distribution.Gamma;
import io.github.jvi.core.distribution.Poisson;
import io.github.jvi.core.kl.Kl;
import io.github.jvi.core.objective.Elbo;
import io.github.jvi.core.objective.LogJoint;
import io.github.jvi.gpu.Rng;
import io.github.jvi.verification.support.Stats;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The score-function (REINFORCE) surrogate's gradient equals the objective's gradient in
 * expectation, for variational families that are not reparameterised, at generated parameters:
 * <ul>
 *   <li>Gamma-Poisson (counts y = 3, 1, 4, 1, 5, prior Gamma(2, 1)) with a Gamma q whose
 *       {@code rsample} is hidden: {@link Elbo#estimate(LogJoint, Distribution, int, Rng)} against
 *       the closed-form ELBO Y (psi(a) - log b) - N a / b - sum log y! - KL(q || prior);</li>
 *   <li>a categorical q over K = 4 with a categorical prior and log p(x | z) = c_z: both ELBO
 *       estimators (KL estimated and KL in closed form) against sum_k q_k c_k - KL(q || prior);</li>
 *   <li>{@link Kl#monteCarlo} for a pair of Poissons against the gradient of the closed form in
 *       both rates.</li>
 * </ul>
 * Every reference gradient is reverse mode through the closed form (Kl.divergence's, checked
 * against quadrature elsewhere). Each estimator runs R = 2000 replicates with a fixed seed, as one
 * batch (every parameter has R equal rows and replicate i depends on row i only, so one gradient
 * of the sum holds the R per-replicate gradients); each gradient component's replicate mean must
 * be within 6 standard errors sd / sqrt(R) of the reference.
 * Failure budget: fixed jqwik seeds make each run deterministic; under the normal approximation a
 * check fails with probability 2e-9, and the suite makes 72 checks (below 2e-7 per run).
 */
class ScoreFunctionProperties {
  private static final double[] Y = {3, 1, 4, 1, 5};
  private static final int R = 2000;

  /** A distribution that hides its base's rsample, so that the estimators treat it as not reparameterised. */
  record Hidden(Distribution base) implements Distribution {
    @Override
    public Var logProb(Var x) {
      return base.logProb(x);
    }

    @Override
    public INDArray sample(Rng rng, long... sampleShape) {
      return base.sample(rng, sampleShape);
    }

    @Override
    public Var mean() {
      return base.mean();
    }

    @Override
    public Var variance() {
      return base.variance();
    }

    @Override
    public Var entropy() {
      return base.entropy();
    }

    @Override
    public long[] batchShape() {
      return base.batchShape();
    }

    @Override
    public long[] eventShape() {
      return base.eventShape();
    }

    @Override
    public DataType dataType() {
      return base.dataType();
    }
  }

  private static double[] gradient(Var out, Var... params) {
    Gradients g = Gradients.of(out);
    java.util.List<Double> v = new java.util.ArrayList<>();
    for (Var p : params) {
      for (double d : Stats.values(g.get(p))) {
        v.add(d);
      }
    }
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** R rows, each a copy of {@code value} (shape [R] for one value, [R, k] for k): R independent replicates. */
  private static Var replicated(double... value) {
    double[][] rows = new double[R][];
    java.util.Arrays.fill(rows, value);
    INDArray a = value.length == 1 ? Nd4j.createFromArray(rows).reshape(R) : Nd4j.createFromArray(rows);
    return Var.param(a);
  }

  /**
   * Checks the replicate means of the gradients of {@code estimate} (shape [R], replicate i a
   * function of row i of each parameter only, so that the gradient of its sum holds the R
   * per-replicate gradients) against {@code exact}, parameter by parameter and component by
   * component.
   */
  private static void unbiased(double[] exact, Var estimate, String what, Var... params) {
    Gradients g = Gradients.of(estimate.sum());
    int offset = 0;
    for (Var p : params) {
      double[] v = Stats.values(g.get(p));
      int k = v.length / R;
      for (int j = 0; j < k; j++) {
        double[] col = Stats.column(v, k, j);
        assertEquals(exact[offset + j], Stats.mean(col), 6 * Stats.standardError(col) + 1e-12,
            what + " component " + (offset + j));
      }
      offset += k;
    }
  }

  @Property(tries = 6, seed = "6101")
  void gammaPoissonElboWithAHiddenGamma(@ForAll @Scale(6) @DoubleRange(min = 1, max = 20) double a,
      @ForAll @Scale(6) @DoubleRange(min = 0.5, max = 5) double b) {
    Var av = Var.param(Nd4j.scalar(a));
    Var bv = Var.param(Nd4j.scalar(b));
    Gamma q = Gamma.of(av, bv);
    Gamma prior = Gamma.of(2.0, 1.0);
    double sumY = 0;
    double logFact = 0;
    for (double y : Y) {
      sumY += y;
      logFact += org.apache.commons.math3.special.Gamma.logGamma(y + 1);
    }
    double ySum = sumY;
    double c = logFact;
    Var closed = av.digamma().sub(bv.log()).mul(ySum).sub(av.div(bv).mul(Y.length)).sub(c).sub(Kl.divergence(q, prior));
    double[] exact = gradient(closed, av, bv);
    LogJoint joint = z -> prior.logProb(z).add(z.log().mul(ySum)).sub(z.mul(Y.length)).sub(c);
    Var ar = replicated(a);
    Var br = replicated(b);
    unbiased(exact, Elbo.estimate(joint, new Hidden(Gamma.of(ar, br)), 100, Rng.of(10_000)), "Gamma-Poisson at " + q, ar, br);
  }

  @Property(tries = 6, seed = "6102")
  void categoricalElboBothEstimators(@ForAll @Scale(6) @DoubleRange(min = -2, max = 2) double l1,
      @ForAll @Scale(6) @DoubleRange(min = -2, max = 2) double l2, @ForAll @Scale(6) @DoubleRange(min = -2, max = 2) double l3,
      @ForAll @Scale(6) @DoubleRange(min = 0.5, max = 4) double spread) {
    double[] l = {l1, l2, l3, 0.0};
    Var logits = Var.param(Nd4j.createFromArray(l));
    Categorical q = Categorical.ofLogits(logits);
    Categorical prior = Categorical.ofProbs(0.1, 0.2, 0.3, 0.4);
    double[] cz = {-spread, 0.5 * spread, spread, -0.25 * spread};
    Var closed = q.probs().mul(Var.constant(Nd4j.createFromArray(cz))).sum().sub(Kl.divergence(q, prior));
    double[] exact = gradient(closed, logits);
    LogJoint lik = z -> {
      double[] k = Stats.values(z.value());
      double[] out = new double[k.length];
      for (int i = 0; i < k.length; i++) {
        out[i] = cz[(int) k[i]];
      }
      return Var.constant(Nd4j.createFromArray(out).reshape(z.shape()));
    };
    LogJoint joint = z -> prior.logProb(z).add(lik.apply(z));
    Var lr = replicated(l);
    Categorical qr = Categorical.ofLogits(lr);
    unbiased(exact, Elbo.estimate(joint, qr, 50, Rng.of(20_000)), "categorical ELBO", lr);
    unbiased(exact, Elbo.estimate(lik, qr, prior, 50, Rng.of(30_000)), "categorical ELBO, KL split off", lr);
  }

  @Property(tries = 6, seed = "6103")
  void poissonKlMonteCarlo(@ForAll @Scale(6) @DoubleRange(min = 0.5, max = 30) double lp,
      @ForAll @Scale(6) @DoubleRange(min = 0.5, max = 30) double lq) {
    Var a = Var.param(Nd4j.scalar(lp));
    Var b = Var.param(Nd4j.scalar(lq));
    double[] exact = gradient(Kl.divergence(Poisson.of(a), Poisson.of(b)), a, b);
    assertEquals(Math.log(lp / lq), exact[0], 1e-12);
    Var ar = replicated(lp);
    Var br = replicated(lq);
    unbiased(exact, Kl.monteCarlo(Poisson.of(ar), Poisson.of(br), 50, Rng.of(40_000)),
        "KL(Poisson(" + lp + ") || Poisson(" + lq + "))", ar, br);
  }
}
