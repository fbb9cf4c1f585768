package io.github.jvi.vae.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.Gradients;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.Normal;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.nn.Params;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The categorical (Gumbel-Softmax), Gaussian-mixture and hierarchical latents. That relaxed draws
 * approach one-hot vectors as the temperature falls and that their argmax follows the categorical
 * is tested for the core distribution in RelaxedOneHotCategoricalTest
 * (lowTemperatureDrawsApproachOneHotWithCategoricalArgmax); these tests cover how the VAE uses it.
 */
class StructuredLatentTest {
  private static final DataType D = DataType.DOUBLE;

  static VaeConfig tiny(LatentConfig.Kind kind) {
    return VaeConfig.defaults().withImage(4, 4).withLatentDim(2).withHidden(5).withPrior(VaeConfig.PriorKind.GAUSSIAN, 3)
        .withLatent(LatentConfig.defaults().withKind(kind).withCategories(3).withTopDim(2));
  }

  static INDArray binary(int n, long seed) {
    return Rng.of(seed).uniform(D, n, 16).gt(0.5).castTo(D);
  }

  @Test
  void temperatureFollowsTheAnnealingSchedule() {
    LatentConfig c = LatentConfig.defaults().withAnnealing(1e-4, 0.5, 500);
    // tau = max(0.5, exp(-r t')), t' the step rounded down to a multiple of 500 (Jang et al. 2017)
    assertEquals(1.0, c.temperature(0));
    assertEquals(1.0, c.temperature(499));
    assertEquals(Math.exp(-0.05), c.temperature(500), 1e-15);
    assertEquals(Math.exp(-0.65), c.temperature(6999), 1e-15);
    assertEquals(0.5, c.temperature(7000)); // exp(-0.7) < 0.5
    assertEquals(0.5, c.temperature(1_000_000));
    Vae base = Vae.create(tiny(LatentConfig.Kind.CATEGORICAL), D, Rng.of(1));
    Vae vae = base.atTrainingStep(1500);
    CategoricalPosterior q = (CategoricalPosterior) vae.encode(vae.parameters().leaves(), binary(2, 2));
    assertEquals(Math.exp(-0.15), q.temperature(), 1e-15);
    // the step is a view: the model it came from is unchanged
    assertEquals(1.0, ((CategoricalPosterior) base.encode(base.parameters().leaves(), binary(2, 2))).temperature());
    assertThrows(IllegalArgumentException.class, () -> c.withAnnealing(1e-4, 0, 500));
    assertThrows(IllegalArgumentException.class, () -> c.withCategories(1));
  }

  @Test
  void categoricalDrawsAreRelaxedInTrainingAndOneHotInEvaluation() {
    Vae vae = Vae.create(tiny(LatentConfig.Kind.CATEGORICAL), D, Rng.of(3));
    INDArray x = binary(50, 4);
    // training (the default mode): soft points of the simplex of each variable, also with constants
    INDArray soft = vae.encode(vae.parameters().constants(), x).rsample(Rng.of(5)).value().reshape(50, 2, 3);
    assertTrue(soft.sum(2).sub(1.0).amaxNumber().doubleValue() < 1e-12, "each variable sums to 1");
    assertTrue(soft.maxNumber().doubleValue() < 1 && soft.minNumber().doubleValue() > 0, "interior points at tau = 1");
    // evaluation mode: exact one-hot draws (even with parameters that need gradients)
    INDArray hard = vae.forEvaluation().encode(vae.parameters().leaves(), x).rsample(Rng.of(5)).value();
    assertTrue(!((CategoricalPosterior) vae.encode(vae.parameters().leaves(), x)).hard(), "the model itself stays relaxed");
    assertEquals(hard.length(), hard.eq(0).castTo(DataType.INT).sumNumber().longValue()
        + hard.eq(1).castTo(DataType.INT).sumNumber().longValue());
    assertEquals(100, hard.sumNumber().longValue(), "one 1 per variable");
    // straight-through: one-hot values in training, with the soft draw's gradient
    Vae st = Vae.create(tiny(LatentConfig.Kind.CATEGORICAL).withLatent(tiny(LatentConfig.Kind.CATEGORICAL).latent()
        .withStraightThrough(true)), D, Rng.of(3));
    List<Var> leaves = st.parameters().leafList();
    Var y = st.encode(Params.of(leaves), x).rsample(Rng.of(5));
    assertEquals(100, y.value().sumNumber().longValue());
    assertEquals(100, y.value().eq(1).castTo(DataType.INT).sumNumber().longValue());
    Var loss = y.mul(Var.constant(Rng.of(6).normal(D, y.shape()))).sum();
    assertTrue(Gradients.of(loss).get(leaves.get(0)).amaxNumber().doubleValue() > 0, "the encoder gets a gradient");
  }

  @Test
  void categoricalKlAndLogProbsMatchDirectSums() {
    INDArray logits = Rng.of(7).normal(D, 4, 6); // 4 examples, 2 variables of 3 classes
    CategoricalPosterior q = CategoricalPosterior.of(Var.constant(logits), 2, 3, 1.0, false, true);
    INDArray z = q.rsample(Rng.of(8)).value();
    INDArray kl = q.klUniform().value();
    INDArray lq = q.logProb(Var.constant(z)).value();
    UniformCategoricalPrior prior = UniformCategoricalPrior.of(2, 3, D);
    INDArray lp = prior.logProb(null, Var.constant(z)).value();
    for (int i = 0; i < 4; i++) {
      double k = 0;
      double logq = 0;
      for (int v = 0; v < 2; v++) {
        // reference: softmax and sum_k q_k log(q_k K) in plain double arithmetic
        double norm = 0;
        for (int c = 0; c < 3; c++) {
          norm += Math.exp(logits.getDouble(i, v * 3 + c));
        }
        for (int c = 0; c < 3; c++) {
          double pc = Math.exp(logits.getDouble(i, v * 3 + c)) / norm;
          k += pc * Math.log(pc * 3);
          logq += z.getDouble(i, v * 3 + c) * Math.log(pc);
        }
      }
      assertEquals(k, kl.getDouble(i), 1e-12);
      assertEquals(logq, lq.getDouble(i), 1e-12);
      assertEquals(-2 * Math.log(3), lp.getDouble(i), 1e-12);
    }
    assertTrue(prior.closedFormKl(null, q).value().equalsWithEps(kl, 0));
    INDArray s = prior.sample(null, Rng.of(9), 3000);
    // uniform classes: each column of the one-hot draws has mean 1/3; sd of a mean of 3000
    // indicators is 0.0086, so 5 standard errors is 0.043
    INDArray colMeans = s.mean(0);
    assertTrue(colMeans.sub(1.0 / 3).amaxNumber().doubleValue() < 0.043, colMeans.toString());
  }

  @Test
  void gmKlTermIsTheSumOfItsTermsAndBoundsTheMarginalEstimate() {
    Vae vae = Vae.create(tiny(LatentConfig.Kind.GM), D, Rng.of(10));
    Params p = vae.parameters().constants();
    GmPosterior q = (GmPosterior) vae.encode(p, binary(40, 11));
    GmPrior prior = (GmPrior) vae.prior();
    Var w = q.rsample(Rng.of(12));
    GmPrior.Terms t = prior.terms(p, q, w);
    INDArray kl = prior.klTerm(p, q, w).value();
    assertTrue(kl.equalsWithEps(t.conditional().value().add(t.component().value()), 1e-12));
    // sum_y r_y (log q(w) - log p(w|y)) + KL(r || p(y)) = log q(w) - log p(w) + KL(r || p(y|w))
    // >= log q(w) - log p(w) (Gibbs' inequality), with p(w) the marginal: at every draw
    INDArray marginal = q.logProb(w).value().sub(prior.logProb(p, w).value());
    assertTrue(kl.sub(marginal).minNumber().doubleValue() >= -1e-12);
    assertTrue(kl.sub(marginal).maxNumber().doubleValue() > 1e-6, "an untrained q(y|w,x) is not p(y|w)");
    assertTrue(t.component().value().minNumber().doubleValue() >= 0, "a KL divergence");
    // the marginal prior: log sum_y (1/C) N(w; m_y, s_y) (reference: the core Normal, summed)
    INDArray m = vae.parameters().value(vae.parameters().indexOf("prior.means"));
    INDArray ls = vae.parameters().value(vae.parameters().indexOf("prior.logScales"));
    for (int i = 0; i < 3; i++) {
      double dens = 0;
      for (int y = 0; y < 3; y++) {
        Normal n = Normal.of(m.getRow(y), org.nd4j.linalg.ops.transforms.Transforms.exp(ls.getRow(y), true));
        dens += Math.exp(n.logProb(w.value().getRow(i)).value().sumNumber().doubleValue()) / 3;
      }
      assertEquals(Math.log(dens), prior.logProb(p, w).value().getDouble(i), 1e-10);
    }
  }

  @Test
  void hierarchicalPriorAndKlTerm() {
    Vae vae = Vae.create(tiny(LatentConfig.Kind.HIERARCHICAL), D, Rng.of(13));
    Params p = vae.parameters().constants();
    HierarchicalPrior prior = (HierarchicalPrior) vae.prior();
    INDArray z = Rng.of(14).normal(D, 5, 4);
    Var z2 = Var.constant(z.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 4)));
    GaussianPosterior cond = prior.conditional(p, z2);
    INDArray z1 = z.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2));
    // reference: the core Normal's log-densities for N(z1; m(z2), s(z2)) and N(z2; 0, I)
    INDArray expect = Normal.of(cond.loc().value(), org.nd4j.linalg.ops.transforms.Transforms.exp(cond.logScale().value(),
        true)).logProb(z1).value().sum(1).add(Normal.of(Nd4j.zeros(D, 5, 2), Nd4j.ones(D, 5, 2))
        .logProb(z2.value()).value().sum(1));
    assertTrue(prior.logProb(p, Var.constant(z)).value().equalsWithEps(expect, 1e-12));
    // the decoder reads z1 only
    INDArray other = z.dup();
    other.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 4)).assign(7.0);
    assertTrue(vae.decode(p, Var.constant(z)).value().equalsWithEps(vae.decode(p, Var.constant(other)).value(), 0));
    // E[klTerm] = E[log q(z) - log p(z)] = KL(q || p): the closed-form top KL replaces the Monte
    // Carlo one. 4000 draws of one example, compared by the mean of the per-draw difference (its
    // standard error, estimated from the same draws, sets a 5-sigma tolerance)
    HierarchicalPosterior q = (HierarchicalPosterior) vae.encode(p, binary(1, 15)).repeat(4000);
    Var zs = q.rsample(Rng.of(16));
    INDArray diff = prior.klTerm(p, q, zs).value().sub(q.logProb(zs).value().sub(prior.logProb(p, zs).value()));
    double mean = diff.meanNumber().doubleValue();
    double se = diff.stdNumber().doubleValue() / Math.sqrt(4000);
    assertEquals(0, mean, 5 * se);
    assertTrue(se > 0);
    INDArray s = prior.sample(p, Rng.of(17), 7);
    assertEquals(7, s.size(0));
    assertEquals(4, s.size(1));
  }

  @Test
  void rowsTileLikeNd4jTile() {
    // reference: ND4J's own tile op
    INDArray x = Rng.of(20).normal(D, 3, 5);
    assertTrue(Rows.tile(x, 4).equalsWithEps(Nd4j.tile(x, 4, 1), 0));
    assertTrue(Rows.tile(x, 1) == x);
    assertThrows(IllegalArgumentException.class, () -> Rows.tile(x, 0));
  }

  @Test
  void configRoundTripsThroughProperties() {
    for (LatentConfig.Kind k : LatentConfig.Kind.values()) {
      VaeConfig c = tiny(k).withLatent(tiny(k).latent().withAnnealing(3e-5, 0.3, 100).withStraightThrough(true));
      assertEquals(c, VaeConfig.fromProperties(c.toProperties()));
    }
    // model files from before latent structures read as Gaussian latents
    java.util.Properties old = VaeConfig.defaults().toProperties();
    old.stringPropertyNames().stream().filter(s -> s.equals("model.latent") || s.startsWith("model.latent.")).forEach(old::remove);
    assertEquals(VaeConfig.defaults(), VaeConfig.fromProperties(old));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> tiny(LatentConfig.Kind.GM).withPrior(VaeConfig.PriorKind.MOG, 3));
    assertTrue(e.getMessage().contains("mog"), e.getMessage());
    assertEquals(6, tiny(LatentConfig.Kind.CATEGORICAL).latentWidth());
    assertEquals(4, tiny(LatentConfig.Kind.HIERARCHICAL).latentWidth());
  }
}
