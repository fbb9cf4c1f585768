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
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ELBO's gradient for a q that is not reparameterised (a Bernoulli, and a normal whose
 * {@code rsample} is hidden) is the score-function estimator: over R replicate estimates with
 * fixed seeds, the mean gradient equals the closed-form ELBO's gradient (differentiated by
 * {@link Gradients}) within 5 standard errors sd / sqrt(R), and the old estimator (the gradient
 * of log p - log q at constant draws) is zero-mean noise more than 10 standard errors away from
 * it. Failure budget: under the normal approximation each 5-SE check fails with probability
 * 6e-7; the 9 checks here, below 1e-5 (the seeds are fixed, so a run is reproducible).
 */
class ScoreFunctionGradientTest {
  private static final double X = 1.3;

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
    static Summary of(double[][] g) {
      int r = g.length;
      int k = g[0].length;
      double[] m = new double[k];
      double[] se = new double[k];
      for (double[] row : g) {
        for (int j = 0; j < k; j++) {
          m[j] += row[j] / r;
        }
      }
      for (double[] row : g) {
        for (int j = 0; j < k; j++) {
          se[j] += (row[j] - m[j]) * (row[j] - m[j]) / (r - 1);
        }
      }
      for (int j = 0; j < k; j++) {
        se[j] = Math.sqrt(se[j] / r);
      }
      return new Summary(m, se);
    }
  }

  /** The gradients of {@code objective} in {@code params}, one row per replicate seed. */
  static double[][] replicates(int r, long seed, Var[] params, Function<Rng, Var> objective) {
    double[][] out = new double[r][params.length];
    for (int i = 0; i < r; i++) {
      Gradients g = Gradients.of(objective.apply(Rng.of(seed + i)));
      for (int j = 0; j < params.length; j++) {
        INDArray gj = g.get(params[j]);
        out[i][j] = gj == null ? 0 : gj.getDouble(0);
      }
    }
    return out;
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
    Var m = Var.param(Nd4j.scalar(-0.4));
    Var s = Var.param(Nd4j.scalar(0.7));
    Normal prior = Normal.of(0, 1);
    Normal q = Normal.of(m, s);
    Var closed = m.rsub(X).square().add(s.square()).mul(-0.5).sub(0.5 * Math.log(2 * Math.PI)).sub(Kl.divergence(q, prior));
    double[] exact = exact(closed, m, s);
    LogJoint joint = z -> prior.logProb(z).add(logLikNormal(z));
    Hidden hq = new Hidden(q);
    Summary sf = Summary.of(replicates(400, 1000, new Var[] {m, s}, rng -> Elbo.estimate(joint, hq, 50, rng)));
    unbiased(exact, sf, "score-function ELBO gradient");
    // the reparameterised estimator of the same objective agrees too (a check of the reference)
    Summary rep = Summary.of(replicates(100, 5000, new Var[] {m, s}, rng -> Elbo.estimate(joint, q, 50, rng)));
    unbiased(exact, rep, "pathwise ELBO gradient");
    // before: log p - log q at constant draws
    Summary old = Summary.of(replicates(400, 1000, new Var[] {m, s}, rng -> {
      Var z = Var.constant(hq.sample(rng, 50));
      return joint.apply(z).sub(hq.logProb(z)).mean(0);
    }));
    oldWasWrong(exact, old, 0);
  }

  @Test
  void bernoulliElboGradientWithTheKlSplitOffAndWithout() {
    // q = Bernoulli(logits theta), prior Bernoulli(0.3), log p(x | z) = 2.5 z - 1:
    // ELBO = 2.5 sigmoid(theta) - 1 - KL(q || prior)
    Var theta = Var.param(Nd4j.scalar(-0.6));
    Bernoulli q = Bernoulli.ofLogits(theta);
    Bernoulli prior = Bernoulli.ofProbs(0.3);
    double[] exact = exact(q.mean().mul(2.5).sub(1.0).sub(Kl.divergence(q, prior)), theta);
    LogJoint lik = z -> z.mul(2.5).sub(1.0);
    LogJoint joint = z -> prior.logProb(z).add(lik.apply(z));
    Var[] p = {theta};
    unbiased(exact, Summary.of(replicates(400, 2000, p, rng -> Elbo.estimate(joint, q, 20, rng))), "full ELBO");
    unbiased(exact, Summary.of(replicates(400, 3000, p, rng -> Elbo.estimate(lik, q, prior, 20, rng))), "KL split off");
    Summary old = Summary.of(replicates(400, 2000, p, rng -> {
      Var z = Var.constant(q.sample(rng, 20));
      return joint.apply(z).sub(q.logProb(z)).mean(0);
    }));
    oldWasWrong(exact, old, 0);
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
    Summary sf = Summary.of(replicates(2000, 7000, new Var[] {theta}, rng -> Iwelbo.estimate(joint, q, 2, rng)));
    unbiased(exact, sf, "IWELBO K = 2");
    assertTrue(Math.abs(exact[0]) > 10 * sf.se()[0], "the check separates: exact " + exact[0] + " se " + sf.se()[0]);
  }
}
