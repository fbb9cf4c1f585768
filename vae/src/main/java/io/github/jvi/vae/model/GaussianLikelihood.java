package io.github.jvi.vae.model;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.data.Pixels;
import io.github.jvi.vae.nn.Parameters;
import io.github.jvi.vae.nn.Params;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Independent Gaussian pixels on continuous data, x_j | z ~ N(m_j(z), sigma_j^2), the mean from the
 * decoder and the standard deviation either one fixed value for every pixel or learned per pixel
 * (a parameter {@code likelihood.logScale} [D], independent of z, with
 * sigma_j = sigmaMin + exp(s_j)).
 *
 * <pre>
 * log p(x|z) = sum_j -(x_j - m_j)^2 / (2 sigma_j^2) - log sigma_j - log(2 pi)/2
 * </pre>
 * The floor sigmaMin (default 0.01) keeps the density bounded: MNIST has pixels that are 0 in every
 * image, on which a learned variance would otherwise shrink to 0 and the likelihood diverge. The
 * log-density of continuous data is not comparable with the Bernoulli log-probability of binarised
 * data.
 */
public final class GaussianLikelihood implements Likelihood {
  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
  private final double fixedSigma;
  private final double sigmaMin;
  private final int logScale;

  private GaussianLikelihood(double fixedSigma, double sigmaMin, int logScale) {
    this.fixedSigma = fixedSigma;
    this.sigmaMin = sigmaMin;
    this.logScale = logScale;
  }

  /** One fixed standard deviation sigma &gt; 0 for every pixel. */
  public static GaussianLikelihood fixed(double sigma) {
    Check.positive("sigma", sigma);
    return new GaussianLikelihood(sigma, 0, -1);
  }

  /**
   * A learned standard deviation per pixel, sigma_j = sigmaMin + exp(s_j), initialised at
   * {@code init}; registers {@code likelihood.logScale} [pixels] in {@code store}.
   */
  public static GaussianLikelihood learned(Parameters store, int pixels, double init, double sigmaMin) {
    Check.positive("sigmaMin", sigmaMin);
    if (!(init > sigmaMin) || Double.isInfinite(init)) {
      throw new IllegalArgumentException("init must be finite and > sigmaMin = " + sigmaMin + ", found " + init);
    }
    int s = store.add("likelihood.logScale", Nd4j.valueArrayOf(new long[] {pixels}, Math.log(init - sigmaMin),
        store.dataType()));
    return new GaussianLikelihood(0, sigmaMin, s);
  }

  /** Whether the variance is learned. */
  public boolean learnedVariance() {
    return logScale >= 0;
  }

  @Override
  public int decoderOutputs(int pixels) {
    return pixels;
  }

  @Override
  public Pixels pixels() {
    return Pixels.CONTINUOUS;
  }

  @Override
  public Var logProb(Params p, Var mean, INDArray x) {
    INDArray m = mean.value();
    INDArray diff = x.sub(m);
    long d = m.size(1);
    if (!learnedVariance()) {
      double inv = 1.0 / (fixedSigma * fixedSigma);
      INDArray out = diff.mul(diff).sum(1).muli(-0.5 * inv).subi(d * (Math.log(fixedSigma) + HALF_LOG_2PI));
      return Var.op(out, g -> new INDArray[] {diff.mul(inv).muliColumnVector(g.reshape(g.length(), 1))}, mean);
    }
    Var s = p.get(logScale);
    INDArray e = Transforms.exp(s.value(), true);
    INDArray sigma = e.add(sigmaMin);
    INDArray inv = sigma.mul(sigma).rdivi(1.0); // 1 / sigma^2, [D]
    INDArray scaled = diff.mulRowVector(inv); // (x - m) / sigma^2
    INDArray logSigma = Transforms.log(sigma, true);
    INDArray out = scaled.mul(diff).muli(-0.5).sum(1).subi(logSigma.sumNumber().doubleValue() + d * HALF_LOG_2PI);
    return Var.op(out, g -> {
      INDArray gc = g.reshape(g.length(), 1);
      INDArray gm = mean.requiresGrad() ? scaled.mulColumnVector(gc) : null;
      INDArray gs = null;
      if (s.requiresGrad()) {
        // d/d sigma_j of the sum = sum_i g_i ((x_ij - m_ij)^2 / sigma_j^3 - 1 / sigma_j); times d sigma / d s = exp(s)
        INDArray sq = scaled.mul(diff).muliColumnVector(gc).sum(0); // sum_i g_i (x - m)^2 / sigma^2
        double gsum = g.sumNumber().doubleValue();
        gs = sq.subi(gsum).divi(sigma).muli(e).reshape(s.value().shape());
      }
      return new INDArray[] {gm, gs};
    }, mean, s);
  }

  /** The standard deviations sigma_j [D] for D pixels. */
  public INDArray sigma(Params p, long pixels, org.nd4j.linalg.api.buffer.DataType type) {
    if (!learnedVariance()) {
      return Nd4j.valueArrayOf(new long[] {pixels}, fixedSigma, type);
    }
    return Transforms.exp(p.get(logScale).value(), true).addi(sigmaMin);
  }

  @Override
  public INDArray mean(Params p, INDArray out) {
    return out.dup();
  }

  @Override
  public INDArray sample(Params p, INDArray out, Rng rng) {
    INDArray sd = sigma(p, out.size(1), out.dataType());
    return rng.normal(out.dataType(), out.shape()).muliRowVector(sd).addi(out);
  }
}
