package io.github.jvi.vae.model;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.nn.Params;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * p(z) = N(0, I_d): log p(z) = -|z|^2 / 2 - d log(2 pi) / 2, with the closed-form KL of
 * {@link GaussianPosterior#klStandardNormal()} for a Gaussian posterior.
 */
public final class StandardGaussianPrior implements Prior {
  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
  private final int dim;
  private final DataType type;

  private StandardGaussianPrior(int dim, DataType type) {
    this.dim = dim;
    this.type = type;
  }

  /** N(0, I_d); d &gt;= 1. */
  public static StandardGaussianPrior of(int dim, DataType type) {
    if (dim < 1) {
      throw new IllegalArgumentException("dim must be >= 1, found " + dim);
    }
    return new StandardGaussianPrior(dim, type);
  }

  @Override
  public int latentDim() {
    return dim;
  }

  @Override
  public Var logProb(Params p, Var z) {
    return z.square().sum(1).mul(-0.5).sub(HALF_LOG_2PI * dim);
  }

  @Override
  public INDArray sample(Params p, Rng rng, int n) {
    return rng.normal(p == null ? type : p.dataType(), n, dim);
  }

  @Override
  public Var closedFormKl(Params p, Posterior q) {
    return q instanceof GaussianPosterior g ? g.klStandardNormal() : null;
  }
}
