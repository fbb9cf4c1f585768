package io.github.jvi.core.distribution;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The location-scale Student-t distribution with nu degrees of freedom, location mu and scale
 * sigma, batched element-wise (nu = 1 is the {@link Cauchy}; nu -&gt; infinity the {@link Normal}).
 *
 * <pre>
 * log p(x) = lgamma((nu + 1)/2) - lgamma(nu/2) - log(nu pi)/2 - log sigma - (nu + 1)/2 log(1 + z^2 / nu),
 *            z = (x - mu) / sigma
 * E[x]   = mu                          for nu &gt; 1,  NaN (undefined) for nu &lt;= 1
 * Var[x] = sigma^2 nu / (nu - 2)      for nu &gt; 2,  +infinity for 1 &lt; nu &lt;= 2,  NaN for nu &lt;= 1
 * H = log sigma + (nu + 1)/2 (psi((nu + 1)/2) - psi(nu/2)) + log(nu)/2 + log B(nu/2, 1/2)
 * rsample = mu + sigma eps / sqrt(g),  eps ~ N(0, 1),  g ~ Gamma(nu/2, rate nu/2)   (g = chi^2_nu / nu)
 * </pre>
 * The undefined and infinite moments follow PyTorch's {@code StudentT.mean} and
 * {@code StudentT.variance}; they carry no gradient (the defined ones do, in mu, sigma and nu).
 *
 * <p>{@link #rsample} is differentiable in mu and sigma through the transform and in nu through
 * the implicit reparameterisation gradient of the Gamma draw (Figurnov et al. 2018; see
 * {@link StandardGamma}), as PyTorch's {@code StudentT.rsample}. The normal draws are taken from
 * the {@link Rng} before the Gamma draws. Caveat: for nu far below 1 (about 0.05 and less) the
 * Gamma draw can underflow to 0 and the draw is infinite.
 */
public final class StudentT implements Reparameterized {
  private static final double HALF_LOG_PI = 0.5 * Math.log(Math.PI);
  private final Var df;
  private final Var loc;
  private final Var scale;
  private final long[] batchShape;

  private StudentT(Var df, Var loc, Var scale) {
    this.df = df;
    this.loc = loc;
    this.scale = scale;
    this.batchShape = Shapes.broadcast(Shapes.broadcast(df.shape(), loc.shape()), scale.shape());
  }

  /** StudentT(df, loc, scale); df and scale finite and &gt; 0, loc finite, shapes broadcastable. */
  public static StudentT of(Var df, Var loc, Var scale) {
    Check.positive("df", df);
    Check.finite("loc", loc);
    Check.positive("scale", scale);
    Shapes.broadcastOrThrow("df", df.shape(), "loc", loc.shape());
    Shapes.broadcastOrThrow("df", Shapes.broadcast(df.shape(), loc.shape()), "scale", scale.shape());
    return new StudentT(df, loc, scale);
  }

  /** StudentT(df, loc, scale) from arrays. */
  public static StudentT of(INDArray df, INDArray loc, INDArray scale) {
    return of(Var.constant(df), Var.constant(loc), Var.constant(scale));
  }

  /** A scalar StudentT(df, loc, scale) in float64. */
  public static StudentT of(double df, double loc, double scale) {
    Check.positive("df", df);
    Check.finite("loc", loc);
    Check.positive("scale", scale);
    return new StudentT(Var.scalar(df), Var.scalar(loc), Var.scalar(scale));
  }

  /** The standard Student-t with df degrees of freedom (loc 0, scale 1) in float64. */
  public static StudentT of(double df) {
    return of(df, 0.0, 1.0);
  }

  /** The degrees of freedom nu. */
  public Var df() {
    return df;
  }

  /** The location mu (median and mode). */
  public Var loc() {
    return loc;
  }

  /** The scale sigma. */
  public Var scale() {
    return scale;
  }

  @Override
  public Var logProb(Var x) {
    Var z = x.sub(loc).div(scale);
    Var half = df.mul(0.5);
    Var halfPlus = df.add(1.0).mul(0.5);
    Var norm = halfPlus.lgamma().sub(half.lgamma()).sub(df.log().mul(0.5)).sub(HALF_LOG_PI).sub(scale.log());
    return norm.sub(halfPlus.mul(z.square().div(df).log1p()));
  }

  @Override
  public Var rsample(Rng rng, long... sampleShape) {
    INDArray eps = rng.normal(dataType(), Shapes.concat(sampleShape, batchShape));
    Var half = Ops.broadcastTo(df.mul(0.5), batchShape);
    Var g = StandardGamma.rsample(half, rng, sampleShape).div(half); // Gamma(nu/2, rate nu/2)
    return loc.add(scale.mul(Var.constant(eps).div(g.sqrt())));
  }

  /** A 0/1 mask of the batch shape: 1 where df &gt; threshold. */
  private INDArray dfAbove(double threshold) {
    return Ops.broadcastTo(df, batchShape).value().gt(threshold).castTo(dataType());
  }

  /** mu where nu &gt; 1, NaN where nu &lt;= 1. */
  @Override
  public Var mean() {
    return Support.select(dfAbove(1), Ops.broadcastTo(loc, batchShape), Double.NaN);
  }

  /** sigma^2 nu / (nu - 2) where nu &gt; 2, +infinity where 1 &lt; nu &lt;= 2, NaN where nu &lt;= 1. */
  @Override
  public Var variance() {
    INDArray above2 = dfAbove(2);
    // the formula at a cut nu = 3 where nu <= 2, so that it stays finite there
    Var dfc = Support.select(above2, Ops.broadcastTo(df, batchShape), 3.0);
    Var v = Support.select(above2, scale.square().mul(dfc).div(dfc.sub(2.0)), Double.POSITIVE_INFINITY);
    return Support.select(dfAbove(1), v, Double.NaN);
  }

  @Override
  public Var entropy() {
    Var half = df.mul(0.5);
    Var halfPlus = df.add(1.0).mul(0.5);
    Var logBeta = half.lgamma().add(HALF_LOG_PI).sub(halfPlus.lgamma()); // log B(nu/2, 1/2), Gamma(1/2) = sqrt(pi)
    Var h = scale.log().add(halfPlus.mul(halfPlus.digamma().sub(half.digamma()))).add(df.log().mul(0.5)).add(logBeta);
    return Ops.broadcastTo(h, batchShape);
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
    return "StudentT(df=" + df.value() + ", loc=" + loc.value() + ", scale=" + scale.value() + ")";
  }
}
