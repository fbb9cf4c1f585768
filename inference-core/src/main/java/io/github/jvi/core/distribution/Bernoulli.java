package io.github.jvi.core.distribution;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.special.Special;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import io.github.jvi.gpu.kernel.Kernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The Bernoulli distribution on {0, 1}, batched element-wise, parameterised by probabilities p or
 * by logits l = log(p / (1 - p)) (what a VAE decoder produces).
 *
 * <pre>
 * log p(x) = x l - softplus(l)                      (from logits: stable for every finite l)
 *          = x log p + (1 - x) log(1 - p)           (from probs, with 0 log 0 = 0)
 * E[x] = p,  Var[x] = p (1 - p)
 * H = softplus(l) - p l  =  -p log p - (1 - p) log(1 - p)
 * eta = l,  t(x) = x,  h(x) = 1,  A(eta) = softplus(eta),  F(eta) = p (1 - p)
 * </pre>
 *
 * <p>From logits, {@link #logProb(Var)} is one fused op: value {@code x l - softplus(l)} with
 * softplus in the form {@code max(l, 0) + log1p(exp(-|l|))}, and vector-Jacobian products
 * {@code (x - sigmoid(l)) g} for the logits and {@code l g} for x, so a 128 x 784 decoder output
 * costs a handful of array passes and one graph node. From probs, p may be 0 or 1 (log-probabilities
 * of -inf are exact); its gradients there are infinite, as they should be.
 *
 * <p>x is not checked to be 0 or 1 (hot path). For x in [0, 1] the formula is the negative binary
 * cross-entropy, which is not a normalised density on [0, 1] (use ContinuousBernoulli for that);
 * {@link io.github.jvi.core.kl.Kl} uses it with x = p to form the cross-entropy term.
 */
public final class Bernoulli implements ExponentialFamily {
  // one of the two is given by the factory; the other is computed on first use
  private Var logits;
  private Var probs;
  private final boolean fromLogits;

  private Bernoulli(Var probs, Var logits, boolean fromLogits) {
    this.probs = probs;
    this.logits = logits;
    this.fromLogits = fromLogits;
  }

  /** Bernoulli(p); every element of probs must be in [0, 1]. */
  public static Bernoulli ofProbs(Var probs) {
    Check.inClosed("probs", probs.value(), 0.0, 1.0);
    return new Bernoulli(probs, null, false);
  }

  /** Bernoulli(p) from an array. */
  public static Bernoulli ofProbs(INDArray probs) {
    return ofProbs(Var.constant(probs));
  }

  /** A scalar Bernoulli(p) in float64. */
  public static Bernoulli ofProbs(double p) {
    Check.inClosed("probs", p, 0.0, 1.0);
    return ofProbs(Var.scalar(p));
  }

  /** Bernoulli(sigmoid(l)); every element of logits must be finite. */
  public static Bernoulli ofLogits(Var logits) {
    Check.finite("logits", logits.value());
    return new Bernoulli(null, logits, true);
  }

  /** Bernoulli(sigmoid(l)) from an array. */
  public static Bernoulli ofLogits(INDArray logits) {
    return ofLogits(Var.constant(logits));
  }

  /** A scalar Bernoulli(sigmoid(l)) in float64. */
  public static Bernoulli ofLogits(double logit) {
    Check.finite("logits", logit);
    return ofLogits(Var.scalar(logit));
  }

  /** Whether the factory was given logits ({@link #ofLogits}) rather than probabilities. */
  public boolean fromLogits() {
    return fromLogits;
  }

  /** p = P(x = 1) (from logits: sigmoid(l), computed once on first use). */
  public Var probs() {
    if (probs == null) {
      probs = logits.sigmoid();
    }
    return probs;
  }

  /** l = log(p / (1 - p)) (+-inf where p is 0 or 1; from probs: computed once on first use). */
  public Var logits() {
    if (logits == null) {
      logits = DiscreteOps.safeLog(probs).sub(DiscreteOps.safeLog(probs.rsub(1.0)));
    }
    return logits;
  }

  @Override
  public Var logProb(Var x) {
    return fromLogits ? logProbFromLogits(x, logits) : logProbFromProbs(x, probs);
  }

  /**
   * log p(x) = x l - softplus(l) for logits l (broadcasting), as {@code ofLogits(logits).logProb(x)}
   * but without validating the logits: for hot paths that produce logits at every step (a VAE's
   * decoder), where non-finite logits should give a non-finite result for the caller's guard to
   * report rather than an exception, and where the validation pass costs time.
   */
  public static Var logProbOfLogits(Var x, Var logits) {
    return logProbFromLogits(x, logits);
  }

  /**
   * sum_j [x_j l_j - softplus(l_j)] over the last dimension of [n, D] arrays x and logits l (same
   * shape), unvalidated like {@link #logProbOfLogits}: the log-likelihood of n independent
   * D-dimensional Bernoulli vectors, as {@code logProbOfLogits(x, logits).sum(1)} but fused into one
   * graph node whose vector-Jacobian products for the incoming [n] gradient g are
   * (x - sigmoid(l)) g_i for the logits and l g_i for x (no [n, D] broadcast of g).
   *
   * <p>Computed by {@link Kernels#bernoulliLogLik} and {@link Kernels#bernoulliLogLikGrad} (one
   * Vector API pass each on the CPU, ND4J ops otherwise). Accuracy: each pixel's term
   * max(l, 0) - x l + log1p(e^(-|l|)) is non-negative and, for binary x, accurate to a few epsilon
   * <em>relative</em>, also for a near-certain pixel (|l| &gt; 17 in float32) whose log-probability
   * of about -e^(-|l|) libnd4j's softplus rounds to 0; the row sum is within
   * (D / lanes + lanes + 4) epsilon of the exact sum, relative. The gradient is written as
   * x sigmoid(-l) - (1 - x) sigmoid(l), accurate relative for binary x.
   *
   * @throws IllegalArgumentException if the shapes differ or are not [n, D]
   */
  public static Var sumLogProbOfLogits(Var x, Var logits) {
    INDArray xv = x.value();
    INDArray l = logits.value();
    if (l.rank() != 2 || !java.util.Arrays.equals(xv.shape(), l.shape())) {
      throw new IllegalArgumentException("x and logits must both be [n, D], found "
          + java.util.Arrays.toString(xv.shape()) + " and " + java.util.Arrays.toString(l.shape()));
    }
    INDArray out = Kernels.bernoulliLogLik(xv, l);
    return Var.op(out, g -> new INDArray[] {
        x.requiresGrad() ? l.mulColumnVector(g.reshape(g.length(), 1)) : null,
        logits.requiresGrad() ? Kernels.bernoulliLogLikGrad(xv, l, g) : null}, x, logits);
  }

  /** x l - softplus(l), fused; gradients (x - sigmoid(l)) g and l g. */
  static Var logProbFromLogits(Var x, Var logits) {
    INDArray xv = x.value();
    INDArray l = logits.value();
    INDArray sp = Special.softplus(l);
    INDArray out = xv.mul(l);
    out = java.util.Arrays.equals(out.shape(), sp.shape()) ? out.subi(sp) : out.sub(sp);
    return Var.op(out, g -> new INDArray[] {
        x.requiresGrad() ? g.mul(l) : null,
        logits.requiresGrad() ? xv.sub(Transforms.sigmoid(l, true)).muli(g) : null}, x, logits);
  }

  /** x log p + (1 - x) log(1 - p) with 0 log 0 = 0, fused. */
  static Var logProbFromProbs(Var x, Var probs) {
    INDArray xv = x.value();
    INDArray p = probs.value();
    INDArray logp = Transforms.log(p, true);
    INDArray log1mp = Transforms.log1p(p.neg(), false);
    INDArray omx = xv.rsub(1.0);
    INDArray out = DiscreteOps.zeroNaN(xv.mul(logp)).addi(DiscreteOps.zeroNaN(omx.mul(log1mp)));
    return Var.op(out, g -> new INDArray[] {
        x.requiresGrad() ? g.mul(logp.sub(log1mp)) : null,
        probs.requiresGrad()
            ? DiscreteOps.zeroNaN(DiscreteOps.zeroNaN(xv.div(p)).subi(DiscreteOps.zeroNaN(omx.div(p.rsub(1.0)))).muli(g))
            : null}, x, probs);
  }

  /** Draws 1 where a uniform falls below p: shape sampleShape ++ batchShape. */
  @Override
  public INDArray sample(Rng rng, long... sampleShape) {
    INDArray u = rng.uniform(dataType(), Shapes.concat(sampleShape, batchShape()));
    return u.sub(probs().value()).lt(0.0).castTo(dataType());
  }

  @Override
  public Var mean() {
    return probs();
  }

  @Override
  public Var variance() {
    Var p = probs();
    return p.mul(p.rsub(1.0));
  }

  @Override
  public Var entropy() {
    return fromLogits
        ? logits.softplus().sub(probs().mul(logits))
        : logProbFromProbs(probs, probs).neg();
  }

  @Override
  public long[] batchShape() {
    return given().shape();
  }

  @Override
  public long[] eventShape() {
    return new long[0];
  }

  @Override
  public DataType dataType() {
    return given().dataType();
  }

  @Override
  public Var naturalParameters() {
    return Shapes.stackLast(logits());
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
    return Shapes.lastComponent(eta, 0).softplus();
  }

  @Override
  public Var expectedSufficientStatistics() {
    return Shapes.stackLast(probs());
  }

  @Override
  public Var fisherInformation() {
    return Shapes.stackLast(Shapes.stackLast(variance()));
  }

  private Var given() {
    return fromLogits ? logits : probs;
  }

  @Override
  public String toString() {
    return "Bernoulli(" + (fromLogits ? "logits=" + logits.value() : "probs=" + probs.value()) + ")";
  }
}
