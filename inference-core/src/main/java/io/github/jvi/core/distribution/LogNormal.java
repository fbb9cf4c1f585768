package io.github.jvi.core.distribution;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The log-normal distribution on x &gt; 0, batched element-wise: exp(y) for y ~ N(mu, sigma^2);
 * {@code loc} and {@code scale} are mu and sigma of log x.
 *
 * <pre>
 * log p(x) = -log x - log sigma - log(2 pi)/2 - (log x - mu)^2 / (2 sigma^2),  x &gt; 0
 * log p(x) = -infinity,  x &lt;= 0   (zero gradient there)
 * E[x] = exp(mu + sigma^2/2),  Var[x] = (exp(sigma^2) - 1) exp(2 mu + sigma^2)
 * H = mu + 1/2 + log(2 pi)/2 + log sigma
 * rsample = exp(mu + sigma eps),  eps ~ N(0, 1)
 * </pre>
 */
public final class LogNormal implements Reparameterized {
  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
  private final Var loc;
  private final Var scale;
  private final long[] batchShape;

  private LogNormal(Var loc, Var scale) {
    this.loc = loc;
    this.scale = scale;
    this.batchShape = Shapes.broadcast(loc.shape(), scale.shape());
  }

  /** LogNormal(loc, scale) of log x ~ N(loc, scale^2); loc finite, scale finite and &gt; 0. */
  public static LogNormal of(Var loc, Var scale) {
    Check.finite("loc", loc);
    Check.positive("scale", scale);
    Shapes.broadcastOrThrow("loc", loc.shape(), "scale", scale.shape());
    return new LogNormal(loc, scale);
  }

  /** LogNormal(loc, scale) from arrays. */
  public static LogNormal of(INDArray loc, INDArray scale) {
    return of(Var.constant(loc), Var.constant(scale));
  }

  /** A scalar LogNormal(loc, scale) in float64. */
  public static LogNormal of(double loc, double scale) {
    Check.finite("loc", loc);
    Check.positive("scale", scale);
    return new LogNormal(Var.scalar(loc), Var.scalar(scale));
  }

  /** mu, the mean of log x. */
  public Var loc() {
    return loc;
  }

  /** sigma, the standard deviation of log x. */
  public Var scale() {
    return scale;
  }

  @Override
  public Var logProb(Var x) {
    return Support.halfLine(x, true, 1.0, v -> {
      Var lx = v.log();
      return lx.sub(loc).div(scale).square().mul(-0.5).sub(lx).sub(scale.log()).sub(HALF_LOG_2PI);
    });
  }

  @Override
  public Var rsample(Rng rng, long... sampleShape) {
    INDArray eps = rng.normal(dataType(), Shapes.concat(sampleShape, batchShape));
    return loc.add(scale.mul(Var.constant(eps))).exp();
  }

  @Override
  public Var mean() {
    return Ops.broadcastTo(loc.add(scale.square().mul(0.5)).exp(), batchShape);
  }

  @Override
  public Var variance() {
    Var s2 = scale.square();
    return Ops.broadcastTo(s2.expm1().mul(loc.mul(2.0).add(s2).exp()), batchShape);
  }

  @Override
  public Var entropy() {
    return Ops.broadcastTo(loc.add(scale.log()).add(0.5 + HALF_LOG_2PI), batchShape);
  }

  @Override
  public long[] batchShape() {
    return batchShape.clone();
  }

  @Override
  public long[] eventShape() {
    return new long[0];
  }

  @Override
  public DataType dataType() {
    return loc.dataType();
  }

  @Override
  public String toString() {
    return "LogNormal(loc=" + loc.value() + ", scale=" + scale.value() + ")";
  }
}
