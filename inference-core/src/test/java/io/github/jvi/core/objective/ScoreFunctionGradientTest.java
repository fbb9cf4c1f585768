package io.github.jvi.core.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.Gradients;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.Bernoulli;
import io.github.jvi.core.distribution.Distribution;
import io.github.jvi.core.distribution.Normal;
import io.github.jvi.core.kl.Kl;
import io.github.jvi.gpu.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ELBO's gradient for a q that is not reparameterised (a Bernoulli, and a normal whose
 * {@code rsample} is hidden) is the score-function estimator: over R = 2000 replicate estimates
 * with fixed seeds (run as one batch: each parameter has R equal elements, and replicate i's
 * estimate depends on element i only, so the gradient of the sum holds the R per-replicate
 * gradients), the mean gradient equals the closed-form ELBO's gradient (differentiated by
 * {@link Gradients}) within 5 standard errors sd / sqrt(R), and the old estimator (the gradient
 * of log p - log q at constant draws) is zero-mean noise more than 10 standard errors away from
 * it. Failure budget: under the normal approximation each 5-SE check fails with probability
 * 6e-7; the 9 checks here, below 1e-5 (the seeds are fixed, so a run is reproducible).
 */
class ScoreFunctionGradientTest {
  private static final double X = 1.3;
  /** Replicates, run at once as a batch of R independent copies of each parameter. */
  private static final int R = 2000;

  /** A normal that hides its rsample: draws come without gradient, as for any discrete family. */
  record Hidden(Normal base) implements Distribution {
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

  /** Mean and standard error over replicates of each component of a gradient. */
  record Summary(double[] mean, double[] se) {
    /** From per-replicate gradients g[j][i] of component j in replicate i. */
    static Summary of(double[][] g) {
      int k = g.length;
      double[] m = new double[k];
      double[] se = new double[k];
      for (int j = 0; j < k; j++) {
        int r = g[j].length;
        for (double v : g[j]) {
          m[j] += v / r;
        }
        for (double v : g[j]) {
          se[j] += (v - m[j]) * (v - m[j]) / (r - 1);
        }
        se[j] = Math.sqrt(se[j] / r);
      }
      return new Summary(m, se);
    }
  }

  /** R copies of a scalar parameter value: one independent replicate per element. */
  static Var replicated(double value) {
    double[] v = new double[R];
    java.util.Arrays.fill(v, value);
    return Var.param(Nd4j.createFromArray(v));
  }

  /**
   * The per-replicate gradients of an estimate of shape [R] whose replicate i depends only on
   * element i of each parameter: the gradient of its sum, one component per parameter.
   */
  static Summary replicates(Var estimate, Var... params) {
    Gradients g = Gradients.of(estimate.sum());
    double[][] out = new double[params.length][];
    for (int j = 0; j < params.length; j++) {
      out[j] = g.get(params[j]).dup('c').data().asDouble();
    }
    return Summary.of(out);
  }

  static double[] exact(Var out, Var... params) {
    Gradients g = Gradients.of(out);
    double[] e = new double[params.length];
    for (int j = 0; j < params.length; j++) {
      e[j] = g.get(params[j]).getDouble(0);
    }
    return e;
  }

  static void unbiased(double[] exact, Summary s, String what) {
    for (int j = 0; j < exact.length; j++) {
      assertEquals(exact[j], s.mean()[j], 5 * s.se()[j], what + " component " + j);
    }
  }

  /** The old estimator's mean is within 5 SE of 0 and more than 10 SE from the true gradient. */
  static void oldWasWrong(double[] exact, Summary old, int j) {
    assertEquals(0.0, old.mean()[j], 5 * old.se()[j], "old estimator's mean");
    assertTrue(Math.abs(exact[j] - old.mean()[j]) > 10 * old.se()[j],
        "old " + old.mean()[j] + " +- " + old.se()[j] + " vs exact " + exact[j]);
  }

  private static Var logLikNormal(Var z) {
    return z.rsub(X).square().mul(-0.5).sub(0.5 * Math.log(2 * Math.PI));
  }

  @Test
  void hiddenNormalElboGradientIsTheClosedFormsInExpectation() {
    // z ~ N(0, 1), x | z ~ N(z, 1); q = N(m, s): ELBO = -log(2 pi)/2 - ((x - m)^2 + s^2)/2 - KL(q || N(0, 1))
    Var m0 = Var.param(Nd4j.scalar(-0.4));
    Var s0 = Var.param(Nd4j.scalar(0.7));
    Normal prior = Normal.of(0, 1);
    Var closed = m0.rsub(X).square().add(s0.square()).mul(-0.5).sub(0.5 * Math.log(2 * Math.PI))
        .sub(Kl.divergence(Normal.of(m0, s0), prior));
    double[] exact = exact(closed, m0, s0);
    LogJoint joint = z -> prior.logProb(z).add(logLikNormal(z));
    Var m = replicated(-0.4);
    Var s = replicated(0.7);
    Normal q = Normal.of(m, s);
    Hidden hq = new Hidden(q);
    unbiased(exact, replicates(Elbo.estimate(joint, hq, 50, Rng.of(1000)), m, s), "score-function ELBO gradient");
    // the reparameterised estimator of the same objective agrees too (a check of the reference)
    unbiased(exact, replicates(Elbo.estimate(joint, q, 50, Rng.of(5000)), m, s), "pathwise ELBO gradient");
    // before: log p - log q at constant draws
    Var z = Var.constant(hq.sample(Rng.of(1000), 50));
    oldWasWrong(exact, replicates(joint.apply(z).sub(hq.logProb(z)).mean(0), m, s), 0);
  }

  @Test
  void bernoulliElboGradientWithTheKlSplitOffAndWithout() {
    // q = Bernoulli(logits theta), prior Bernoulli(0.3), log p(x | z) = 2.5 z - 1:
    // ELBO = 2.5 sigmoid(theta) - 1 - KL(q || prior)
    Var theta0 = Var.param(Nd4j.scalar(-0.6));
    Bernoulli q0 = Bernoulli.ofLogits(theta0);
    Bernoulli prior = Bernoulli.ofProbs(0.3);
    double[] exact = exact(q0.mean().mul(2.5).sub(1.0).sub(Kl.divergence(q0, prior)), theta0);
    LogJoint lik = z -> z.mul(2.5).sub(1.0);
    LogJoint joint = z -> prior.logProb(z).add(lik.apply(z));
    Var theta = replicated(-0.6);
    Bernoulli q = Bernoulli.ofLogits(theta);
    unbiased(exact, replicates(Elbo.estimate(joint, q, 20, Rng.of(2000)), theta), "full ELBO");
    unbiased(exact, replicates(Elbo.estimate(lik, q, prior, 20, Rng.of(3000)), theta), "KL split off");
    Var z = Var.constant(q.sample(Rng.of(2000), 20));
    oldWasWrong(exact, replicates(joint.apply(z).sub(q.logProb(z)).mean(0), theta), 0);
  }

  @Test
  void valuesAreUnchanged() {
    // the surrogate's value is the plain estimate: log p - log q averaged over the same draws
    Var theta = Var.param(Nd4j.scalar(0.4));
    Bernoulli q = Bernoulli.ofLogits(theta);
    Bernoulli prior = Bernoulli.ofProbs(0.3);
    LogJoint joint = z -> prior.logProb(z).add(z.mul(2.5));
    Var z = Var.constant(q.sample(Rng.of(9), 64));
    double plain = joint.apply(z).sub(q.logProb(z)).mean(0).item();
    assertEquals(plain, Elbo.estimate(joint, q, 64, Rng.of(9)).item(), 1e-15);
    double iw = Iwelbo.fromLogWeights(joint.apply(z).sub(q.logProb(z))).item();
    assertEquals(iw, Iwelbo.estimate(joint, q, 64, Rng.of(9)).item(), 1e-15);
  }

  @Test
  void iwelboScoreFunctionGradientIsTheEnumeratedBoundsGradient() {
    // q = Bernoulli(logits theta), K = 2: L_2 = sum over (z1, z2) in {0,1}^2 of
    // q(z1) q(z2) log((w(z1) + w(z2)) / 2), w = p(x, z) / q(z), enumerated exactly
    Var theta = Var.param(Nd4j.scalar(0.3));
    Bernoulli q = Bernoulli.ofLogits(theta);
    Bernoulli prior = Bernoulli.ofProbs(0.3);
    LogJoint joint = z -> prior.logProb(z).add(z.mul(2.5).sub(1.0));
    Var zero = Var.scalar(0.0);
    Var one = Var.scalar(1.0);
    Var[] lq = {q.logProb(zero), q.logProb(one)};
    Var[] lw = {joint.apply(zero).sub(lq[0]), joint.apply(one).sub(lq[1])};
    Var l2 = null;
    for (int a = 0; a < 2; a++) {
      for (int b = 0; b < 2; b++) {
        Var pair = Var.concat(0, lw[a].reshape(1), lw[b].reshape(1));
        Var term = lq[a].add(lq[b]).exp().mul(Iwelbo.fromLogWeights(pair));
        l2 = l2 == null ? term : l2.add(term);
      }
    }
    double[] exact = exact(l2, theta);
    Var thetas = replicated(0.3);
    Summary sf = replicates(Iwelbo.estimate(joint, Bernoulli.ofLogits(thetas), 2, Rng.of(7000)), thetas);
    unbiased(exact, sf, "IWELBO K = 2");
    assertTrue(Math.abs(exact[0]) > 10 * sf.se()[0], "the check separates: exact " + exact[0] + " se " + sf.se()[0]);
  }
}
