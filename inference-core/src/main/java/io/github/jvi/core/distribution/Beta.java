package io.github.jvi.core.distribution;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Beta(alpha, beta) distribution on (0, 1), batched element-wise.
 *
 * <pre>
 * log p(x) = (alpha - 1) log x + (beta - 1) log(1 - x) - log B(alpha, beta)
 * log B(a, b) = log Gamma(a) + log Gamma(b) - log Gamma(a + b)
 * E[x] = alpha / (alpha + beta),  Var[x] = alpha beta / ((alpha + beta)^2 (alpha + beta + 1))
 * H = log B - (alpha - 1) psi(alpha) - (beta - 1) psi(beta) + (alpha + beta - 2) psi(alpha + beta)
 * x = X / (X + Y),  X ~ Gamma(alpha, 1),  Y ~ Gamma(beta, 1)
 * eta = (alpha - 1, beta - 1),  t(x) = (log x, log(1 - x)),  h(x) = 1,  A = log B(eta1 + 1, eta2 + 1)
 * E[t] = (psi(alpha) - psi(alpha + beta), psi(beta) - psi(alpha + beta))
 * F = [[psi'(alpha) - psi'(s), -psi'(s)], [-psi'(s), psi'(beta) - psi'(s)]],  s = alpha + beta
 * </pre>
 * {@link #rsample} is differentiable in both parameters through the implicit reparameterisation
 * gradients of the two Gamma draws (Figurnov et al. 2018). Caveat: for alpha or beta far below 1
 * (about 1e-2 and less) both Gamma draws can underflow to 0 and the ratio is NaN.
 */
public final class Beta implements Reparameterized, ExponentialFamily {
  private final Var alpha;
  private final Var beta;
  private final long[] batchShape;

  private Beta(Var alpha, Var beta) {
    this.alpha = alpha;
    this.beta = beta;
    this.batchShape = Shapes.broadcast(alpha.shape(), beta.shape());
  }

  /** Beta(alpha, beta); both finite and &gt; 0, shapes broadcastable. */
  public static Beta of(Var alpha, Var beta) {
    Check.positive("alpha", alpha);
    Check.positive("beta", beta);
    Shapes.broadcastOrThrow("alpha", alpha.shape(), "beta", beta.shape());
    return new Beta(alpha, beta);
  }

  /** Beta(alpha, beta) from arrays. */
  public static Beta of(INDArray alpha, INDArray beta) {
    return of(Var.constant(alpha), Var.constant(beta));
  }

  /** A scalar Beta(alpha, beta) in float64. */
  public static Beta of(double alpha, double beta) {
    Check.positive("alpha", alpha);
    Check.positive("beta", beta);
    return new Beta(Var.scalar(alpha), Var.scalar(beta));
  }

  /** alpha (the exponent of x). */
  public Var alpha() {
    return alpha;
  }

  /** beta (the exponent of 1 - x). */
  public Var beta() {
    return beta;
  }

  static Var logBeta(Var a, Var b) {
    return a.lgamma().add(b.lgamma()).sub(a.add(b).lgamma());
  }

  @Override
  public Var logProb(Var x) {
    return alpha.sub(1.0).mul(x.log()).add(beta.sub(1.0).mul(x.rsub(1.0).log())).sub(logBeta(alpha, beta));
  }

  @Override
  public Var rsample(Rng rng, long... sampleShape) {
    Var x = StandardGamma.rsample(Ops.broadcastTo(alpha, batchShape), rng, sampleShape);
    Var y = StandardGamma.rsample(Ops.broadcastTo(beta, batchShape), rng, sampleShape);
    return x.div(x.add(y));
  }

  @Override
  public Var mean() {
    return Ops.broadcastTo(alpha.div(alpha.add(beta)), batchShape);
  }

  @Override
  public Var variance() {
    Var s = alpha.add(beta);
    return Ops.broadcastTo(alpha.mul(beta).div(s.square().mul(s.add(1.0))), batchShape);
  }

  @Override
  public Var entropy() {
    Var s = alpha.add(beta);
    return Ops.broadcastTo(logBeta(alpha, beta).sub(alpha.sub(1.0).mul(alpha.digamma()))
        .sub(beta.sub(1.0).mul(beta.digamma())).add(s.sub(2.0).mul(s.digamma())), batchShape);
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
    return alpha.dataType();
  }

  @Override
  public Var naturalParameters() {
    return Shapes.stackLast(alpha.sub(1.0), beta.sub(1.0));
  }

  @Override
  public Var sufficientStatistics(Var x) {
    return Shapes.stackLast(x.log(), x.rsub(1.0).log());
  }

  @Override
  public Var logBaseMeasure(Var x) {
    return x.mul(0.0);
  }

  @Override
  public Var logNormalizer(Var eta) {
    return logBeta(Shapes.lastComponent(eta, 0).add(1.0), Shapes.lastComponent(eta, 1).add(1.0));
  }

  @Override
  public Var expectedSufficientStatistics() {
    Var ds = alpha.add(beta).digamma();
    return Shapes.stackLast(alpha.digamma().sub(ds), beta.digamma().sub(ds));
  }

  @Override
  public Var fisherInformation() {
    Var ts = Ops.trigamma(alpha.add(beta));
    Var off = ts.neg();
    return Shapes.stackLast(Shapes.stackLast(Ops.trigamma(alpha).sub(ts), off),
        Shapes.stackLast(off, Ops.trigamma(beta).sub(ts)));
  }

  @Override
  public String toString() {
    return "Beta(alpha=" + alpha.value() + ", beta=" + beta.value() + ")";
  }
}
