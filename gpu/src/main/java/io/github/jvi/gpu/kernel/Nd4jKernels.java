package io.github.jvi.gpu.kernel;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The same kernels as compositions of ND4J ops: the fallback when the Vector API is absent or the
 * backend is not the CPU (on CUDA these run on the device). Same formulas as the vector code,
 * including log1p(exp(-|l|)) for the Bernoulli terms and expm1 for the KL, so the accuracy
 * statements of {@link Kernels} hold for both paths (bits may differ between the two).
 *
 * <p>libnd4j's {@code log1p} and {@code expm1} are evaluated as log(1 + y) and exp(x) - 1 (measured:
 * log1p(exp(-20)) = 0 in float32, 3e-7 relative error at 0.05), so the fallback uses Kahan's
 * corrections through ND4J's accurate {@code log} and {@code exp}:
 * log1p(y) = log(u) y / (u - 1) with u = 1 + y, and expm1(x) = (u - 1) x / log(u) with u = e^x,
 * both taking y (x) itself where u rounds to 1 (Goldberg 1991, "What every computer scientist
 * should know about floating-point arithmetic", theorem 4).
 */
final class Nd4jKernels {
  private Nd4jKernels() {}

  /** log(1 + y), accurate for small y (Kahan's correction; y &gt; -1). */
  static INDArray log1p(INDArray y) {
    INDArray u = y.add(1.0);
    INDArray d = u.sub(1.0);
    INDArray z = d.eq(0.0).castTo(y.dataType());
    return Transforms.log(u, false).muli(y).addi(z.mul(y)).divi(d.addi(z));
  }

  /** e^x - 1, accurate for small x (Kahan's correction; for e^x &gt; 0). */
  static INDArray expm1(INDArray x) {
    INDArray u = Transforms.exp(x, true);
    INDArray z = u.eq(1.0).castTo(x.dataType());
    INDArray lu = Transforms.log(u, true).addi(z);
    return u.subi(1.0).muli(x).addi(z.mul(x)).divi(lu);
  }

  static INDArray softplus(INDArray x) {
    INDArray t = log1p(Transforms.exp(Transforms.abs(x, true).negi(), false));
    return t.addi(Transforms.relu(x, true));
  }

  static void biasRelu(INDArray y, INDArray b, boolean relu) {
    y.addiRowVector(b);
    if (relu) {
      Transforms.relu(y, false);
    }
  }

  static INDArray reluMaskMul(INDArray y, INDArray g) {
    INDArray mask = Nd4j.createUninitialized(y.dataType(), y.shape());
    Nd4j.exec(new Step(y, mask));
    return mask.muli(g);
  }

  static INDArray bernoulliLogLik(INDArray x, INDArray l) {
    // x l - softplus(l) = -(max(l, 0) - x l + log1p(exp(-|l|)))
    INDArray t = log1p(Transforms.exp(Transforms.abs(l, true).negi(), false));
    return Transforms.relu(l, true).subi(x.mul(l)).addi(t).sum(1).negi();
  }

  static INDArray bernoulliGrad(INDArray x, INDArray l, INDArray g) {
    INDArray sig = Transforms.sigmoid(l, true);
    INDArray sigNeg = Transforms.sigmoid(l.neg(), false);
    return x.mul(sigNeg).subi(x.rsub(1.0).muli(sig)).muliColumnVector(g.reshape(g.length(), 1));
  }

  static INDArray klStd(INDArray mu, INDArray s) {
    INDArray s2 = s.mul(2.0);
    INDArray t = expm1(s2).subi(s2).addi(mu.mul(mu)).muli(0.5);
    return t.sum(1);
  }

  static INDArray[] klStdGrad(INDArray mu, INDArray s, INDArray g) {
    INDArray gc = g.reshape(g.length(), 1);
    return new INDArray[] {mu.mulColumnVector(gc), expm1(s.mul(2.0)).muliColumnVector(gc)};
  }

  static INDArray[] rsample(INDArray mu, INDArray s, INDArray eps) {
    INDArray se = Transforms.exp(s, true).muli(eps);
    return new INDArray[] {se.add(mu), se};
  }

  static void softmaxColumns(INDArray a, INDArray max, INDArray sum) {
    INDArray mx = a.max(true, 0);
    a.subiRowVector(mx);
    Transforms.exp(a, false);
    INDArray s = a.sum(true, 0);
    a.diviRowVector(s);
    max.assign(mx.reshape(max.shape()));
    sum.assign(s.reshape(sum.shape()));
  }

  /** {@link Kernels#mixtureEStep} as ND4J ops: the features [F, B], two products around the soft-max. */
  static double mixtureEStep(INDArray coef, INDArray raw, int u, INDArray resp, INDArray moments) {
    long b = raw.size(1);
    INDArray phi = Kernels.quadraticFeatures(raw, u);
    INDArray l = coef.mmul(phi);
    INDArray max = Nd4j.create(DataType.DOUBLE, b);
    INDArray sum = Nd4j.create(DataType.DOUBLE, b);
    softmaxColumns(l, max, sum);
    if (resp != null) {
      resp.assign(l);
    }
    moments.assign(l.mmul(phi.transpose()));
    return Kernels.logNormaliserSum(max, sum, (int) coef.size(0));
  }

  static void adam(INDArray p, INDArray g, INDArray m, INDArray v, double b1, double b2, double step, double eps) {
    m.muli(b1).addi(g.mul(1 - b1));
    v.muli(b2).addi(g.mul(g).muli(1 - b2));
    p.subi(m.mul(step).divi(Transforms.sqrt(v, true).addi(eps)));
  }
}
