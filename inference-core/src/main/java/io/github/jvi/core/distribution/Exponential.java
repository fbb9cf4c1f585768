package io.github.jvi.core.distribution;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The exponential distribution with rate r, batched element-wise.
 *
 * <pre>
 * log p(x) = log r - r x,  x &gt;= 0
 * E[x] = 1/r,  Var[x] = 1/r^2,  H = 1 - log r
 * rsample = -log(1 - u) / r,  u ~ U[0, 1)   (inverse CDF)
 * eta = -r,  t(x) = x,  h(x) = 1,  A(eta) = -log(-eta),  E[t] = 1/r,  F = 1/r^2
 * </pre>
 */
public final class Exponential implements Reparameterized, ExponentialFamily {
  private final Var rate;

  private Exponential(Var rate) {
    this.rate = rate;
  }

  /** Exponential(rate); rate finite and &gt; 0. */
  public static Exponential of(Var rate) {
    Check.positive("rate", rate.value());
    return new Exponential(rate);
  }

  /** Exponential(rate) from an array. */
  public static Exponential of(INDArray rate) {
    return of(Var.constant(rate));
  }

  /** A scalar Exponential(rate) in float64. */
  public static Exponential of(double rate) {
    Check.positive("rate", rate);
    return new Exponential(Var.scalar(rate));
  }

  /** The rate r. */
  public Var rate() {
    return rate;
  }

  @Override
  public Var logProb(Var x) {
    return rate.log().sub(rate.mul(x));
  }

  @Override
  public Var rsample(Rng rng, long... sampleShape) {
    INDArray u = rng.uniform(dataType(), Shapes.concat(sampleShape, batchShape()));
    INDArray e = Transforms.log(u.rsub(1.0), false).negi(); // 1 - u in (0, 1]: finite
    return Var.constant(e).div(rate);
  }

  @Override
  public Var mean() {
    return rate.reciprocal();
  }

  @Override
  public Var variance() {
    return rate.square().reciprocal();
  }

  @Override
  public Var entropy() {
    return rate.log().rsub(1.0);
  }

  @Override
  public long[] batchShape() {
    return rate.shape();
  }

  @Override
  public long[] eventShape() {
    return new long[0];
  }

  @Override
  public DataType dataType() {
    return rate.dataType();
  }

  @Override
  public Var naturalParameters() {
    return Shapes.stackLast(rate.neg());
  }

  @Override
  public Var sufficientStatistics(Var x) {
    return Shapes.stackLast(x);
  }

  @Override
  public Var logBaseMeasure(Var x) {
    return x.mul(0.0);
  }

  @Override
  public Var logNormalizer(Var eta) {
    return Shapes.lastComponent(eta, 0).neg().log().neg();
  }

  @Override
  public Var expectedSufficientStatistics() {
    return Shapes.stackLast(mean());
  }

  @Override
  public Var fisherInformation() {
    return Shapes.stackLast(Shapes.stackLast(variance()));
  }

  @Override
  public String toString() {
    return "Exponential(rate=" + rate.value() + ")";
  }
}
