package io.github.jvi.core.distribution;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Cauchy (Lorentz) distribution with location x0 and scale gamma, batched element-wise: the
 * Student-t with one degree of freedom.
 *
 * <pre>
 * log p(x) = -log pi - log gamma - log(1 + ((x - x0) / gamma)^2)
 * F(x) = 1/2 + atan((x - x0) / gamma) / pi
 * H = log(4 pi gamma)
 * rsample = x0 + gamma tan(pi (u - 1/2)),  u ~ U[0, 1)   (inverse CDF)
 * </pre>
 *
 * <p><b>Moments do not exist.</b> E|x| is infinite, so {@link #mean()} is NaN (undefined) and
 * {@link #variance()} is +infinity, element-wise in the batch shape, as PyTorch's
 * {@code Cauchy.mean} and {@code Cauchy.variance} report them. Neither carries a gradient.
 * The median and mode are x0 ({@link #loc()}).
 */
public final class Cauchy implements Reparameterized {
  private static final double LOG_PI = Math.log(Math.PI);
  private final Var loc;
  private final Var scale;
  private final long[] batchShape;

  private Cauchy(Var loc, Var scale) {
    this.loc = loc;
    this.scale = scale;
    this.batchShape = Shapes.broadcast(loc.shape(), scale.shape());
  }

  /** Cauchy(loc, scale); loc finite, scale finite and &gt; 0, shapes broadcastable. */
  public static Cauchy of(Var loc, Var scale) {
    Check.finite("loc", loc);
    Check.positive("scale", scale);
    Shapes.broadcastOrThrow("loc", loc.shape(), "scale", scale.shape());
    return new Cauchy(loc, scale);
  }

  /** Cauchy(loc, scale) from arrays. */
  public static Cauchy of(INDArray loc, INDArray scale) {
    return of(Var.constant(loc), Var.constant(scale));
  }

  /** A scalar Cauchy(loc, scale) in float64. */
  public static Cauchy of(double loc, double scale) {
    Check.finite("loc", loc);
    Check.positive("scale", scale);
    return new Cauchy(Var.scalar(loc), Var.scalar(scale));
  }

  /** The location x0 (median and mode). */
  public Var loc() {
    return loc;
  }

  /** The scale gamma (half the interquartile range). */
  public Var scale() {
    return scale;
  }

  /** -log pi - log gamma - log(1 + z^2), z = (x - x0) / gamma: shared with {@link HalfCauchy}. */
  static Var logDensity(Var x, Var loc, Var scale) {
    Var z = x.sub(loc).div(scale);
    return z.square().log1p().add(scale.log()).neg().sub(LOG_PI);
  }

  @Override
  public Var logProb(Var x) {
    return logDensity(x, loc, scale);
  }

  /** tan(pi (u - 1/2)) for u ~ U[0, 1): standard Cauchy draws, computed in float64. */
  static INDArray standardDraws(Rng rng, DataType type, long[] shape) {
    double[] u = Ops.doubles(rng.uniform(DataType.DOUBLE, shape));
    for (int i = 0; i < u.length; i++) {
      u[i] = Math.tan(Math.PI * (u[i] - 0.5));
    }
    return u.length == 0 ? Nd4j.zeros(type, shape) : Ops.fromDoubles(u, shape, type);
  }

  @Override
  public Var rsample(Rng rng, long... sampleShape) {
    INDArray eps = standardDraws(rng, dataType(), Shapes.concat(sampleShape, batchShape));
    return loc.add(scale.mul(Var.constant(eps)));
  }

  /** NaN in every element (the mean does not exist). */
  @Override
  public Var mean() {
    return Var.constant(Nd4j.zeros(dataType(), batchShape).assign(Double.NaN));
  }

  /** +infinity in every element (E[x^2] is infinite; PyTorch's convention). */
  @Override
  public Var variance() {
    return Var.constant(Nd4j.zeros(dataType(), batchShape).assign(Double.POSITIVE_INFINITY));
  }

  @Override
  public Var entropy() {
    return Ops.broadcastTo(scale.log().add(Math.log(4 * Math.PI)), batchShape);
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
    return "Cauchy(loc=" + loc.value() + ", scale=" + scale.value() + ")";
  }
}
