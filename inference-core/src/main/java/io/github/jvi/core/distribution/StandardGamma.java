package io.github.jvi.core.distribution;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.special.Special;
import io.github.jvi.gpu.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Draws of the standard Gamma(alpha, 1) with implicit reparameterisation gradients; shared by
 * {@link Gamma}, {@link Beta}, {@link Dirichlet} and {@link NormalGamma}.
 *
 * <p>Sampling: Marsaglia &amp; Tsang (2000), "A simple method for generating gamma variables", for
 * alpha &gt;= 1 (d = alpha - 1/3, c = 1/sqrt(9d), x = d (1 + c z)^3 accepted when
 * log u &lt; z^2/2 + d - d v + d log v); for alpha &lt; 1 the boost
 * Gamma(alpha) = Gamma(alpha + 1) U^(1/alpha), in log space. One element at a time on the
 * {@link Rng}'s scalar stream (a rejection sampler does not vectorise).
 *
 * <p>Gradient: implicit reparameterisation (Figurnov, Mohamed &amp; Mnih 2018),
 * dx/d alpha = -(dF(x; alpha)/d alpha) / f(x; alpha), with F the regularised lower incomplete
 * gamma P(alpha, x). The derivative of P comes from its series
 * P = x^alpha e^-x sum_n x^n / Gamma(alpha + n + 1), differentiated term by term and divided by
 * the density, which gives dx/d alpha = -sum_n r_n (log x - psi(alpha + n + 1)) with
 * r_0 = x / alpha, r_(n+1) = r_n x / (alpha + n + 1). Caveat: the sum is a difference of terms of
 * size P / f, so its absolute error is about 1e-16 P / f(x): below 1e-8 for every draw with
 * f(x) &gt; 1e-8, and larger only in the extreme upper tail (probability below about 1e-8).
 */
final class StandardGamma {
  private static final int MAX_TERMS = 1_000_000;

  private StandardGamma() {}

  /** One draw of Gamma(alpha, 1). */
  static double draw(double alpha, Rng rng) {
    if (alpha < 1.0) {
      double u = 1.0 - rng.nextDouble(); // (0, 1]
      return Math.exp(Math.log(draw(alpha + 1.0, rng)) + Math.log(u) / alpha);
    }
    double d = alpha - 1.0 / 3.0;
    double c = 1.0 / Math.sqrt(9.0 * d);
    while (true) {
      double z = rng.nextGaussian();
      double v = 1.0 + c * z;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = 1.0 - rng.nextDouble();
      if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
        return d * v;
      }
    }
  }

  /** dx/d alpha at a draw x of Gamma(alpha, 1) (implicit reparameterisation). */
  static double dSampleDAlpha(double x, double alpha) {
    if (!(x > 0)) {
      return 0.0; // an underflowed draw: x is flat in alpha at 0
    }
    double logX = Math.log(x);
    double psi = Special.digamma(alpha) + 1.0 / alpha; // psi(alpha + 1)
    double r = x / alpha;
    double sum = 0;
    for (int n = 0; n < MAX_TERMS; n++) {
      double term = r * (logX - psi);
      sum += term;
      double k = alpha + n + 1;
      if (k > x && Math.abs(term) <= 1e-17 * Math.abs(sum)) {
        break;
      }
      psi += 1.0 / k;
      r *= x / (k);
    }
    return -sum;
  }

  /**
   * Draws of Gamma(alpha, 1) of shape {@code sampleShape ++ alpha.shape}, differentiable in
   * {@code alpha} by implicit reparameterisation.
   */
  static Var rsample(Var alpha, Rng rng, long[] sampleShape) {
    double[] a = Ops.doubles(alpha.value());
    long n = 1;
    for (long s : sampleShape) {
      n *= s;
    }
    int m = a.length;
    double[] x = new double[Math.toIntExact(n * m)];
    for (int i = 0; i < x.length; i++) {
      x[i] = draw(a[i % m], rng);
    }
    long[] shape = Shapes.concat(sampleShape, alpha.shape());
    INDArray value = Ops.fromDoubles(x, shape, alpha.dataType());
    if (!alpha.requiresGrad()) {
      return Var.constant(value);
    }
    double[] dx = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      dx[i] = dSampleDAlpha(x[i], a[i % m]);
    }
    INDArray dxda = Ops.fromDoubles(dx, shape, alpha.dataType());
    return Var.op(value, g -> new INDArray[] {g.mul(dxda)}, alpha);
  }
}
