package io.github.jvi.vae.model;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.nn.Layer;
import io.github.jvi.vae.nn.Params;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The top of a two-level VAE, p(z1, z2) = p(z1|z2) p(z2) over z = [z1 | z2]: p(z2) = N(0, I) and
 * p(z1|z2) = N(m(z2), diag(exp(2 s(z2)))) with g: z2 -&gt; [m | s] [n, 2 d1] a network (its
 * parameters live in the model's store). With {@link HierarchicalPosterior} q(z1|x) q(z2|z1) the
 * ELBO is
 *
 * <pre>
 * ELBO = E_Q[ log p(x|z1) - log q(z1|x) / p(z1|z2) - KL(q(z2|z1) || p(z2)) ]
 * </pre>
 * the last KL in closed form at the drawn z1, the middle term at the draws (z1, z2)
 * ({@link #klTerm} returns the sum of the last two terms). The conditional Gaussian uses the
 * fused density of {@link GaussianPosterior}.
 */
public final class HierarchicalPrior implements Prior {
  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
  private final Layer down;
  private final int bottomDim;
  private final int topDim;
  private final DataType type;

  private HierarchicalPrior(Layer down, int bottomDim, int topDim, DataType type) {
    this.down = down;
    this.bottomDim = bottomDim;
    this.topDim = topDim;
    this.type = type;
  }

  /** The prior with network {@code down} (d2 -&gt; 2 d1); d1, d2 &gt;= 1. */
  public static HierarchicalPrior of(Layer down, int bottomDim, int topDim, DataType type) {
    Check.atLeast("bottomDim", bottomDim, 1);
    Check.atLeast("topDim", topDim, 1);
    return new HierarchicalPrior(down, bottomDim, topDim, type);
  }

  /** p(z1 | z2) at z2 [n, d2]. */
  public GaussianPosterior conditional(Params p, Var z2) {
    return (GaussianPosterior) GaussianPosterior.FAMILY.posterior(down.forward(p, z2));
  }

  @Override
  public int latentDim() {
    return bottomDim + topDim;
  }

  @Override
  public Var logProb(Params p, Var z) {
    Var z1 = HierarchicalPosterior.bottom(z, bottomDim);
    Var z2 = HierarchicalPosterior.top(z, bottomDim);
    Var top = z2.square().sum(1).mul(-0.5).sub(HALF_LOG_2PI * topDim);
    return conditional(p, z2).logProb(z1).add(top);
  }

  @Override
  public INDArray sample(Params p, Rng rng, int n) {
    INDArray z2 = rng.normal(p == null ? type : p.dataType(), n, topDim);
    Var z1 = conditional(p, Var.constant(z2)).rsample(rng);
    return org.nd4j.linalg.factory.Nd4j.concat(1, z1.value(), z2);
  }

  @Override
  public Var klTerm(Params p, Posterior q, Var z) {
    if (q instanceof HierarchicalPosterior h) {
      Var z1 = HierarchicalPosterior.bottom(z, bottomDim);
      Var z2 = HierarchicalPosterior.top(z, bottomDim);
      Var middle = h.lower().logProb(z1).sub(conditional(p, z2).logProb(z1));
      return middle.add(h.upper(z1).klStandardNormal());
    }
    return Prior.super.klTerm(p, q, z);
  }
}
