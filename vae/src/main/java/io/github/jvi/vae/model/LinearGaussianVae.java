package io.github.jvi.vae.model;

import io.github.jvi.core.distribution.MultivariateNormal;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.nn.Linear;
import io.github.jvi.vae.nn.Parameters;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A linear-Gaussian VAE, small enough to know exactly: the model (probabilistic PCA; Tipping &amp;
 * Bishop 1999)
 *
 * <pre>
 * p(z) = N(0, I_d),   p(x|z) = N(W z + b, sigma^2 I_D),   p(x) = N(b, W W^T + sigma^2 I_D)
 * p(z|x) = N(S W^T (x - b) / sigma^2, S),   S = (I_d + W^T W / sigma^2)^-1
 * </pre>
 * with a linear encoder x -&gt; [mu | log s] = [x A + c | t] (A [D, d], c [d], and t [d] through
 * the bias of the log-scale half, whose weights are zero) and a diagonal Gaussian q(z|x). When the
 * columns of W are orthogonal, S is diagonal and {@link #setExactPosterior()} makes q(z|x) = p(z|x)
 * for every x: then log p(x, z) - log q(z|x) = log p(x) for every z, every importance weight equals
 * p(x), and the path-derivative gradient of the ELBO with respect to the encoder vanishes
 * (Roeder, Wu &amp; Duvenaud 2017). {@link #logEvidence} is the closed-form log p(x), computed by
 * the core library's full-covariance {@link MultivariateNormal}, independently of the VAE code.
 *
 * <p>Parameter layout: {@code encoder.0.weight} [D, 2d], {@code encoder.0.bias} [2d],
 * {@code decoder.0.weight} [d, D] (= W^T), {@code decoder.0.bias} [D] (= b); the decoder is the
 * fixed-variance {@link GaussianLikelihood}.
 */
public final class LinearGaussianVae {
  private final Vae vae;
  private final INDArray w;
  private final INDArray b;
  private final double sigma;

  private LinearGaussianVae(Vae vae, INDArray w, INDArray b, double sigma) {
    this.vae = vae;
    this.w = w;
    this.b = b;
    this.sigma = sigma;
  }

  /**
   * The model with loadings W [D, d], offset b [D] and noise sigma &gt; 0, parameters of type
   * {@code type}; the encoder starts at zero weights and zero bias (q = N(0, I)).
   */
  public static LinearGaussianVae of(INDArray w, INDArray b, double sigma, DataType type) {
    Check.positive("sigma", sigma);
    if (w.rank() != 2 || b.length() != w.size(0)) {
      throw new IllegalArgumentException("W must be [D, d] and b [D], found " + Arrays.toString(w.shape())
          + " and " + Arrays.toString(b.shape()));
    }
    Check.finite("W", w);
    Check.finite("b", b);
    int pixels = (int) w.size(0);
    int d = (int) w.size(1);
    Parameters store = Parameters.of(type);
    Rng unused = Rng.of(0); // Linear.of draws an initialisation, overwritten below
    Linear enc = Linear.of(store, "encoder.0", pixels, 2 * d, false, unused);
    Linear dec = Linear.of(store, "decoder.0", d, pixels, false, unused);
    store.value(0).assign(0);
    store.value(1).assign(0);
    store.value(2).assign(w.transpose().castTo(type));
    store.value(3).assign(b.reshape(pixels).castTo(type));
    VaeConfig config = VaeConfig.defaults().withImage(pixels, 1).withLatentDim(d).withHidden(1)
        .withLikelihood(VaeConfig.LikelihoodKind.GAUSSIAN_FIXED, sigma);
    Vae vae = Vae.of(config, store, enc, dec, GaussianPosterior.FAMILY, StandardGaussianPrior.of(d, type),
        GaussianLikelihood.fixed(sigma), (long) pixels * 2 * d + (long) d * pixels);
    return new LinearGaussianVae(vae, w.castTo(DataType.DOUBLE).dup(), b.castTo(DataType.DOUBLE).reshape(pixels).dup(),
        sigma);
  }

  /** The VAE (live parameters). */
  public Vae vae() {
    return vae;
  }

  /** The loadings W [D, d] (float64 copy). */
  public INDArray loadings() {
    return w.dup();
  }

  /** The offset b [D] (float64 copy). */
  public INDArray offset() {
    return b.dup();
  }

  /** The noise standard deviation sigma. */
  public double sigma() {
    return sigma;
  }

  /** Observed width D. */
  public int pixels() {
    return (int) w.size(0);
  }

  /** Latent width d. */
  public int latentDim() {
    return (int) w.size(1);
  }

  /** log p(x) for each row of x [n, D], in float64. */
  public INDArray logEvidence(INDArray x) {
    INDArray cov = w.mmul(w.transpose()).addi(Nd4j.eye(pixels()).castTo(DataType.DOUBLE).muli(sigma * sigma));
    return MultivariateNormal.of(b, cov).logProb(x.castTo(DataType.DOUBLE)).value();
  }

  /** Sets the encoder to mu = x A + c, log s = t (A [D, d], c [d], t [d]). */
  public void setEncoder(INDArray a, INDArray c, INDArray t) {
    int d = latentDim();
    if (!Arrays.equals(a.shape(), new long[] {pixels(), d}) || c.length() != d || t.length() != d) {
      throw new IllegalArgumentException("A must be [" + pixels() + ", " + d + "] and c, t [" + d + "], found "
          + Arrays.toString(a.shape()) + ", " + Arrays.toString(c.shape()) + ", " + Arrays.toString(t.shape()));
    }
    Parameters store = vae.parameters();
    DataType type = store.dataType();
    INDArray weight = store.value(0);
    weight.assign(0);
    weight.get(NDArrayIndex.all(), NDArrayIndex.interval(0, d)).assign(a.castTo(type));
    INDArray bias = store.value(1);
    bias.get(NDArrayIndex.interval(0, d)).assign(c.reshape(d).castTo(type));
    bias.get(NDArrayIndex.interval(d, 2 * d)).assign(t.reshape(d).castTo(type));
  }

  /** Whether W^T W is diagonal (relative tolerance 1e-12), so that p(z|x) is a diagonal Gaussian. */
  public boolean posteriorIsDiagonal() {
    INDArray g = w.transpose().mmul(w);
    double scale = g.amaxNumber().doubleValue();
    INDArray off = g.sub(g.mul(Nd4j.eye(latentDim()).castTo(DataType.DOUBLE)));
    return off.amaxNumber().doubleValue() <= 1e-12 * Math.max(scale, 1e-300);
  }

  /**
   * Sets q(z|x) = p(z|x): A = W S / sigma^2, c = -b A, t = log(diag S) / 2.
   *
   * @throws IllegalStateException if the columns of W are not orthogonal (S not diagonal)
   */
  public void setExactPosterior() {
    if (!posteriorIsDiagonal()) {
      throw new IllegalStateException("the exact posterior is diagonal only when the columns of W are orthogonal");
    }
    double s2 = sigma * sigma;
    INDArray colNorms = w.mul(w).sum(0); // |w_j|^2
    INDArray sDiag = colNorms.div(s2).addi(1.0).rdivi(1.0); // S_jj
    INDArray a = w.mulRowVector(sDiag).divi(s2);
    INDArray c = b.reshape(1, pixels()).mmul(a).negi().reshape(latentDim());
    INDArray t = org.nd4j.linalg.ops.transforms.Transforms.log(sDiag, true).muli(0.5);
    setEncoder(a, c, t);
  }
}
