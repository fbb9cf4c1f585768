package io.github.jvi.vae.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.GradCheck;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.Normal;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.nn.Parameters;
import io.github.jvi.vae.nn.Params;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LikelihoodTest {
  private static final DataType D = DataType.DOUBLE;

  private static Var weightedSum(Var v, long seed) {
    return v.mul(Var.constant(Rng.of(seed).normal(D, v.shape()))).sum();
  }

  @Test
  void bernoulliMatchesTheDefinitionAtExtremeLogits() {
    INDArray l = Nd4j.createFromArray(new double[][] {{-200, -3, 0, 0.5, 40, 700}, {1, 2, -1, -2, 0.1, -0.1}});
    INDArray x = Nd4j.createFromArray(new double[][] {{0, 1, 1, 0, 1, 0}, {1, 1, 0, 0, 1, 0}});
    INDArray got = BernoulliLikelihood.of().logProb(null, Var.constant(l), x).value();
    for (int i = 0; i < 2; i++) {
      double ref = 0;
      for (int j = 0; j < 6; j++) {
        double v = l.getDouble(i, j);
        // reference: log sigmoid(l) for x = 1, log sigmoid(-l) for x = 0, via log1p(exp(-|t|))
        double t = x.getDouble(i, j) == 1 ? v : -v;
        ref += Math.min(t, 0) - Math.log1p(Math.exp(-Math.abs(t)));
      }
      assertEquals(ref, got.getDouble(i), 1e-12 * Math.abs(ref));
    }
    GradCheck.Result r = GradCheck.check(v -> weightedSum(BernoulliLikelihood.of().logProb(null, v[0], x), 1),
        l.getRow(1).reshape(1, 6).repeat(0, 2));
    assertTrue(r.passes(1e-6), r.toString());
  }

  @Test
  void gaussianMatchesCoreNormal() {
    Rng rng = Rng.of(2);
    INDArray m = rng.normal(D, 3, 5);
    INDArray x = rng.uniform(D, 3, 5);
    // fixed sigma: reference = core Normal.logProb summed over pixels
    INDArray got = GaussianLikelihood.fixed(0.3).logProb(null, Var.constant(m), x).value();
    INDArray ref = Normal.of(m, Nd4j.valueArrayOf(new long[] {3, 5}, 0.3, D)).logProb(x).value().sum(1);
    assertTrue(got.equalsWithEps(ref, 1e-10), got + " vs " + ref);
    // learned sigma
    Parameters store = Parameters.of(D);
    GaussianLikelihood lik = GaussianLikelihood.learned(store, 5, 0.4, 0.01);
    store.value(0).assign(rng.normal(D, 5).muli(0.3));
    Params p = store.constants();
    INDArray sigma = lik.sigma(p, 5, D);
    got = lik.logProb(p, Var.constant(m), x).value();
    ref = Normal.of(m, sigma.reshape(1, 5).repeat(0, 3)).logProb(x).value().sum(1);
    assertTrue(got.equalsWithEps(ref, 1e-10), got + " vs " + ref);
    GradCheck.Result r = GradCheck.check(v -> weightedSum(lik.logProb(Params.of(v[0]), v[1], x), 3), store.value(0), m);
    assertTrue(r.passes(1e-6), r.toString());
    r = GradCheck.check(v -> weightedSum(GaussianLikelihood.fixed(0.2).logProb(null, v[0], x), 4), m);
    assertTrue(r.passes(1e-6), r.toString());
  }

  private static INDArray softplus(INDArray l) {
    double[] v = l.data().asDouble();
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Math.max(v[i], 0) + Math.log1p(Math.exp(-Math.abs(v[i])));
    }
    return Nd4j.createFromArray(out);
  }

  /** log C(l) = log(2 atanh(1 - 2 lambda) / (1 - 2 lambda)), lambda = sigmoid(l) (the paper's form). */
  private static double logCReference(double l) {
    double lambda = 1 / (1 + Math.exp(-l));
    double t = 1 - 2 * lambda;
    double atanh = 0.5 * Math.log((1 + t) / (1 - t));
    return Math.log(2 * atanh / t);
  }

  @Test
  void continuousBernoulliNormaliserMeanAndGradients() {
    double[] ls = {-30, -5, -1, -0.3, -0.1001, -0.0999, -0.05, 0.01, 0.0999, 0.1001, 0.7, 3, 12};
    INDArray l = Nd4j.createFromArray(ls);
    // log C is the log-density at x = 0 minus log(1 - lambda) = -softplus(l)
    INDArray logC = ContinuousBernoulliLikelihood.of().logProb(null, Var.constant(l.reshape(ls.length, 1)),
        Nd4j.zeros(D, ls.length, 1)).value().add(softplus(l));
    for (int i = 1; i < ls.length; i++) {
      assertEquals(logCReference(ls[i]), logC.getDouble(i), 2e-9, "log C at " + ls[i]);
    }
    // at |l| = 30 the paper's form loses digits (1 - 2 lambda rounds); the asymptote log|l| is exact
    // to 2 exp(-30) there
    assertEquals(Math.log(30), logC.getDouble(0), 1e-12);
    // CB(1/2) is the uniform distribution: log p(x) = 0 at l = 0
    assertEquals(0.0, ContinuousBernoulliLikelihood.of().logProb(null, Var.constant(Nd4j.zeros(D, 1, 1)),
        Nd4j.zeros(D, 1, 1)).item(), 1e-15);
    // normalisation and mean by Simpson's rule on [0, 1] (an independent quadrature, error ~1e-12)
    INDArray mean = ContinuousBernoulliLikelihood.of().mean(null, l.reshape(1, ls.length));
    for (int i = 0; i < ls.length; i++) {
      double v = ls[i];
      double z = 0;
      double m = 0;
      int n = 4000;
      for (int k = 0; k <= n; k++) {
        double x = (double) k / n;
        double w = k == 0 || k == n ? 1 : k % 2 == 1 ? 4 : 2;
        // the density with this class's log C: the quadrature checks that it normalises
        double dens = Math.exp(x * v - (Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)))) + logC.getDouble(i));
        z += w * dens / (3.0 * n);
        m += w * x * dens / (3.0 * n);
      }
      assertEquals(1.0, z, 1e-7, "density integrates to 1 at l = " + v);
      assertEquals(m, mean.getDouble(0, i), 1e-7, "mean at l = " + v);
    }
    INDArray x = Rng.of(5).uniform(D, 2, ls.length);
    GradCheck.Result r = GradCheck.check(v -> weightedSum(ContinuousBernoulliLikelihood.of().logProb(null, v[0], x), 6),
        l.reshape(1, ls.length).repeat(0, 2));
    assertTrue(r.passes(1e-6), r.toString());
  }

  @Test
  void continuousBernoulliSamplesHaveTheMean() {
    // 20000 draws per logit: the sample mean is within 4 standard errors (sd <= 0.29) of E[x]
    double[] ls = {-6, -0.5, 0.05, 2, 40};
    INDArray l = Nd4j.createFromArray(ls).reshape(1, ls.length).repeat(0, 20000);
    INDArray xs = ContinuousBernoulliLikelihood.of().sample(null, l, Rng.of(7));
    INDArray mean = ContinuousBernoulliLikelihood.of().mean(null, l.getRow(0).reshape(1, ls.length));
    assertTrue(xs.minNumber().doubleValue() >= 0 && xs.maxNumber().doubleValue() <= 1);
    for (int i = 0; i < ls.length; i++) {
      assertEquals(mean.getDouble(0, i), xs.getColumn(i).meanNumber().doubleValue(), 4 * 0.29 / Math.sqrt(20000));
    }
  }
}
