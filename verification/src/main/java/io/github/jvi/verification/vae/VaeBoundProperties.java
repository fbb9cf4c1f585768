package io.github.jvi.verification.vae;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.special.Special;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.eval.Evaluator;
import io.github.jvi.vae.model.GaussianPosterior;
import io.github.jvi.vae.model.Vae;
import io.github.jvi.vae.model.VaeConfig;
import io.github.jvi.vae.nn.Params;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Assertions;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ELBO &lt;= IWELBO_K &lt;= log p(x), and IWELBO_K non-decreasing in K, on a VAE small enough that
 * its evidence is computed exactly: a one-dimensional latent, so that
 * log p(x) = log integral p(x|z) N(z; 0, 1) dz and the ELBO
 * = integral q(z|x) log p(x|z) dz - KL(q || p) are evaluated by the trapezoid rule on 24001 points of
 * [-12, 12] (the integrands are continuous and piecewise smooth; the tails beyond |z| = 12 weigh less
 * than 1e-30). The independent oracle is this quadrature; the estimator under test is
 * {@link Evaluator#iwelboPerExample}, averaged over R independent replications, and each inequality
 * is allowed 4 standard errors of that average (not loosened: the budget below is what it costs).
 *
 * <p>The seeds are fixed, so runs are deterministic. Failure budget (fresh seeds,
 * {@code jvi verify --random}), by the union bound with every inequality taken at equality (the
 * worst case: in truth IWELBO_K lies strictly below log p(x) and strictly increases in K, so the
 * real probability is smaller): a one-sided 4-SE excursion of a mean of R estimates with its SE
 * estimated from them (Student's t) has probability 3.8e-5 for R = 400 (K = 1, 10, 100) and
 * 8.9e-5 for R = 60 (K = 1000); per example 8 comparisons at R = 400 and 4 at R = 60 (the last,
 * "the bound tightens", included), 3 examples x 3 tries: 9 x (8 x 3.8e-5 + 4 x 8.9e-5) = 5.9e-3
 * per run at most. The ELBO &lt;= log p(x) check is exact (quadrature).
 */
class VaeBoundProperties {
  private static final DataType D = DataType.DOUBLE;

  @Property(tries = 3, seed = "1081")
  void boundsAreOrderedBelowTheExactEvidence(@ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
    VaeConfig c = VaeConfig.defaults().withImage(4, 4).withLatentDim(1).withHidden(6);
    Vae vae = Vae.create(c, D, Rng.of(seed));
    Params p = vae.parameters().constants();
    INDArray x = Rng.of(seed + 1).uniform(D, 3, 16).lt(0.35).castTo(D);
    int g = 24001;
    INDArray z = Nd4j.linspace(D, -12, 24.0 / (g - 1), g).reshape(g, 1);
    double h = 24.0 / (g - 1);
    INDArray logPrior = vae.prior().logProb(p, Var.constant(z)).value(); // [G]
    INDArray logits = vae.decode(p, Var.constant(z)).value(); // [G, 16]
    GaussianPosterior q = (GaussianPosterior) vae.encode(p, x);
    INDArray kl = q.klStandardNormal().value();
    for (int i = 0; i < 3; i++) {
      INDArray xi = x.getRow(i).reshape(1, 16).repeat(0, g);
      INDArray logLik = vae.likelihood().logProb(p, Var.constant(logits), xi).value(); // [G]
      INDArray logW = trapezoid(h, g);
      double logEvidence = Special.logSumExp(logLik.add(logPrior).addi(logW).reshape(1, g), 1).getDouble(0);
      GaussianPosterior qi = GaussianPosterior.of(Var.constant(q.loc().value().getRow(i).reshape(1, 1).repeat(0, g)),
          Var.constant(q.logScale().value().getRow(i).reshape(1, 1).repeat(0, g)));
      INDArray logQ = qi.logProb(Var.constant(z)).value();
      double elbo = org.nd4j.linalg.ops.transforms.Transforms.exp(logQ.add(logW), true).muli(logLik).sumNumber().doubleValue()
          - kl.getDouble(i);
      Assertions.assertTrue(elbo <= logEvidence + 1e-9, "ELBO " + elbo + " > log p(x) " + logEvidence);
      double previous = Double.NEGATIVE_INFINITY;
      double previousSe = 0;
      for (int k : new int[] {1, 10, 100, 1000}) {
        int reps = k >= 1000 ? 60 : 400;
        INDArray est = Evaluator.iwelboPerExample(vae, x.getRow(i).reshape(1, 16).repeat(0, reps), k, Rng.of(seed * 7 + k));
        double mean = est.meanNumber().doubleValue();
        double se = est.stdNumber().doubleValue() / Math.sqrt(reps);
        String where = "example " + i + ", K = " + k + ": IWELBO " + mean + " (se " + se + "), ELBO " + elbo
            + ", log p(x) " + logEvidence;
        Assertions.assertTrue(mean <= logEvidence + 4 * se + 1e-9, where);
        Assertions.assertTrue(elbo <= mean + 4 * se + 1e-9, where);
        Assertions.assertTrue(previous <= mean + 4 * Math.hypot(se, previousSe) + 1e-9, where + ", previous K gave " + previous);
        previous = mean;
        previousSe = se;
      }
      // the bound tightens: with K = 1000 it recovers most of the ELBO's gap
      Assertions.assertTrue(logEvidence - previous <= 0.5 * (logEvidence - elbo) + 4 * previousSe,
          "IWELBO_1000 " + previous + " is not close to log p(x) " + logEvidence + " (ELBO " + elbo + ")");
    }
  }

  /** log of the trapezoid weights h/2, h, ..., h, h/2. */
  private static INDArray trapezoid(double h, int g) {
    INDArray w = Nd4j.valueArrayOf(new long[] {g}, Math.log(h), D);
    w.putScalar(0, Math.log(h / 2));
    w.putScalar(g - 1, Math.log(h / 2));
    return w;
  }
}
