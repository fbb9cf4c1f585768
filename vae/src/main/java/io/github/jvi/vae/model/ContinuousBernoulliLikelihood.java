package io.github.jvi.vae.model;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.special.Special;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.data.Pixels;
import io.github.jvi.vae.nn.Params;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Independent continuous Bernoulli pixels on [0, 1] (Loaiza-Ganem &amp; Cunningham 2019) with logits
 * l from the decoder, lambda = sigmoid(l):
 *
 * <pre>
 * p(x|lambda) = C(lambda) lambda^x (1 - lambda)^(1 - x)
 * log p(x|l)  = x l - softplus(l) + log C(l),   log C(l) = log( l / tanh(l/2) )   (even in l)
 * d log C / dl = 1/l - 1/sinh(l)
 * E[x]        = sigmoid(l) / tanh(l/2) - 1/l
 * sampling    : x = log1p(u expm1(l)) / l,  u ~ U(0, 1)   (inverse CDF)
 * </pre>
 * Near l = 0 (|l| &lt; 0.1) the Taylor forms log 2 + l^2/12 - 7 l^4/1440, l/6 - 7 l^3/360,
 * 1/2 + l/12 - l^3/720 and u + l u (1 - u) / 2 replace the expressions that cancel.
 */
public final class ContinuousBernoulliLikelihood implements Likelihood {
  private static final double SMALL = 0.1;
  private static final ContinuousBernoulliLikelihood INSTANCE = new ContinuousBernoulliLikelihood();

  private ContinuousBernoulliLikelihood() {}

  /** The continuous Bernoulli likelihood (stateless). */
  public static ContinuousBernoulliLikelihood of() {
    return INSTANCE;
  }

  @Override
  public int decoderOutputs(int pixels) {
    return pixels;
  }

  @Override
  public Pixels pixels() {
    return Pixels.CONTINUOUS;
  }

  /** log C(l) element-wise. */
  static INDArray logNormalizer(INDArray l) {
    INDArray a = Transforms.abs(l, true);
    INDArray small = a.lt(SMALL).castTo(l.dataType());
    INDArray safe = Transforms.max(a, SMALL, true);
    INDArray exact = Transforms.log(safe, true).subi(Transforms.log(Transforms.tanh(safe.mul(0.5), false), false));
    INDArray l2 = l.mul(l);
    INDArray taylor = l2.mul(-7.0 / 1440).addi(1.0 / 12).muli(l2).addi(Math.log(2));
    return taylor.muli(small).addi(exact.muli(small.rsub(1.0)));
  }

  /** d log C / dl element-wise. */
  static INDArray logNormalizerGrad(INDArray l) {
    INDArray a = Transforms.abs(l, true);
    INDArray small = a.lt(SMALL).castTo(l.dataType());
    INDArray sign = Transforms.sign(l, true);
    INDArray safe = Transforms.max(a, SMALL, true);
    // 1/|l| - 1/sinh(|l|), odd in l: times sign(l)
    INDArray exact = safe.rdiv(1.0).subi(Transforms.sinh(safe, true).rdivi(1.0)).muli(sign);
    INDArray l2 = l.mul(l);
    INDArray taylor = l2.mul(-7.0 / 360).addi(1.0 / 6).muli(l);
    return taylor.muli(small).addi(exact.muli(small.rsub(1.0)));
  }

  @Override
  public Var logProb(Params p, Var logits, INDArray x) {
    INDArray l = logits.value();
    INDArray out = x.mul(l).subi(Special.softplus(l)).addi(logNormalizer(l)).sum(1);
    return Var.op(out, g -> new INDArray[] {
        Transforms.sigmoid(l, true).rsubi(x).addi(logNormalizerGrad(l)).muliColumnVector(g.reshape(g.length(), 1))},
        logits);
  }

  @Override
  public INDArray mean(Params p, INDArray logits) {
    double[] l = logits.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    double[] m = new double[l.length];
    for (int i = 0; i < l.length; i++) {
      double v = l[i];
      m[i] = Math.abs(v) < SMALL ? 0.5 + v / 12 - v * v * v / 720
          : 1.0 / (1.0 + Math.exp(-v)) / Math.tanh(v / 2) - 1.0 / v;
    }
    return Nd4j.createFromArray(m).reshape(logits.shape()).castTo(logits.dataType());
  }

  @Override
  public INDArray sample(Params p, INDArray logits, Rng rng) {
    double[] l = logits.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    double[] u = rng.uniform(DataType.DOUBLE, l.length).data().asDouble();
    double[] x = new double[l.length];
    for (int i = 0; i < l.length; i++) {
      double v = l[i];
      x[i] = Math.abs(v) < 1e-4 ? u[i] + v * u[i] * (1 - u[i]) / 2
          : v > 0 ? 1 + Math.log(u[i] + (1 - u[i]) * Math.exp(-v)) / v // stable for large l
          : Math.log1p(u[i] * Math.expm1(v)) / v;
    }
    return Nd4j.createFromArray(x).reshape(logits.shape()).castTo(logits.dataType());
  }
}
