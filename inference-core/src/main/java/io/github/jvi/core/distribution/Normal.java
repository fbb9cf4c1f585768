package io.github.jvi.core.distribution;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The univariate normal N(mu, sigma^2), batched element-wise (a diagonal Gaussian when wrapped in
 * {@link Independent}).
 *
 * <pre>
 * log p(x) = -(x - mu)^2 / (2 sigma^2) - log sigma - log(2 pi) / 2
 * H = 1/2 + log(2 pi)/2 + log sigma
 * rsample = mu + sigma * eps,  eps ~ N(0, 1)
 * eta = (mu / sigma^2, -1 / (2 sigma^2)),  t(x) = (x, x^2),  A = -eta1^2/(4 eta2) - log(-2 eta2)/2
 * </pre>
 */
public final class Normal implements Reparameterized, ExponentialFamily {
  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
  private final Var loc;
  private final Var scale;
  private final long[] batchShape;

  private Normal(Var loc, Var scale) {
    this.loc = loc;
    this.scale = scale;
    this.batchShape = Shapes.broadcast(loc.shape(), scale.shape());
  }

  /** N(loc, scale^2); scale must be finite and &gt; 0, loc finite. */
  public static Normal of(Var loc, Var scale) {
    Check.finite("loc", loc);
    Check.positive("scale", scale);
    Shapes.broadcastOrThrow("loc", loc.shape(), "scale", scale.shape());
    return new Normal(loc, scale);
  }

  /** N(loc, scale^2) from arrays. */
  public static Normal of(INDArray loc, INDArray scale) {
    return of(Var.constant(loc), Var.constant(scale));
  }

  /** A scalar N(loc, scale^2) in float64. */
  public static Normal of(double loc, double scale) {
    Check.finite("loc", loc);
    Check.positive("scale", scale);
    return new Normal(Var.scalar(loc), Var.scalar(scale));
  }

  /** The location mu. */
  public Var loc() {
    return loc;
  }

  /** The standard deviation sigma. */
  public Var scale() {
    return scale;
  }

  @Override
  public Var logProb(Var x) {
    if (Var.onHostPath(x, loc, scale)) {
      return hostLogProb(x);
    }
    Var z = x.sub(loc).div(scale);
    return z.square().mul(-0.5).sub(scale.log()).sub(HALF_LOG_2PI);
  }

  /**
   * The same density fused into one pass on the autodiff's host path (small float64 arrays), with
   * its reverse rule in one pass: for z = (x - mu) / sigma and t = -z g / sigma,
   * dx = t, dmu = -t, dsigma = -(t z) - g / sigma. Each value is computed in the same order as the
   * op-by-op form, so the value has the same bits; the gradients differ from it by rounding only.
   */
  private Var hostLogProb(Var x) {
    long[] shape = Shapes.broadcast(Shapes.broadcast(x.shape(), loc.shape()), scale.shape());
    // a single-element operand (a scalar scale, say) is read as a number, not repeated into an array
    double[] xv = x.length() == 1 ? null : x.hostValues(shape);
    double[] mv = loc.length() == 1 ? null : loc.hostValues(shape);
    double[] sv = scale.length() == 1 ? null : scale.hostValues(shape);
    double x0 = xv == null ? x.hostValues()[0] : 0;
    double m0 = mv == null ? loc.hostValues()[0] : 0;
    double s0 = sv == null ? scale.hostValues()[0] : 0;
    double[] lv = null;
    double l0 = Math.log(s0);
    if (sv != null) {
      double[] own = scale.hostValues();
      double[] logs = new double[own.length];
      for (int i = 0; i < logs.length; i++) {
        logs[i] = Math.log(own[i]); // once per scale element, then repeated like the scale
      }
      lv = Var.constant(logs, scale.shape()).hostValues(shape);
    }
    int n = Math.toIntExact(Shapes.length(shape));
    double[] z = new double[n];
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double si = sv == null ? s0 : sv[i];
      double zi = ((xv == null ? x0 : xv[i]) - (mv == null ? m0 : mv[i])) / si;
      z[i] = zi;
      out[i] = zi * zi * -0.5 - (lv == null ? l0 : lv[i]) - HALF_LOG_2PI;
    }
    boolean gx = x.requiresGrad();
    boolean gm = loc.requiresGrad();
    boolean gs = scale.requiresGrad();
    double[] scales = sv;
    return Var.opOnHost(out, shape, g -> {
      double[] dx = gx ? new double[n] : null;
      double[] dm = gm ? new double[n] : null;
      double[] ds = gs ? new double[n] : null;
      for (int i = 0; i < n; i++) {
        double si = scales == null ? s0 : scales[i];
        double t = g[i] * -0.5 * z[i] * 2.0 / si;
        if (gx) {
          dx[i] = t;
        }
        if (gm) {
          dm[i] = -t;
        }
        if (gs) {
          ds[i] = -(t * z[i]) - g[i] / si;
        }
      }
      return new double[][] {dx, dm, ds};
    }, x, loc, scale);
  }

  @Override
  public Var rsample(Rng rng, long... sampleShape) {
    INDArray eps = rng.normal(dataType(), Shapes.concat(sampleShape, batchShape));
    return loc.add(scale.mul(Var.constant(eps)));
  }

  @Override
  public Var mean() {
    return loc.add(Shapes.zeros(loc, batchShape));
  }

  @Override
  public Var variance() {
    return scale.square().add(Shapes.zeros(loc, batchShape));
  }

  @Override
  public Var entropy() {
    return scale.log().add(0.5 + HALF_LOG_2PI).add(Shapes.zeros(loc, batchShape));
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
  public Var naturalParameters() {
    Var prec = scale.square().reciprocal();
    Var eta1 = mean().mul(prec);
    Var eta2 = prec.mul(-0.5).add(Shapes.zeros(loc, batchShape));
    return Shapes.stackLast(eta1, eta2);
  }

  @Override
  public Var sufficientStatistics(Var x) {
    return Shapes.stackLast(x, x.square());
  }

  @Override
  public Var logBaseMeasure(Var x) {
    return x.mul(0.0).sub(HALF_LOG_2PI);
  }

  @Override
  public Var logNormalizer(Var eta) {
    Var eta1 = Shapes.lastComponent(eta, 0);
    Var eta2 = Shapes.lastComponent(eta, 1);
    return eta1.square().div(eta2.mul(-4.0)).sub(eta2.mul(-2.0).log().mul(0.5));
  }

  @Override
  public Var expectedSufficientStatistics() {
    Var m = mean();
    return Shapes.stackLast(m, m.square().add(variance()));
  }

  @Override
  public Var fisherInformation() {
    // Cov[(x, x^2)] = [[s2, 2 mu s2], [2 mu s2, 4 mu^2 s2 + 2 s2^2]]
    Var m = mean();
    Var s2 = variance();
    Var c12 = m.mul(s2).mul(2.0);
    Var c22 = m.square().mul(s2).mul(4.0).add(s2.square().mul(2.0));
    return Shapes.stackLast(Shapes.stackLast(s2, c12), Shapes.stackLast(c12, c22));
  }

  @Override
  public String toString() {
    return "Normal(loc=" + loc.value() + ", scale=" + scale.value() + ")";
  }
}
