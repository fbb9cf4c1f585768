package io.github.jvi.core.distribution;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The half-Cauchy distribution with scale gamma on x &gt;= 0, batched element-wise: |y| for
 * y ~ Cauchy(0, gamma). The weakly informative prior for a scale parameter of Gelman (2006),
 * "Prior distributions for variance parameters in hierarchical models", Bayesian Analysis 1(3).
 *
 * <pre>
 * log p(x) = log 2 + Cauchy(0, gamma).logProb(x) = log(2 / pi) - log gamma - log(1 + (x / gamma)^2),  x &gt;= 0
 * log p(x) = -infinity,  x &lt; 0   (zero gradient there)
 * F(x) = 2 atan(x / gamma) / pi
 * H = log(2 pi gamma)
 * rsample = gamma tan(pi u / 2),  u ~ U[0, 1)   (inverse CDF)
 * </pre>
 *
 * <p><b>Moments are infinite.</b> {@link #mean()} and {@link #variance()} are +infinity in every
 * element (E[x] diverges like log x), as PyTorch's {@code HalfCauchy} reports them; neither carries
 * a gradient. The median is gamma.
 */
public final class HalfCauchy implements Reparameterized {
  private static final double LOG_2 = Math.log(2);
  private final Var scale;

  private HalfCauchy(Var scale) {
    this.scale = scale;
  }

  /** HalfCauchy(scale); scale finite and &gt; 0. */
  public static HalfCauchy of(Var scale) {
    Check.positive("scale", scale);
    return new HalfCauchy(scale);
  }

  /** HalfCauchy(scale) from an array. */
  public static HalfCauchy of(INDArray scale) {
    return of(Var.constant(scale));
  }

  /** A scalar HalfCauchy(scale) in float64. */
  public static HalfCauchy of(double scale) {
    Check.positive("scale", scale);
    return new HalfCauchy(Var.scalar(scale));
  }

  /** The scale gamma (the median). */
  public Var scale() {
    return scale;
  }

  @Override
  public Var logProb(Var x) {
    return Support.halfLine(x, false, 0.0, v -> Cauchy.logDensity(v, scale.like(0.0), scale).add(LOG_2));
  }

  @Override
  public Var rsample(Rng rng, long... sampleShape) {
    long[] shape = Shapes.concat(sampleShape, batchShape());
    double[] u = Ops.doubles(rng.uniform(DataType.DOUBLE, shape));
    for (int i = 0; i < u.length; i++) {
      u[i] = Math.tan(0.5 * Math.PI * u[i]);
    }
    INDArray eps = u.length == 0 ? Nd4j.zeros(dataType(), shape) : Ops.fromDoubles(u, shape, dataType());
    return scale.mul(Var.constant(eps));
  }

  /** +infinity in every element. */
  @Override
  public Var mean() {
    return Var.constant(Nd4j.zeros(dataType(), batchShape()).assign(Double.POSITIVE_INFINITY));
  }

  /** +infinity in every element. */
  @Override
  public Var variance() {
    return Var.constant(Nd4j.zeros(dataType(), batchShape()).assign(Double.POSITIVE_INFINITY));
  }

  @Override
  public Var entropy() {
    return scale.log().add(Math.log(2 * Math.PI));
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
    return "HalfCauchy(scale=" + scale.value() + ")";
  }
}
