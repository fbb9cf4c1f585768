package io.github.jvi.gpu.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The float32 form of {@link DoubleMath}: the same algorithms and special values on
 * {@link FloatVector}s with float constants, Taylor degree 7 for exp (truncation below 8e-9
 * relative) and five terms of R for log (below 3e-9). Measured against {@link StrictMath} in
 * float64, rounded: within 1 ulp (exp, log), 2 ulp (expm1, log1p).
 */
final class FloatMath {
  private FloatMath() {}

  private static final float INV_LN2 = 1.44269504088896338700f;
  /** ln 2 split: LN2_HI = 0x1.63p-1 has 9 significant bits, so n LN2_HI is exact for |n| &lt; 2^15. */
  private static final float LN2_HI = 0.693359375f;
  private static final float LN2_LO = -2.12194440e-4f;
  /** 1.5 2^23: adding and subtracting it rounds |y| &lt; 2^22 to the nearest integer. */
  private static final float SHIFT = 0x1.8p23f;
  private static final float SQRT2 = 1.41421356237309504880f;
  private static final float TWO24 = 0x1p24f;
  private static final float[] INV_FACT = toFloats(DoubleMath.inverseFactorials(7));
  private static final float[] ATANH = toFloats(DoubleMath.atanhCoefficients(5));

  private static float[] toFloats(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) a[i];
    }
    return f;
  }

  private static FloatVector reduceN(FloatVector x) {
    return x.fma(INV_LN2, SHIFT).sub(SHIFT);
  }

  private static FloatVector reduceR(FloatVector x, FloatVector nd) {
    return x.sub(nd.mul(LN2_HI)).sub(nd.mul(LN2_LO));
  }

  /** 2^n for integer n with -126 &lt;= n &lt;= 127, exactly. */
  private static FloatVector pow2(IntVector n) {
    return n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
  }

  private static IntVector toInt(FloatVector nd) {
    return (IntVector) nd.convert(VectorOperators.F2I, 0);
  }

  /** e^x, within 1 ulp; +inf above 88.72, gradual underflow, 0 below -103.98, NaN for NaN. */
  static FloatVector exp(FloatVector x) {
    FloatVector xc = x.max(-110f).min(110f);
    FloatVector nd = reduceN(xc);
    FloatVector r = reduceR(xc, nd);
    FloatVector p = FloatVector.broadcast(x.species(), INV_FACT[7]);
    for (int k = 6; k >= 0; k--) {
      p = p.lanewise(VectorOperators.FMA, r, INV_FACT[k]);
    }
    IntVector n = toInt(nd);
    IntVector n1 = n.lanewise(VectorOperators.ASHR, 1);
    FloatVector y = p.mul(pow2(n1)).mul(pow2(n.sub(n1)));
    return y.blend(x, x.test(VectorOperators.IS_NAN));
  }

  /** e^x - 1, within 2 ulp, relative also near 0; -1 below -17.4, NaN for NaN. */
  static FloatVector expm1(FloatVector x) {
    FloatVector xc = x.max(-20f).min(20f);
    FloatVector nd = reduceN(xc);
    FloatVector r = reduceR(xc, nd);
    FloatVector p = FloatVector.broadcast(x.species(), INV_FACT[7]);
    for (int k = 6; k >= 2; k--) {
      p = p.lanewise(VectorOperators.FMA, r, INV_FACT[k]);
    }
    FloatVector q = p.fma(r.mul(r), r);
    FloatVector two = pow2(toInt(nd));
    FloatVector y = two.fma(q, two.sub(1f));
    VectorMask<Float> big = x.compare(VectorOperators.GT, 20f);
    if (big.anyTrue()) {
      y = y.blend(exp(x), big);
    }
    return y.blend(x, x.test(VectorOperators.IS_NAN));
  }

  /** log x, within 1 ulp; -inf at 0, NaN below 0 and for NaN, +inf at +inf. */
  static FloatVector log(FloatVector x) {
    return specialsOfLog(x, logPlus(x, FloatVector.zero(x.species())));
  }

  /** log1p x, within 2 ulp; -inf at -1, NaN below -1 and for NaN, +inf at +inf. */
  static FloatVector log1p(FloatVector x) {
    FloatVector u = x.add(1f);
    FloatVector corr = x.sub(u.sub(1f)).div(u);
    return specialsOfLog(u, logPlus(u, corr)).blend(x, x.test(VectorOperators.IS_NAN));
  }

  /** As {@link DoubleMath}'s: log a + c for positive finite a and a small correction c. */
  private static FloatVector logPlus(FloatVector a, FloatVector c) {
    VectorMask<Float> sub = a.compare(VectorOperators.LT, 0x1p-126f);
    IntVector bits = a.blend(a.mul(TWO24), sub).reinterpretAsInts();
    IntVector k = bits.lanewise(VectorOperators.LSHR, 23).and(0xff).sub(127);
    k = k.blend(k.sub(24), sub.cast(k.species()));
    FloatVector m = bits.and(0x007fffff).or(0x3f800000).reinterpretAsFloats();
    VectorMask<Float> high = m.compare(VectorOperators.GT, SQRT2);
    m = m.blend(m.mul(0.5f), high);
    k = k.blend(k.add(1), high.cast(k.species()));
    FloatVector kd = (FloatVector) k.convert(VectorOperators.I2F, 0);
    FloatVector f = m.sub(1f);
    FloatVector hfsq = f.mul(f).mul(0.5f);
    FloatVector s = f.div(f.add(2f));
    FloatVector z = s.mul(s);
    FloatVector p = FloatVector.broadcast(a.species(), ATANH[5]);
    for (int i = 4; i >= 1; i--) {
      p = p.lanewise(VectorOperators.FMA, z, ATANH[i]);
    }
    FloatVector r = p.mul(z);
    return kd.mul(LN2_HI).sub(hfsq.sub(s.mul(hfsq.add(r)).add(kd.mul(LN2_LO)).add(c)).sub(f));
  }

  private static FloatVector specialsOfLog(FloatVector a, FloatVector y) {
    y = y.blend(Float.NEGATIVE_INFINITY, a.compare(VectorOperators.EQ, 0f));
    y = y.blend(Float.NaN, a.compare(VectorOperators.LT, 0f));
    y = y.blend(Float.POSITIVE_INFINITY, a.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
    return y.blend(a, a.test(VectorOperators.IS_NAN));
  }
}
