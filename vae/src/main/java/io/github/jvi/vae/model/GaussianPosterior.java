package io.github.jvi.vae.model;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;
import io.github.jvi.gpu.kernel.Kernels;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A diagonal Gaussian q(z|x) = N(mu, diag(sigma^2)) with sigma = exp(s), from an encoder output
 * [n, 2d] = [mu | s] (the log standard deviation, as the course's reference implementation).
 *
 * <pre>
 * rsample:   z = mu + exp(s) eps,  eps ~ N(0, I)                 (one pass, {@link Kernels#rsample})
 * log q(z) = sum_j -(z_j - mu_j)^2 / (2 sigma_j^2) - s_j - log(2 pi)/2   (one fused op)
 * KL(q || N(0, I)) = sum_j (mu_j^2 + sigma_j^2) / 2 - s_j - 1/2      (one pass, {@link Kernels#klStandardNormal},
 *                    as mu_j^2 / 2 + (expm1(2 s_j) - 2 s_j) / 2: accurate near the prior too)
 * </pre>
 * Reference: Kingma &amp; Welling (2014), appendix B, for the closed-form KL.
 */
public final class GaussianPosterior implements Posterior {
  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

  /** The family: encoder output width 2d. */
  public static final PosteriorFamily FAMILY = new PosteriorFamily() {
    @Override
    public int encoderOutputs(int latentDim) {
      return 2 * latentDim;
    }

    @Override
    public Posterior posterior(Var h) {
      long d = h.shape()[1] / 2;
      return of(h.get(NDArrayIndex.all(), NDArrayIndex.interval(0, d)),
          h.get(NDArrayIndex.all(), NDArrayIndex.interval(d, 2 * d)));
    }
  };

  private final Var mu;
  private final Var logScale;

  private GaussianPosterior(Var mu, Var logScale) {
    this.mu = mu;
    this.logScale = logScale;
  }

  /**
   * N(mu, diag(exp(2 logScale))) for mu, logScale [n, d].
   *
   * @throws IllegalArgumentException if the shapes differ or are not [n, d]
   */
  public static GaussianPosterior of(Var mu, Var logScale) {
    if (mu.rank() != 2 || !java.util.Arrays.equals(mu.shape(), logScale.shape())) {
      throw new IllegalArgumentException("mu and logScale must both be [n, d], found "
          + java.util.Arrays.toString(mu.shape()) + " and " + java.util.Arrays.toString(logScale.shape()));
    }
    return new GaussianPosterior(mu, logScale);
  }

  /** The means [n, d]. */
  public Var loc() {
    return mu;
  }

  /** The log standard deviations [n, d]. */
  public Var logScale() {
    return logScale;
  }

  @Override
  public long batchSize() {
    return mu.shape()[0];
  }

  @Override
  public long latentDim() {
    return mu.shape()[1];
  }

  @Override
  public Var rsample(Rng rng) {
    INDArray eps = rng.normal(mu.dataType(), mu.shape());
    INDArray[] zs = Kernels.rsample(mu.value(), logScale.value(), eps); // {z, sigma eps}
    INDArray sigmaEps = zs[1];
    return Var.op(zs[0], g -> new INDArray[] {
        g,
        logScale.requiresGrad() ? g.mul(sigmaEps) : null}, mu, logScale);
  }

  @Override
  public Var logProb(Var z) {
    INDArray ls = logScale.value();
    INDArray invVar = Transforms.exp(ls.mul(-2.0), false);
    INDArray diff = z.value().sub(mu.value());
    INDArray scaled = diff.mul(invVar); // (z - mu) / sigma^2
    INDArray out = diff.mul(scaled).muli(-0.5).subi(ls).sum(1).subi(HALF_LOG_2PI * latentDim());
    return Var.op(out, g -> {
      INDArray gc = g.reshape(g.length(), 1);
      INDArray dz = scaled.mulColumnVector(gc).negi();
      return new INDArray[] {
          z.requiresGrad() ? dz : null,
          mu.requiresGrad() ? dz.neg() : null,
          logScale.requiresGrad() ? diff.mul(scaled).subi(1.0).mulColumnVector(gc) : null};
    }, z, mu, logScale);
  }

  /** KL(q_i || N(0, I)) for each example, [n], in closed form. */
  public Var klStandardNormal() {
    INDArray m = mu.value();
    INDArray ls = logScale.value();
    INDArray out = Kernels.klStandardNormal(m, ls);
    return Var.op(out, g -> {
      INDArray[] grads = Kernels.klStandardNormalGrad(m, ls, g); // {mu g, (sigma^2 - 1) g}
      return new INDArray[] {mu.requiresGrad() ? grads[0] : null, logScale.requiresGrad() ? grads[1] : null};
    }, mu, logScale);
  }

  @Override
  public Var mean() {
    return mu;
  }

  @Override
  public Posterior detach() {
    return new GaussianPosterior(mu.detach(), logScale.detach());
  }

  @Override
  public Posterior repeat(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, found " + k);
    }
    if (k == 1) {
      return this;
    }
    return new GaussianPosterior(Rows.tile(mu, k), Rows.tile(logScale, k));
  }
}
