package io.github.jvi.core.distribution;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Dirichlet distribution on the (K-1)-simplex with concentration alpha of shape
 * {@code batchShape ++ [K]}; event shape [K].
 *
 * <pre>
 * log p(x) = sum_k (alpha_k - 1) log x_k - log B(alpha),  log B = sum_k log Gamma(alpha_k) - log Gamma(alpha_0)
 * alpha_0 = sum_k alpha_k,  E[x] = alpha / alpha_0,  Var[x_k] = alpha_k (alpha_0 - alpha_k) / (alpha_0^2 (alpha_0 + 1))
 * H = log B + (alpha_0 - K) psi(alpha_0) - sum_k (alpha_k - 1) psi(alpha_k)
 * x = G / sum_k G_k,  G_k ~ Gamma(alpha_k, 1)
 * eta = alpha - 1,  t(x) = log x,  h(x) = 1,  A = sum_k log Gamma(eta_k + 1) - log Gamma(sum_k (eta_k + 1))
 * E[t] = psi(alpha) - psi(alpha_0),  F = diag(psi'(alpha)) - psi'(alpha_0) 1 1^T
 * </pre>
 * {@link #rsample} is differentiable through the implicit reparameterisation gradients of the
 * Gamma draws (Figurnov et al. 2018). Caveat: for concentrations far below 1 every Gamma draw of a
 * row can underflow to 0, giving NaN.
 */
public final class Dirichlet implements Reparameterized, ExponentialFamily {
  private final Var concentration;

  private Dirichlet(Var concentration) {
    this.concentration = concentration;
  }

  /** Dirichlet(concentration), shape {@code batchShape ++ [K]} with K &gt;= 2, elements finite and &gt; 0. */
  public static Dirichlet of(Var concentration) {
    Check.rankAtLeast("concentration", concentration.value(), 1);
    long[] s = concentration.shape();
    Check.shape(s[s.length - 1] >= 2, "concentration", "a last dimension K >= 2", s);
    Check.positive("concentration", concentration.value());
    return new Dirichlet(concentration);
  }

  /** Dirichlet(concentration) from an array. */
  public static Dirichlet of(INDArray concentration) {
    return of(Var.constant(concentration));
  }

  /** A single Dirichlet with the given concentrations, float64. */
  public static Dirichlet of(double... concentration) {
    return of(Nd4j.createFromArray(concentration));
  }

  /** alpha, shape {@code batchShape ++ [K]}. */
  public Var concentration() {
    return concentration;
  }

  private int last() {
    return concentration.rank() - 1;
  }

  private Var total() {
    return concentration.sum(last());
  }

  private Var totalKeep() {
    return concentration.sumKeep(last());
  }

  @Override
  public Var logProb(Var x) {
    Var lp = concentration.sub(1.0).mul(x.log());
    return lp.sum(lp.rank() - 1).sub(logNormalizerOfAlpha(concentration));
  }

  private static Var logNormalizerOfAlpha(Var alpha) {
    int last = alpha.rank() - 1;
    return alpha.lgamma().sum(last).sub(alpha.sum(last).lgamma());
  }

  @Override
  public Var rsample(Rng rng, long... sampleShape) {
    Var g = StandardGamma.rsample(concentration, rng, sampleShape);
    return g.div(g.sumKeep(g.rank() - 1));
  }

  @Override
  public Var mean() {
    return concentration.div(totalKeep());
  }

  @Override
  public Var variance() {
    Var a0 = totalKeep();
    return concentration.mul(a0.sub(concentration)).div(a0.square().mul(a0.add(1.0)));
  }

  @Override
  public Var entropy() {
    Var a0 = total();
    long k = concentration.shape()[last()];
    Var s = concentration.sub(1.0).mul(concentration.digamma()).sum(last());
    return logNormalizerOfAlpha(concentration).add(a0.sub(k).mul(a0.digamma())).sub(s);
  }

  @Override
  public long[] batchShape() {
    long[] s = concentration.shape();
    return Arrays.copyOf(s, s.length - 1);
  }

  @Override
  public long[] eventShape() {
    return new long[] {concentration.shape()[last()]};
  }

  @Override
  public DataType dataType() {
    return concentration.dataType();
  }

  @Override
  public Var naturalParameters() {
    return concentration.sub(1.0);
  }

  @Override
  public Var sufficientStatistics(Var x) {
    return x.log();
  }

  @Override
  public Var logBaseMeasure(Var x) {
    return x.sum(x.rank() - 1).mul(0.0);
  }

  @Override
  public Var logNormalizer(Var eta) {
    return logNormalizerOfAlpha(eta.add(1.0));
  }

  @Override
  public Var expectedSufficientStatistics() {
    return concentration.digamma().sub(totalKeep().digamma());
  }

  @Override
  public Var fisherInformation() {
    long k = concentration.shape()[last()];
    long[] s = concentration.shape();
    long[] col = Shapes.concat(s, new long[] {1});
    Var eye = Var.constant(Nd4j.eye(k).castTo(dataType()));
    Var diag = Ops.trigamma(concentration).reshape(col).mul(eye);
    long[] one = Shapes.concat(batchShape(), new long[] {1, 1});
    return diag.sub(Ops.trigamma(total()).reshape(one));
  }

  @Override
  public String toString() {
    return "Dirichlet(concentration=" + concentration.value() + ")";
  }
}
