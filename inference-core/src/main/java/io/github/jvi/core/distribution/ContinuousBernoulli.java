package io.github.jvi.core.distribution;

import io.github.jvi.core.autodiff.Fused;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The continuous Bernoulli distribution on [0, 1] (Loaiza-Ganem &amp; Cunningham 2019, "The
 * continuous Bernoulli: fixing a pervasive error in variational autoencoders"), batched
 * element-wise, parameterised by lambda in (0, 1) or by its logit l = log(lambda / (1 - lambda)).
 *
 * <pre>
 * p(x) = C(lambda) lambda^x (1 - lambda)^(1 - x),   log p(x) = log C + x l + log sigmoid(-l)
 * C = 2 artanh(1 - 2 lambda) / (1 - 2 lambda) = l / tanh(l / 2)            (C = 2 at lambda = 1/2)
 * E[x] = lambda / (2 lambda - 1) + 1 / (2 artanh(1 - 2 lambda)) = 1/2 + 1/(2 tanh(l/2)) - 1/l
 * Var[x] = 1/l^2 - lambda (1 - lambda) / (1 - 2 lambda)^2
 * H = -log C - E[x] l - log sigmoid(-l)
 * x = F^-1(u) = log1p(u expm1(l)) / l,  u ~ U[0, 1)    (inverse CDF; differentiable in l)
 * </pre>
 * Numerics: everything is computed from the logit, which keeps lambda near 0 and 1 exact
 * (log lambda = log sigmoid(l), log(1 - lambda) = log sigmoid(-l), 1 - 2 lambda = -tanh(l/2)).
 * The closed forms are 0/0 at l = 0 (lambda = 1/2) and lose accuracy in their gradients near it,
 * so for |l| &lt; 0.3 the log-normaliser, mean and variance use the series
 * l / tanh(l/2) = 2 (1 + sum_n a_n l^2n), E[x] = 1/2 + sum_n a_n l^(2n-1),
 * Var[x] = sum_n (2n-1) a_n l^(2n-2), with a_n = B_2n / (2n)! (Bernoulli numbers), n = 1..6
 * (truncation below 1e-18); this plays the role of PyTorch's Taylor expansion around 1/2, with
 * more terms and a wider window. The inverse CDF uses log1p / expm1 forms on each side (no
 * overflow for large |l|) and its cubic Taylor expansion in l for |l| &lt; 1e-3.
 */
public final class ContinuousBernoulli implements Reparameterized {
  private static final double SERIES_WINDOW = 0.3;
  private static final double ICDF_WINDOW = 1e-3;
  private static final double LOG2 = Math.log(2.0);
  /** a_n = B_2n / (2n)!, n = 1..6. */
  private static final double[] A = {1.0 / 12, -1.0 / 720, 1.0 / 30240, -1.0 / 1209600, 1.0 / 47900160,
      -691.0 / 2730 / 479001600.0};

  private final Var logits;
  private final Var probs;
  private final boolean fromLogits;

  private ContinuousBernoulli(Var logits, Var probs, boolean fromLogits) {
    this.logits = logits;
    this.probs = probs;
    this.fromLogits = fromLogits;
  }

  /**
   * CB(lambda) with lambda = {@code probs} in the open interval (0, 1). The logit is computed as
   * log1p((2 lambda - 1) / (1 - lambda)) on [1/4, 3/4] and log lambda - log1p(-lambda) outside, so
   * it keeps its relative accuracy near lambda = 1/2 (where l -&gt; 0).
   */
  public static ContinuousBernoulli of(Var probs) {
    Check.inOpen("probs", probs.value(), 0.0, 1.0);
    Var logits = Fused.map((x, g) -> {
      double lam = x[0];
      g[0] = 1 / (lam * (1 - lam));
      return lam >= 0.25 && lam <= 0.75 ? Math.log1p((2 * lam - 1) / (1 - lam)) : Math.log(lam) - Math.log1p(-lam);
    }, new Var[] {probs});
    return new ContinuousBernoulli(logits, probs, false);
  }

  /** Whether the factory was given logits ({@link #ofLogits}) rather than probabilities. */
  public boolean fromLogits() {
    return fromLogits;
  }

  /** CB(lambda) from an array of probabilities. */
  public static ContinuousBernoulli of(INDArray probs) {
    return of(Var.constant(probs));
  }

  /** A scalar CB(lambda) in float64. */
  public static ContinuousBernoulli of(double probs) {
    Check.inOpen("probs", probs, 0.0, 1.0);
    return of(Nd4j.scalar(probs));
  }

  /** CB(sigmoid(logits)): the form a VAE decoder outputs; logits finite. */
  public static ContinuousBernoulli ofLogits(Var logits) {
    Check.finite("logits", logits.value());
    return new ContinuousBernoulli(logits, logits.sigmoid(), true);
  }

  /** CB(sigmoid(logits)) from an array. */
  public static ContinuousBernoulli ofLogits(INDArray logits) {
    return ofLogits(Var.constant(logits));
  }

  /** A scalar CB(sigmoid(logits)) in float64. */
  public static ContinuousBernoulli ofLogits(double logits) {
    Check.finite("logits", logits);
    return ofLogits(Nd4j.scalar(logits));
  }

  /** The logit l = log(lambda / (1 - lambda)). */
  public Var logits() {
    return logits;
  }

  /** lambda. */
  public Var probs() {
    return probs;
  }

  private INDArray smallMask(double window) {
    return Transforms.abs(logits.value(), true).lt(window).castTo(dataType());
  }

  private Var zeros() {
    return Var.constant(Nd4j.zeros(dataType(), logits.shape()));
  }

  private Var ones() {
    return Var.constant(Nd4j.ones(dataType(), logits.shape()));
  }

  /** sum_n c_n a_n l^(2n + shift) by Horner in l^2, with c_n = 1 or (2n-1). */
  private static Var series(Var l, boolean oddWeights) {
    Var l2 = l.square();
    Var acc = null;
    for (int n = A.length; n >= 1; n--) {
      double c = A[n - 1] * (oddWeights ? 2 * n - 1 : 1);
      acc = acc == null ? l2.mul(0.0).add(c) : acc.mul(l2).add(c);
    }
    return acc;
  }

  /** log C(lambda), the log normalising constant. */
  public Var logNormalizer() {
    INDArray small = smallMask(SERIES_WINDOW);
    Var ls = Ops.where(small, logits, zeros());
    Var ld = Ops.where(small, ones(), logits);
    Var taylor = series(ls, false).mul(ls.square()).log1p().add(LOG2);
    Var direct = ld.div(ld.mul(0.5).tanh()).log();
    return Ops.where(small, taylor, direct);
  }

  @Override
  public Var logProb(Var x) {
    return logNormalizer().add(x.mul(logits)).add(logits.neg().logSigmoid());
  }

  @Override
  public Var rsample(Rng rng, long... sampleShape) {
    long[] shape = Shapes.concat(sampleShape, batchShape());
    Var u = Var.constant(rng.uniform(dataType(), shape));
    INDArray lv = logits.value();
    INDArray small = Transforms.abs(lv, true).lt(ICDF_WINDOW).castTo(dataType());
    INDArray neg = lv.lt(-ICDF_WINDOW).castTo(dataType());
    INDArray pos = lv.gt(ICDF_WINDOW).castTo(dataType());
    Var ln = Ops.where(neg, logits, ones().neg());
    Var lp = Ops.where(pos, logits, ones());
    Var ls = Ops.where(small, logits, zeros());
    Var xNeg = u.mul(ln.expm1()).log1p().div(ln);
    Var xPos = u.rsub(1.0).mul(lp.neg().expm1()).log1p().div(lp).add(1.0);
    // u + (u - u^2)/2 l + (u/6 - u^2/2 + u^3/3) l^2 + (u/24 - 7u^2/24 + u^3/2 - u^4/4) l^3
    Var u2 = u.square();
    Var u3 = u2.mul(u);
    Var c1 = u.sub(u2).mul(0.5);
    Var c2 = u.div(6.0).sub(u2.mul(0.5)).add(u3.div(3.0));
    Var c3 = u.div(24.0).sub(u2.mul(7.0 / 24)).add(u3.mul(0.5)).sub(u2.square().mul(0.25));
    Var xSmall = u.add(ls.mul(c1.add(ls.mul(c2.add(ls.mul(c3))))));
    Var x = Ops.where(Nd4j.zeros(dataType(), shape).add(neg), xNeg,
        Ops.where(Nd4j.zeros(dataType(), shape).add(pos), xPos, xSmall));
    return x.clamp(0.0, 1.0);
  }

  @Override
  public Var mean() {
    INDArray small = smallMask(SERIES_WINDOW);
    Var ls = Ops.where(small, logits, zeros());
    Var ld = Ops.where(small, ones(), logits);
    Var taylor = series(ls, false).mul(ls).add(0.5);
    Var direct = ld.mul(0.5).tanh().mul(2.0).reciprocal().add(0.5).sub(ld.reciprocal());
    return Ops.where(small, taylor, direct);
  }

  @Override
  public Var variance() {
    INDArray small = smallMask(SERIES_WINDOW);
    Var ls = Ops.where(small, logits, zeros());
    Var ld = Ops.where(small, ones(), logits);
    Var taylor = series(ls, true);
    // 1/l^2 - sigma(l) sigma(-l) / tanh(l/2)^2
    Var direct = ld.square().reciprocal().sub(ld.sigmoid().mul(ld.neg().sigmoid()).div(ld.mul(0.5).tanh().square()));
    return Ops.where(small, taylor, direct);
  }

  @Override
  public Var entropy() {
    return logNormalizer().add(mean().mul(logits)).add(logits.neg().logSigmoid()).neg();
  }

  @Override
  public long[] batchShape() {
    return logits.shape();
  }

  @Override
  public long[] eventShape() {
    return new long[0];
  }

  @Override
  public DataType dataType() {
    return logits.dataType();
  }

  @Override
  public String toString() {
    return "ContinuousBernoulli(probs=" + probs.value() + ")";
  }
}
