package io.github.jvi.vi.natgrad;

import io.github.jvi.core.distribution.Gamma;
import io.github.jvi.core.special.Special;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The Gamma distribution with shape alpha and <em>scale</em> beta, as an exponential family, with
 * its Fisher information in both parameterisations.
 *
 * <pre>
 * p(x | alpha, beta) = x^(alpha-1) e^(-x/beta) / (Gamma(alpha) beta^alpha),  x &gt; 0
 * eta = (alpha - 1, -1/beta),  t(x) = (log x, x),  h(x) = 1
 * A(eta) = log Gamma(eta1 + 1) - (eta1 + 1) log(-eta2) = log Gamma(alpha) + alpha log beta
 * grad A(eta) = E[t(x)] = (psi(alpha) + log beta, alpha beta)
 * F(eta) = Hessian A = [[psi'(alpha), beta], [beta, alpha beta^2]]
 * F(alpha, beta) = [[psi'(alpha), 1/beta], [1/beta, alpha/beta^2]] = J^T F(eta) J,
 *     J = d eta / d(alpha, beta) = [[1, 0], [0, 1/beta^2]]
 * F(alpha, beta)^-1 = 1/(alpha psi'(alpha) - 1) [[alpha, -beta], [-beta, beta^2 psi'(alpha)]]
 * </pre>
 * The determinant alpha psi'(alpha) - 1 is positive for every alpha &gt; 0 (psi'(alpha) &gt; 1/alpha),
 * but it tends to 0 like 1/(2 alpha) as alpha grows, so the inverse loses about log10(alpha)
 * digits to cancellation (verification checks F^-1 F = I to 1e-8 for alpha up to 500).
 *
 * <p>The exponential-family view (eta, t, A, grad A, F(eta)) and sampling are the core
 * {@link Gamma}'s ({@link #distribution()}); this class adds the (alpha, beta) coordinates: the
 * Jacobian J, F(alpha, beta) and its inverse in closed form, and the score.
 */
public final class GammaShapeScale {
  private final double alpha;
  private final double beta;

  private GammaShapeScale(double alpha, double beta) {
    this.alpha = alpha;
    this.beta = beta;
  }

  /** Gamma(shape alpha &gt; 0, scale beta &gt; 0). */
  public static GammaShapeScale of(double alpha, double beta) {
    return new GammaShapeScale(Check.positive("alpha", alpha), Check.positive("beta", beta));
  }

  /** Gamma(shape, rate): scale = 1 / rate. */
  public static GammaShapeScale ofRate(double shape, double rate) {
    return of(shape, 1.0 / Check.positive("rate", rate));
  }

  /** From natural parameters (eta1 &gt; -1, eta2 &lt; 0). */
  public static GammaShapeScale fromNatural(double eta1, double eta2) {
    if (!(eta1 > -1) || !(eta2 < 0)) {
      throw new IllegalArgumentException("natural parameters need eta1 > -1 and eta2 < 0, found ("
          + eta1 + ", " + eta2 + ")");
    }
    return of(eta1 + 1, -1 / eta2);
  }

  /** The shape alpha. */
  public double alpha() {
    return alpha;
  }

  /** The scale beta. */
  public double beta() {
    return beta;
  }

  /** E[x] = alpha beta. */
  public double mean() {
    return alpha * beta;
  }

  /** Var[x] = alpha beta^2. */
  public double variance() {
    return alpha * beta * beta;
  }

  /** The core Gamma (shape alpha, rate 1/beta): log-density, sampling, the exponential family. */
  public Gamma distribution() {
    return Gamma.ofShapeScale(alpha, beta);
  }

  /** eta = (alpha - 1, -1/beta), from the core exponential-family view. */
  public double[] naturalParameters() {
    return distribution().naturalParameters().value().toDoubleVector();
  }

  /** F(eta) = Hessian of A = Cov[t(x)], from the core exponential-family view: [[psi'(alpha), beta], [beta, alpha beta^2]]. */
  public double[][] fisherNatural() {
    return distribution().fisherInformation().value().toDoubleMatrix();
  }

  /** J = d eta / d(alpha, beta) = [[1, 0], [0, 1/beta^2]]. */
  public double[][] jacobian() {
    return new double[][] {{1, 0}, {0, 1 / (beta * beta)}};
  }

  /** F(alpha, beta) = [[psi'(alpha), 1/beta], [1/beta, alpha/beta^2]]. */
  public double[][] fisher() {
    return fisher(alpha, beta);
  }

  /** F(alpha, beta) for any alpha, beta &gt; 0 (no validation: for inner loops). */
  public static double[][] fisher(double alpha, double beta) {
    return new double[][] {{Special.trigamma(alpha), 1 / beta}, {1 / beta, alpha / (beta * beta)}};
  }

  /** F(alpha, beta)^-1 = [[alpha, -beta], [-beta, beta^2 psi'(alpha)]] / (alpha psi'(alpha) - 1). */
  public double[][] fisherInverse() {
    return fisherInverse(alpha, beta);
  }

  /** F(alpha, beta)^-1 for any alpha, beta &gt; 0 (no validation: for inner loops). */
  public static double[][] fisherInverse(double alpha, double beta) {
    double tri = Special.trigamma(alpha);
    double det = alpha * tri - 1;
    return new double[][] {{alpha / det, -beta / det}, {-beta / det, beta * beta * tri / det}};
  }

  /**
   * The score d log p(x) / d(alpha, beta) for each x, as an [n, 2] array:
   * (log x - psi(alpha) - log beta, x/beta^2 - alpha/beta).
   */
  public INDArray score(INDArray x) {
    INDArray col = x.reshape(x.length(), 1).castTo(DataType.DOUBLE);
    INDArray sAlpha = Transforms.log(col, true).subi(Special.digamma(alpha) + Math.log(beta));
    INDArray sBeta = col.div(beta * beta).subi(alpha / beta);
    return Nd4j.hstack(sAlpha, sBeta);
  }

  /** n independent draws (the core Gamma's sampler), float64, shape [n]. */
  public INDArray sample(Rng rng, int n) {
    Check.atLeast("n", n, 1);
    return distribution().sample(rng, n).castTo(DataType.DOUBLE);
  }

  @Override
  public String toString() {
    return "Gamma(alpha=" + alpha + ", beta(scale)=" + beta + ")";
  }
}
