package io.github.jvi.vae.model;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.nn.Layer;
import io.github.jvi.vae.nn.Params;

/**
 * The inference model of the Gaussian-mixture VAE, q(w, y | x) = q(w|x) q(y|w,x): a diagonal
 * Gaussian q(w|x) from the encoder output h(x) = [mu | log sigma] [n, 2d], and a categorical
 * q(y|w,x) = softmax(g([w, h(x)])) over the C mixture components, g a small network (the encoder
 * output carries x into it, so q(y|w,x) may depend on both; the optimum is the model's own
 * p(y|w), since x and y are independent given w).
 *
 * <p>As a {@link Posterior} it describes the continuous part: draws are w (reparameterised),
 * log q is log q(w|x), the mean is mu. The component y is never sampled: the objectives sum over
 * it exactly with the weights {@link #componentLogits} (see {@link GmPrior#klTerm}).
 */
public final class GmPosterior implements Posterior {
  private final GaussianPosterior w;
  private final Var h;
  private final Layer qy;
  private final Params p;

  private GmPosterior(GaussianPosterior w, Var h, Layer qy, Params p) {
    this.w = w;
    this.h = h;
    this.qy = qy;
    this.p = p;
  }

  /** The family: encoder output width 2d; q(y|w,x) by the network {@code qy} ([w, h] [n, 3d] -&gt; [n, C]). */
  public static PosteriorFamily family(Layer qy) {
    return new PosteriorFamily() {
      @Override
      public int encoderOutputs(int latentDim) {
        return 2 * latentDim;
      }

      @Override
      public Posterior posterior(Var encoderOutput) {
        throw new IllegalStateException("the GM posterior needs the parameter values: use posterior(Params, Var)");
      }

      @Override
      public Posterior posterior(Params params, Var encoderOutput) {
        return new GmPosterior((GaussianPosterior) GaussianPosterior.FAMILY.posterior(encoderOutput), encoderOutput,
            qy, params);
      }
    };
  }

  /** q(w|x). */
  public GaussianPosterior gaussian() {
    return w;
  }

  /** The logits of q(y | w, x) [n, C] at draws w [n, d]. */
  public Var componentLogits(Var wDraw) {
    return qy.forward(p, Var.concat(1, wDraw, h));
  }

  @Override
  public long batchSize() {
    return w.batchSize();
  }

  @Override
  public long latentDim() {
    return w.latentDim();
  }

  @Override
  public Var rsample(Rng rng) {
    return w.rsample(rng);
  }

  @Override
  public Var logProb(Var z) {
    return w.logProb(z);
  }

  @Override
  public Var mean() {
    return w.mean();
  }

  @Override
  public Posterior detach() {
    return new GmPosterior((GaussianPosterior) w.detach(), h.detach(), qy, p.detached());
  }

  @Override
  public Posterior repeat(int k) {
    return k == 1 ? this : new GmPosterior((GaussianPosterior) w.repeat(k), Rows.tile(h, k), qy, p);
  }
}
