package io.github.jvi.gpu.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 form of {@link DoubleMath}: the same algorithms and special values on
 * {@link FloatVector}s with float constants, Taylor degree 7 for exp (truncation below 8e-9
 * relative) and five terms of R for log (below 3e-9). Measured against {@link StrictMath} in
 * float64, rounded: within 1 ulp (exp, log), 2 ulp (expm1, log1p).
 */
final class FloatMath {
  private FloatMath() {}

  /** The species of every argument (the kernels' preferred species: a constant, so C2 intrinsifies the broadcasts). */
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

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
  private static final float E0 = INV_FACT[0];
  private static final float E1 = INV_FACT[1];
  private static final float E2 = INV_FACT[2];
  private static final float E3 = INV_FACT[3];
  private static final float E4 = INV_FACT[4];
  private static final float E5 = INV_FACT[5];
  private static final float E6 = INV_FACT[6];
  private static final float E7 = INV_FACT[7];
  private static final float A1 = ATANH[1];
  private static final float A2 = ATANH[2];
  private static final float A3 = ATANH[3];
  private static final float A4 = ATANH[4];
  private static final float A5 = ATANH[5];
  private static final int SHIFT_BITS = Float.floatToRawIntBits(SHIFT);

  private static float[] toFloats(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) a[i];
    }
    return f;
  }

  private static FloatVector reduceN(FloatVector x) {
    return x.fma(INV_LN2, SHIFT);
  }

  private static FloatVector reduceR(FloatVector x, FloatVector nd) {
    return x.sub(nd.mul(LN2_HI)).sub(nd.mul(LN2_LO));
  }

  /** 2^n for integer n with -126 &lt;= n &lt;= 127, exactly. */
  private static FloatVector pow2(IntVector n) {
    return n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
  }

  /** The integer n of t = SHIFT + n, read from t's bits (exact for |n| &lt; 2^22). */
  private static IntVector toInteger(FloatVector t) {
    return t.reinterpretAsInts().sub(SHIFT_BITS);
  }

  /** E7 r^5 + ... + E3 r + E2 (E_k = 1/k!) in Horner form: exp(r) = 1 + r (1 + r P), expm1(r) = r + r^2 P. */
  private static FloatVector taylorFrom2(FloatVector r) {
    FloatVector p = r.fma(E7, E6);
    p = p.fma(r, FloatVector.broadcast(S, E5));
    p = p.fma(r, FloatVector.broadcast(S, E4));
    p = p.fma(r, FloatVector.broadcast(S, E3));
    p = p.fma(r, FloatVector.broadcast(S, E2));
    return p;
  }

  /** e^x, within 1 ulp; +inf above 88.72, gradual underflow, 0 below -103.98, NaN for NaN. */
  static FloatVector exp(FloatVector x) {
    FloatVector xc = x.max(-110f).min(110f);
    FloatVector t = reduceN(xc);
    FloatVector nd = t.sub(SHIFT);
    FloatVector r = reduceR(xc, nd);
    FloatVector p = taylorFrom2(r);
    p = p.fma(r, FloatVector.broadcast(S, E1));
    p = p.fma(r, FloatVector.broadcast(S, E0));
    IntVector n = toInteger(t);
    IntVector n1 = n.lanewise(VectorOperators.ASHR, 1);
    FloatVector y = p.mul(pow2(n1)).mul(pow2(n.sub(n1)));
    return y.blend(x, x.compare(VectorOperators.NE, x));
  }

  /** e^x - 1, within 2 ulp, relative also near 0; -1 below -17.4, NaN for NaN. */
  static FloatVector expm1(FloatVector x) {
    FloatVector xc = x.max(-20f).min(20f);
    FloatVector t = reduceN(xc);
    FloatVector nd = t.sub(SHIFT);
    FloatVector r = reduceR(xc, nd);
    FloatVector p = taylorFrom2(r);
    FloatVector q = p.fma(r.mul(r), r);
    FloatVector two = pow2(toInteger(t));
    FloatVector y = two.fma(q, two.sub(1f));
    VectorMask<Float> big = x.compare(VectorOperators.GT, 20f);
    if (big.anyTrue()) {
      y = y.blend(exp(x), big);
    }
    return y.blend(x, x.compare(VectorOperators.NE, x));
  }

  /**
   * yArr[yo + i] = log(xArr[xo + i]) for i &lt; n (onePlus false: within 1 ulp; 0 -&gt; -inf, negative
   * -&gt; NaN, +inf -&gt; +inf, NaN -&gt; NaN) or log1p(xArr[xo + i]) (onePlus true: within 2 ulp;
   * -1 -&gt; -inf, below -1 -&gt; NaN), n a multiple of the lane count (the staged arrays are
   * padded), in place allowed. With a = x (log) or a = 1 + x rounded (log1p): a = 2^k m with m in
   * [sqrt(2)/2, sqrt(2)], log a = k ln 2 + log(1 + f), f = m - 1, by fdlibm's s = f / (2 + f)
   * series; for log1p the rounding of 1 + x is corrected: 1 + x = 2^k (m + c0 2^-k) with
   * c0 = x - (a - 1) exact, so log(1 + x) = k ln 2 + log(m) + c0 2^-k / m + O(c0^2), 1/m taken as
   * 2 - m (relative error (m - 1)^2 &lt;= 0.172 of a correction below half an ulp); where k = 0,
   * f = x exactly and no correction is needed.
   *
   * <p><b>An array loop, not a function of vectors.</b> The whole algorithm sits in this one loop
   * body, with no call of ours inside. As a function of vectors (about 250 bytecodes with its
   * helpers) it was compiled on its own first (the interpreter calls it once per vector while its
   * caller's loop is still interpreted), then refused inlining as "already compiled into a big
   * method", so every call passed boxed vectors: log1p took 6.6-8.6 ns per float64 element instead
   * of about 1.5. A loop over arrays has no vectors at its boundary, inlined or not.
   */
  static void log(float[] xArr, int xo, float[] yArr, int yo, int n, boolean onePlus) {
    for (int i = 0; i < n; i += L) {
      FloatVector x = FloatVector.fromArray(S, xArr, xo + i);
      FloatVector a = onePlus ? x.add(1f) : x;
      VectorMask<Float> sub = a.compare(VectorOperators.LT, 0x1p-126f);
      IntVector bits = a.blend(a.mul(TWO24), sub).reinterpretAsInts();
      // the biased exponent (below 2^11) as a floating value, exactly: its bits added to SHIFT's
      FloatVector kd = bits.lanewise(VectorOperators.LSHR, 23).and(0xff).add(SHIFT_BITS).reinterpretAsFloats()
          .sub(SHIFT + 127f);
      kd = kd.blend(kd.sub(24f), sub);
      FloatVector m = bits.and(0x007fffff).or(0x3f800000).reinterpretAsFloats();
      VectorMask<Float> high = m.compare(VectorOperators.GT, SQRT2);
      m = m.blend(m.mul(0.5f), high);
      kd = kd.blend(kd.add(1f), high);
      FloatVector f = m.sub(1f);
      FloatVector c = FloatVector.zero(S);
      if (onePlus) {
        // a = 1 + x rounded; 1 + x = 2^k (m + c0 2^-k) with c0 = x - (a - 1) exact, so
        // log(1 + x) = k ln 2 + log(m) + c0 2^-k / m + O(c0^2): 1/m taken as 2 - m (relative error
        // (m - 1)^2 &lt;= 0.172 of a correction below half an ulp), 2^-k from k's bits; where k = 0,
        // f = x exactly and no correction is needed
        IntVector k = kd.add(SHIFT).reinterpretAsInts().sub(SHIFT_BITS).min(126); // above, c0 = 0
        FloatVector pow2NegK = k.neg().add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        c = x.sub(a.sub(1f)).mul(pow2NegK).mul(m.neg().add(2f));
        VectorMask<Float> k0 = kd.compare(VectorOperators.EQ, 0f);
        f = f.blend(x, k0);
        c = c.blend(0f, k0);
      }
      FloatVector hfsq = f.mul(f).mul(0.5f);
      FloatVector s = f.div(f.add(2f));
      FloatVector z = s.mul(s);
      FloatVector p = z.fma(A5, A4);
      p = p.fma(z, FloatVector.broadcast(S, A3));
      p = p.fma(z, FloatVector.broadcast(S, A2));
      p = p.fma(z, FloatVector.broadcast(S, A1));
      FloatVector r = p.mul(z);
      FloatVector y = kd.mul(LN2_HI).sub(hfsq.sub(s.mul(hfsq.add(r)).add(kd.mul(LN2_LO)).add(c)).sub(f));
      y = y.blend(Float.NEGATIVE_INFINITY, a.compare(VectorOperators.EQ, 0f));
      y = y.blend(Float.NaN, a.compare(VectorOperators.LT, 0f));
      y = y.blend(Float.POSITIVE_INFINITY, a.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
      y = y.blend(a, a.compare(VectorOperators.NE, a));
      if (onePlus) {
        y = y.blend(x, x.compare(VectorOperators.NE, x));
      }
      y.intoArray(yArr, yo + i);
    }
  }
}
