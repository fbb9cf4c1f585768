package io.github.jvi.core.distribution;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The half-normal distribution with scale sigma on x &gt;= 0, batched element-wise: |y| for
 * y ~ N(0, sigma^2).
 *
 * <pre>
 * log p(x) = log 2 + N(0, sigma^2).logProb(x) = log(2/pi)/2 - log sigma - x^2 / (2 sigma^2),  x &gt;= 0
 * log p(x) = -infinity,  x &lt; 0   (zero gradient there)
 * E[x] = sigma sqrt(2/pi),  Var[x] = sigma^2 (1 - 2/pi)
 * H = log(pi sigma^2 / 2) / 2 + 1/2
 * rsample = sigma |eps|,  eps ~ N(0, 1)
 * </pre>
 */
public final class HalfNormal implements Reparameterized {
  private static final double HALF_LOG_2_OVER_PI = 0.5 * Math.log(2 / Math.PI);
  private final Var scale;

  private HalfNormal(Var scale) {
    this.scale = scale;
  }

  /** HalfNormal(scale); scale finite and &gt; 0. */
  public static HalfNormal of(Var scale) {
    Check.positive("scale", scale);
    return new HalfNormal(scale);
  }

  /** HalfNormal(scale) from an array. */
  public static HalfNormal of(INDArray scale) {
    return of(Var.constant(scale));
  }

  /** A scalar HalfNormal(scale) in float64. */
  public static HalfNormal of(double scale) {
    Check.positive("scale", scale);
    return new HalfNormal(Var.scalar(scale));
  }

  /** The scale sigma (the standard deviation of the normal folded at 0). */
  public Var scale() {
    return scale;
  }

  @Override
  public Var logProb(Var x) {
    return Support.halfLine(x, false, 0.0,
        v -> v.div(scale).square().mul(-0.5).sub(scale.log()).add(HALF_LOG_2_OVER_PI));
  }

  @Override
  public Var rsample(Rng rng, long... sampleShape) {
    INDArray eps = Transforms.abs(rng.normal(dataType(), Shapes.concat(sampleShape, batchShape())), false);
    return scale.mul(Var.constant(eps));
  }

  @Override
  public Var mean() {
    return scale.mul(Math.sqrt(2 / Math.PI));
  }

  @Override
  public Var variance() {
    return scale.square().mul(1 - 2 / Math.PI);
  }

  @Override
  public Var entropy() {
    return scale.log().add(0.5 * Math.log(Math.PI / 2) + 0.5);
  }

  @Override
  public long[] batchShape() {
    return scale.shape();
  }

  @Override
  public long[] eventShape() {
    return new long[0];
  }

  @Override
  public DataType dataType() {
    return scale.dataType();
  }

  @Override
  public String toString() {
    return "HalfNormal(scale=" + scale.value() + ")";
  }
}
