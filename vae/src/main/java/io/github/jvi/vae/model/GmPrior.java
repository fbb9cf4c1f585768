package io.github.jvi.vae.model;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.Categorical;
import io.github.jvi.core.kl.Kl;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.nn.Parameters;
import io.github.jvi.vae.nn.Params;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The generative side of the Gaussian-mixture VAE above the decoder: p(y) p(w|y) with y uniform
 * over C components and w | y = N(m_y, diag(exp(2 s_y))), the means {@code prior.means} [C, d]
 * (initialised from N(0, I)) and log-scales {@code prior.logScales} [C, d] (initialised at 0)
 * learnable. With {@link GmPosterior} q(w|x) q(y|w,x) and r_y = q(y|w,x), the ELBO has three terms
 * (y summed exactly, w one reparameterised draw):
 *
 * <pre>
 * ELBO = E_q(w|x)[ log p(x|w) ]                                            reconstruction
 *      - E_q(w|x)[ sum_y r_y (log q(w|x) - log p(w|y)) ]                   conditional prior term
 *      - E_q(w|x)[ KL(q(y|w,x) || p(y)) ]                                  component prior term
 * </pre>
 * ({@link #klTerm} returns the sum of the last two). As a {@link Prior} over w alone, log p(w) is
 * the marginal log sum_y p(y) p(w|y): importance weights p(x|w) p(w) / q(w|x) sum the component
 * exactly, so the IWAE bound and the IWELBO use q(w|x) as the proposal and need no q(y|w,x).
 * For the path-derivative estimator ({@link #klTermPathwise}), q(w|x)'s parameters are detached in
 * log q(w|x) only; the exact sum over y has no score term to drop.
 */
public final class GmPrior implements Prior {
  private final int dim;
  private final int components;
  private final int means;
  private final int logScales;

  /** The two KL-like terms of the ELBO per example [n]. */
  public record Terms(Var conditional, Var component) {}

  private GmPrior(int dim, int components, int means, int logScales) {
    this.dim = dim;
    this.components = components;
    this.means = means;
    this.logScales = logScales;
  }

  /** Registers {@code prior.means} and {@code prior.logScales} in {@code store}; d &gt;= 1, C &gt;= 1. */
  public static GmPrior of(Parameters store, int dim, int components, Rng rng) {
    Check.atLeast("dim", dim, 1);
    Check.atLeast("components", components, 1);
    int m = store.add("prior.means", rng.normal(store.dataType(), components, dim));
    int s = store.add("prior.logScales", Nd4j.zeros(store.dataType(), components, dim));
    return new GmPrior(dim, components, m, s);
  }

  /** Number of components C. */
  public int components() {
    return components;
  }

  /** The component means [C, d] (live). */
  public INDArray means(Parameters store) {
    return store.value(means);
  }

  /** log p(w | y) for every component, [n, C]. */
  public Var componentLogDensities(Params p, Var w) {
    return MixturePrior.componentLogDensities(w, p.get(means), p.get(logScales));
  }

  @Override
  public int latentDim() {
    return dim;
  }

  /** The marginal log p(w) = log sum_y p(y) p(w|y), [n]. */
  @Override
  public Var logProb(Params p, Var w) {
    return componentLogDensities(p, w).logSumExp(1).sub(Math.log(components));
  }

  @Override
  public INDArray sample(Params p, Rng rng, int n) {
    INDArray y = Categorical.ofLogits(Nd4j.zeros(p.dataType(), components)).sample(rng, n);
    int[] which = y.toIntVector();
    INDArray m = Nd4j.pullRows(p.get(means).value(), 1, which);
    INDArray sd = Transforms.exp(Nd4j.pullRows(p.get(logScales).value(), 1, which), false);
    return rng.normal(m.dataType(), n, dim).muli(sd).addi(m);
  }

  /**
   * The conditional and component terms at the draw w [n, d] of q (see the class comment), with
   * log q(w|x) from {@code logQw}.
   */
  private Terms terms(Params p, GmPosterior q, Var w, Var logQw) {
    Var logits = q.componentLogits(w);
    Categorical r = Categorical.ofLogits(logits);
    Var conditional = logQw.sub(componentLogDensities(p, w).mul(r.probs()).sum(1));
    Var component = Kl.divergence(r, Categorical.ofLogits(Nd4j.zeros(w.dataType(), components)));
    return new Terms(conditional, component);
  }

  /** The conditional and component terms of the ELBO at the draw w of q (standard gradient). */
  public Terms terms(Params p, GmPosterior q, Var w) {
    return terms(p, q, w, q.logProb(w));
  }

  @Override
  public Var klTerm(Params p, Posterior q, Var z) {
    if (q instanceof GmPosterior g) {
      Terms t = terms(p, g, z);
      return t.conditional().add(t.component());
    }
    return Prior.super.klTerm(p, q, z);
  }

  @Override
  public Var klTermPathwise(Params p, Posterior q, Var z) {
    if (q instanceof GmPosterior g) {
      Terms t = terms(p, g, z, g.gaussian().detach().logProb(z));
      return t.conditional().add(t.component());
    }
    return Prior.super.klTermPathwise(p, q, z);
  }
}
