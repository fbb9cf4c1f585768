package io.github.jvi.core.distribution;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The Normal-Gamma distribution NG(mu, lambda, a, b) over (x, tau): tau ~ Gamma(a, rate b) and
 * x | tau ~ N(mu, 1 / (lambda tau)); the conjugate prior for the mean and precision of a normal
 * (Bishop 2006, section 2.3.6; Murphy 2007, "Conjugate Bayesian analysis of the Gaussian
 * distribution"). Event shape [2], the pair (x, tau); batched element-wise over the parameters.
 *
 * <pre>
 * log p(x, tau) = a log b - log Gamma(a) + (a - 1/2) log tau - b tau + (1/2) log(lambda / 2 pi)
 *                 - lambda tau (x - mu)^2 / 2
 * E[x] = mu,  E[tau] = a/b,  Var[tau] = a/b^2,  Var[x] = b / (lambda (a - 1)) for a &gt; 1, else infinite
 * H = H_Gamma(a, b) + (1 + log 2 pi - log lambda - psi(a) + log b) / 2
 * </pre>
 * The expectations CAVI updates need are exposed directly: E[tau], E[log tau], E[tau x] = mu a/b,
 * E[tau x^2] = 1/lambda + mu^2 a/b. The marginal of x is Student-t with 2a degrees of freedom,
 * location mu and squared scale b / (a lambda).
 */
public final class NormalGamma implements Reparameterized {
  private static final double LOG_2PI = Math.log(2 * Math.PI);
  private final Var mu;
  private final Var lambda;
  private final Var a;
  private final Var b;
  private final long[] batchShape;

  private NormalGamma(Var mu, Var lambda, Var a, Var b) {
    this.mu = mu;
    this.lambda = lambda;
    this.a = a;
    this.b = b;
    this.batchShape = Shapes.broadcast(Shapes.broadcast(mu.shape(), lambda.shape()),
        Shapes.broadcast(a.shape(), b.shape()));
  }

  /** NG(mu, lambda, a, b): mu finite; lambda, a, b finite and &gt; 0; shapes broadcastable. */
  public static NormalGamma of(Var mu, Var lambda, Var a, Var b) {
    Check.finite("mu", mu.value());
    Check.positive("lambda", lambda.value());
    Check.positive("a", a.value());
    Check.positive("b", b.value());
    Shapes.broadcastOrThrow("mu", mu.shape(), "lambda", lambda.shape());
    Shapes.broadcastOrThrow("a", a.shape(), "b", b.shape());
    Shapes.broadcastOrThrow("mu", Shapes.broadcast(mu.shape(), lambda.shape()), "a",
        Shapes.broadcast(a.shape(), b.shape()));
    return new NormalGamma(mu, lambda, a, b);
  }

  /** NG from arrays. */
  public static NormalGamma of(INDArray mu, INDArray lambda, INDArray a, INDArray b) {
    return of(Var.constant(mu), Var.constant(lambda), Var.constant(a), Var.constant(b));
  }

  /** A scalar NG in float64. */
  public static NormalGamma of(double mu, double lambda, double a, double b) {
    Check.finite("mu", mu);
    Check.positive("lambda", lambda);
    Check.positive("a", a);
    Check.positive("b", b);
    return new NormalGamma(Var.scalar(mu), Var.scalar(lambda), Var.scalar(a), Var.scalar(b));
  }

  /** mu, the mean of x. */
  public Var mu() {
    return mu;
  }

  /** lambda, the precision scaling of x given tau. */
  public Var lambda() {
    return lambda;
  }

  /** a, the Gamma shape of tau. */
  public Var a() {
    return a;
  }

  /** b, the Gamma rate of tau. */
  public Var b() {
    return b;
  }

  /** The marginal Gamma(a, b) of tau. */
  public Gamma tauMarginal() {
    return Gamma.of(a, b);
  }

  /** E[tau] = a / b. */
  public Var expectedTau() {
    return Ops.broadcastTo(a.div(b), batchShape);
  }

  /** E[log tau] = psi(a) - log b. */
  public Var expectedLogTau() {
    return Ops.broadcastTo(a.digamma().sub(b.log()), batchShape);
  }

  /** E[x] = mu. */
  public Var expectedX() {
    return Ops.broadcastTo(mu, batchShape);
  }

  /** E[tau x] = mu a / b. */
  public Var expectedTauX() {
    return Ops.broadcastTo(mu.mul(a).div(b), batchShape);
  }

  /** E[tau x^2] = 1/lambda + mu^2 a / b. */
  public Var expectedTauXSquared() {
    return Ops.broadcastTo(lambda.reciprocal().add(mu.square().mul(a).div(b)), batchShape);
  }

  @Override
  public Var logProb(Var value) {
    Var x = Shapes.lastComponent(value, 0);
    Var tau = Shapes.lastComponent(value, 1);
    Var logGamma = a.mul(b.log()).sub(a.lgamma()).add(a.sub(0.5).mul(tau.log())).sub(b.mul(tau));
    Var logNormal = lambda.log().sub(LOG_2PI).mul(0.5).sub(lambda.mul(tau).mul(x.sub(mu).square()).mul(0.5));
    return logGamma.add(logNormal);
  }

  @Override
  public Var rsample(Rng rng, long... sampleShape) {
    Var tau = StandardGamma.rsample(Ops.broadcastTo(a, batchShape), rng, sampleShape).div(b);
    Var eps = Var.constant(rng.normal(dataType(), Shapes.concat(sampleShape, batchShape)));
    Var x = mu.add(eps.div(lambda.mul(tau).sqrt()));
    return Shapes.stackLast(x, tau);
  }

  @Override
  public Var mean() {
    return Shapes.stackLast(expectedX(), expectedTau());
  }

  @Override
  public Var variance() {
    INDArray heavy = a.value().lte(1.0).castTo(dataType());
    Var aCut = Ops.where(heavy, a.mul(0.0).add(2.0), a);
    // + (-log(1 - mask)): +infinity where a <= 1, 0 elsewhere
    Var inf = Var.constant(Transforms.log(heavy.rsub(1.0), true).negi());
    Var varX = b.div(lambda.mul(aCut.sub(1.0))).add(inf);
    return Shapes.stackLast(Ops.broadcastTo(varX, batchShape), Ops.broadcastTo(a.div(b.square()), batchShape));
  }

  @Override
  public Var entropy() {
    Var hTau = tauMarginal().entropy();
    Var hX = lambda.log().neg().sub(a.digamma()).add(b.log()).add(1 + LOG_2PI).mul(0.5);
    return Ops.broadcastTo(hTau.add(hX), batchShape);
  }

  @Override
  public long[] batchShape() {
    return batchShape.clone();
  }

  @Override
  public long[] eventShape() {
    return new long[] {2};
  }

  @Override
  public DataType dataType() {
    return mu.dataType();
  }

  @Override
  public String toString() {
    return "NormalGamma(mu=" + mu.value() + ", lambda=" + lambda.value() + ", a=" + a.value() + ", b="
        + b.value() + ")";
  }
}
