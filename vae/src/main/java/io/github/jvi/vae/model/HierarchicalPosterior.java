package io.github.jvi.vae.model;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.nn.Layer;
import io.github.jvi.vae.nn.Params;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The bottom-up inference model of a two-level VAE, q(z1, z2 | x) = q(z1|x) q(z2|z1): diagonal
 * Gaussians, q(z1|x) from the encoder output [n, 2 d1] and q(z2|z1) from a network
 * f: z1 -&gt; [mu2 | log sigma2] [n, 2 d2] applied to the draw of z1. The latent vector is
 * z = [z1 | z2] [n, d1 + d2].
 *
 * <pre>
 * rsample:   z1 = mu1 + sigma1 eps1,  z2 = mu2(z1) + sigma2(z1) eps2
 * log q(z) = log N(z1; mu1, sigma1^2) + log N(z2; mu2(z1), sigma2(z1)^2)
 * </pre>
 * {@link #detach()} cuts q(z1|x)'s parameters and f's weights from the graph but keeps the input
 * z1 of f: evaluated at a reparameterised draw, log q then has the path derivative only
 * (Roeder, Wu &amp; Duvenaud 2017).
 */
public final class HierarchicalPosterior implements Posterior {
  private final GaussianPosterior lower;
  private final Layer up;
  private final Params p;
  private final int topDim;

  private HierarchicalPosterior(GaussianPosterior lower, Layer up, Params p, int topDim) {
    this.lower = lower;
    this.up = up;
    this.p = p;
    this.topDim = topDim;
  }

  /** The family: encoder output width 2 d1; q(z2|z1) by the network {@code up} (d1 -&gt; 2 d2). */
  public static PosteriorFamily family(Layer up, int topDim) {
    return new PosteriorFamily() {
      @Override
      public int encoderOutputs(int latentDim) {
        return 2 * latentDim;
      }

      @Override
      public Posterior posterior(Var encoderOutput) {
        throw new IllegalStateException("the hierarchical posterior needs the parameter values: use posterior(Params, Var)");
      }

      @Override
      public Posterior posterior(Params params, Var encoderOutput) {
        return new HierarchicalPosterior((GaussianPosterior) GaussianPosterior.FAMILY.posterior(encoderOutput), up,
            params, topDim);
      }
    };
  }

  /** Width d1 of the bottom layer. */
  public int bottomDim() {
    return (int) lower.latentDim();
  }

  /** Width d2 of the top layer. */
  public int topDim() {
    return topDim;
  }

  /** q(z1|x). */
  public GaussianPosterior lower() {
    return lower;
  }

  /** q(z2 | z1) at the given z1 [n, d1]. */
  public GaussianPosterior upper(Var z1) {
    return (GaussianPosterior) GaussianPosterior.FAMILY.posterior(up.forward(p, z1));
  }

  /** The z1 part [n, d1] of z [n, d1 + d2]. */
  public static Var bottom(Var z, int d1) {
    return z.get(NDArrayIndex.all(), NDArrayIndex.interval(0, d1));
  }

  /** The z2 part [n, d2] of z [n, d1 + d2]. */
  public static Var top(Var z, int d1) {
    return z.get(NDArrayIndex.all(), NDArrayIndex.interval(d1, z.shape()[1]));
  }

  @Override
  public long batchSize() {
    return lower.batchSize();
  }

  @Override
  public long latentDim() {
    return lower.latentDim() + topDim;
  }

  @Override
  public Var rsample(Rng rng) {
    Var z1 = lower.rsample(rng);
    Var z2 = upper(z1).rsample(rng);
    return Var.concat(1, z1, z2);
  }

  @Override
  public Var logProb(Var z) {
    Var z1 = bottom(z, bottomDim());
    return lower.logProb(z1).add(upper(z1).logProb(top(z, bottomDim())));
  }

  /** [mu1 | the mean of q(z2 | z1 = mu1)]. */
  @Override
  public Var mean() {
    Var m1 = lower.mean();
    return Var.concat(1, m1, upper(m1).mean());
  }

  @Override
  public Posterior detach() {
    return new HierarchicalPosterior((GaussianPosterior) lower.detach(), up, p.detached(), topDim);
  }

  @Override
  public Posterior repeat(int k) {
    return k == 1 ? this : new HierarchicalPosterior((GaussianPosterior) lower.repeat(k), up, p, topDim);
  }
}
