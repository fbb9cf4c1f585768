package io.github.jvi.core.distribution;

import io.github.jvi.core.autodiff.Fused;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.special.Special;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Poisson distribution with rate lambda &gt; 0, batched element-wise.
 *
 * <pre>
 * log p(x) = x log lambda - lambda - log Gamma(x + 1),   x = 0, 1, 2, ...
 * E[x] = Var[x] = lambda
 * H = -sum_k p(k) log p(k)                                (series, see below)
 * eta = log lambda,  t(x) = x,  h(x) = 1 / x!,  A(eta) = exp(eta),  F(eta) = lambda
 * </pre>
 *
 * <p><b>Sampling</b> ({@link #sample}) runs on the {@link Rng}'s scalar stream, one draw at a time
 * (rejection samplers do not vectorise): for lambda &lt; 10 by sequential inversion of the CDF
 * (Devroye 1986, sec. X.3.3; expected lambda + 1 uniforms); for lambda &gt;= 10 by PTRS, the
 * transformed rejection method with squeeze of Hoermann (1993), "The transformed rejection method
 * for generating Poisson random variables", Insurance: Mathematics and Economics 12, 39-45 (about
 * 1.1 pairs of uniforms per draw, exact for every lambda).
 *
 * <p><b>Entropy</b> has no closed form. It is summed as a series outward from the mode
 * floor(lambda) in both directions; each direction stops at the first k where the remaining terms
 * -p(j) log p(j), bounded by a geometric series whose ratio bounds that of consecutive terms, sum to
 * less than 1e-16. The cost is O(sqrt(lambda)) terms per element (about 17 sqrt(lambda) + 40).
 * Each term's log p(k) = k log lambda - lambda - log k! cancels terms of size lambda log lambda, so
 * the series' absolute error grows like 1e-16 lambda log lambda; above lambda = 1e5 the asymptotic
 * expansion H = log(2 pi e lambda)/2 - 1/(12 lambda) - 1/(24 lambda^2) - 19/(360 lambda^3) +
 * O(lambda^-4) (Evans &amp; Boersma 1988, SIAM Review problem 87-6) is used instead.
 * Its gradient d H / d lambda = -sum_k p(k) (k / lambda - 1) log p(k) is summed over the same
 * terms.
 *
 * <p>{@code logProb} does not check that x is a non-negative integer (it is on hot paths);
 * non-integer x gives the formula's value, which is not a probability.
 */
public final class Poisson implements ExponentialFamily {
  /** Below this rate, inversion; at or above, PTRS (the cut-over numpy and Hoermann use). */
  static final double PTRS_THRESHOLD = 10.0;
  private static final double TAIL = 1e-16;
  /** Above this rate the entropy uses the asymptotic expansion (its O(lambda^-4) error is below 1e-20). */
  static final double ASYMPTOTIC = 1e5;
  private final Var rate;

  private Poisson(Var rate) {
    this.rate = rate;
  }

  /** Poisson(rate); every element of rate must be finite and &gt; 0. */
  public static Poisson of(Var rate) {
    Check.positive("rate", rate.value());
    return new Poisson(rate);
  }

  /** Poisson(rate) from an array. */
  public static Poisson of(INDArray rate) {
    return of(Var.constant(rate));
  }

  /** A scalar Poisson(rate) in float64. */
  public static Poisson of(double rate) {
    Check.positive("rate", rate);
    return new Poisson(Var.scalar(rate));
  }

  /** The rate lambda. */
  public Var rate() {
    return rate;
  }

  /**
   * log p(x) in Loader's (2000) saddle-point form, -stirlerr(x) - bd0(x, lambda) - log(2 pi x)/2
   * ({@link Special#logPoisson}; -lambda at x = 0), which forms no term of size lambda log lambda:
   * the textbook x log lambda - lambda - log Gamma(x + 1) loses about 1e-16 lambda log lambda
   * absolutely (1.1e-8 relative at lambda = 3e7, 2.3e-8 at 1e8). Measured against mpmath at
   * x within 3 sd of lambda = 10 ... 1e10: relative error below 1e-15
   * ({@code verification.accuracy.LogProbAccuracyChecks}). Gradients: d/dx = log lambda -
   * psi(x + 1), d/dlambda = x / lambda - 1. Negative x gives the textbook formula's value.
   */
  @Override
  public Var logProb(Var x) {
    return Fused.map((v, g) -> {
      double lambda = v[0];
      double k = v[1];
      g[0] = k / lambda - 1;
      g[1] = Math.log(lambda) - Special.digamma(k + 1);
      return k >= 0 ? Special.logPoisson(k, lambda) : k * Math.log(lambda) - lambda - Special.lgamma(k + 1);
    }, new Var[] {rate, x});
  }

  @Override
  public INDArray sample(Rng rng, long... sampleShape) {
    double[] lambda = rate.value().castTo(DataType.DOUBLE).dup('c').data().asDouble();
    long n = 1;
    for (long s : sampleShape) {
      n *= s;
    }
    double[] out = new double[Math.toIntExact(n * lambda.length)];
    for (int i = 0; i < out.length; i++) {
      out[i] = draw(rng, lambda[i % lambda.length]);
    }
    long[] shape = Shapes.concat(sampleShape, batchShape());
    return Nd4j.createFromArray(out).reshape('c', shape).castTo(dataType());
  }

  /** One draw of Poisson(lambda). */
  static double draw(Rng rng, double lambda) {
    return lambda < PTRS_THRESHOLD ? inversion(rng, lambda) : ptrs(rng, lambda);
  }

  /** Sequential search of the CDF from 0 (Devroye 1986, X.3.3). */
  private static double inversion(Rng rng, double lambda) {
    double u = rng.nextDouble();
    double p = Math.exp(-lambda);
    double cdf = p;
    int k = 0;
    // the guard p > 0 ends the loop if rounding leaves the summed CDF just below u
    while (u > cdf && p > 0) {
      k++;
      p *= lambda / k;
      cdf += p;
    }
    return k;
  }

  /** PTRS, Hoermann (1993), constants of his Table / algorithm PTRS. */
  private static double ptrs(Rng rng, double lambda) {
    double slam = Math.sqrt(lambda);
    double loglam = Math.log(lambda);
    double b = 0.931 + 2.53 * slam;
    double a = -0.059 + 0.02483 * b;
    double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    double vr = 0.9277 - 3.6224 / (b - 2);
    while (true) {
      double u = rng.nextDouble() - 0.5;
      double v = rng.nextDouble();
      double us = 0.5 - Math.abs(u);
      double k = Math.floor((2 * a / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) {
        return k;
      }
      if (k < 0 || (us < 0.013 && v > us)) {
        continue;
      }
      if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b)
          <= -lambda + k * loglam - Special.lgamma(k + 1)) {
        return k;
      }
    }
  }

  @Override
  public Var mean() {
    return rate;
  }

  @Override
  public Var variance() {
    return rate;
  }

  /** The series entropy described in the class comment; differentiable in the rate. */
  @Override
  public Var entropy() {
    INDArray lam = rate.value().castTo(DataType.DOUBLE).dup('c');
    double[] l = lam.data().asDouble();
    double[] h = new double[l.length];
    double[] dh = new double[l.length];
    for (int i = 0; i < l.length; i++) {
      double[] r = entropySeries(l[i]);
      h[i] = r[0];
      dh[i] = r[1];
    }
    long[] shape = rate.shape();
    INDArray value = Nd4j.createFromArray(h).reshape('c', shape).castTo(dataType());
    INDArray grad = Nd4j.createFromArray(dh).reshape('c', shape).castTo(dataType());
    return Var.op(value, g -> new INDArray[] {g.mul(grad)}, rate);
  }

  /** {H, dH/dlambda}: the truncated series, or the asymptotic expansion above ASYMPTOTIC. */
  static double[] entropySeries(double lambda) {
    if (lambda > ASYMPTOTIC) {
      double r = 1 / lambda;
      double h = 0.5 * Math.log(2 * Math.PI * Math.E * lambda) - r / 12 - r * r / 24 - 19 * r * r * r / 360;
      double dh = r / 2 + r * r / 12 + r * r * r / 12 + 19 * r * r * r * r / 120;
      return new double[] {h, dh};
    }
    double loglam = Math.log(lambda);
    long mode = (long) Math.floor(lambda);
    double h = 0;
    double dh = 0;
    // upward from the mode (ratio p(k+1)/p(k) = lambda/(k+1))
    for (long k = mode; ; k++) {
      double logp = k * loglam - lambda - Special.lgamma(k + 1.0);
      double p = Math.exp(logp);
      h -= p * logp;
      dh -= p * (k / lambda - 1) * logp;
      if (p == 0 || tailSmall(p, logp, lambda / (k + 1))) {
        break;
      }
    }
    // downward (ratio p(k-1)/p(k) = k/lambda)
    for (long k = mode - 1; k >= 0; k--) {
      double logp = k * loglam - lambda - Special.lgamma(k + 1.0);
      double p = Math.exp(logp);
      h -= p * logp;
      dh -= p * (k / lambda - 1) * logp;
      if (p == 0 || tailSmall(p, logp, k / lambda)) {
        break;
      }
    }
    return new double[] {h, dh};
  }

  /**
   * Whether the terms after one with probability p (log p = logp) and next probability ratio r
   * sum to below TAIL: the term ratio is at most rho = r (1 + (-log r) / (-log p)) (because
   * -log p grows by -log r per step), so the rest is at most t rho / (1 - rho).
   */
  private static boolean tailSmall(double p, double logp, double r) {
    if (!(r < 1) || !(logp < 0)) {
      return false;
    }
    double rho = r * (1 + Math.log(r) / logp);
    if (!(rho < 1)) {
      return false;
    }
    double t = -p * logp;
    // the gradient terms carry an extra factor |k/lambda - 1| <= 1/r, bounded the same way
    return t * rho / (1 - rho) / Math.min(1.0, r) < TAIL;
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
    return Shapes.stackLast(rate.log());
  }

  @Override
  public Var sufficientStatistics(Var x) {
    return Shapes.stackLast(x);
  }

  @Override
  public Var logBaseMeasure(Var x) {
    return x.add(1.0).lgamma().neg();
  }

  @Override
  public Var logNormalizer(Var eta) {
    return Shapes.lastComponent(eta, 0).exp();
  }

  @Override
  public Var expectedSufficientStatistics() {
    return Shapes.stackLast(rate);
  }

  @Override
  public Var fisherInformation() {
    return Shapes.stackLast(Shapes.stackLast(rate));
  }

  @Override
  public String toString() {
    return "Poisson(rate=" + rate.value() + ")";
  }
}
