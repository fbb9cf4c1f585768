package io.github.jvi.gpu.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp, expm1, log and log1p on {@link DoubleVector}s written with basic lane arithmetic only
 * (add, multiply, divide, fused multiply-add, compare, blend, exact integer and bit operations),
 * every one of which Java defines as correctly rounded or exact. The interpreter, C1 and C2 thus
 * compute the same bits for the same input, which the JDK's {@code lanewise(EXP)} and friends do
 * not (its compiled form calls SVML, its interpreted form {@code Math.exp} per lane: measured 216
 * of 4096 float64 exponentials differ between a cold and a warm call).
 *
 * <p>Algorithms (Cody &amp; Waite 1980 argument reduction; the log in the form of Sun's fdlibm
 * {@code e_log.c}, with Taylor rather than minimax coefficients so that every constant is
 * derived, not copied):
 * <ul>
 *   <li>exp(x) = 2^n exp(r), n = round(x / ln 2), r = x - n ln2_hi - n ln2_lo, |r| &lt;= ln 2 / 2;
 *       exp(r) by its Taylor polynomial of degree 13 (truncation below 6e-18 relative) in Horner
 *       form with fused multiply-adds; 2^n applied as two exact powers 2^(n/2) 2^(n - n/2), so
 *       overflow to infinity and gradual underflow round once.</li>
 *   <li>expm1(x) = 2^n expm1(r) + (2^n - 1), expm1(r) = r + r^2 P(r) (no cancellation near 0);
 *       exp(x) itself above 45, where the two agree to the last bit.</li>
 *   <li>log(x) = k ln 2 + log1p(f), x = 2^k (1 + f), sqrt(2)/2 &lt;= 1 + f &lt; sqrt(2);
 *       with s = f / (2 + f): log1p(f) = f - (f^2/2 - s (f^2/2 + R)), R = sum_{i=1..10} 2 s^(2i)/(2i + 1)
 *       (truncation below 1e-18 relative: s^2 &lt;= 0.0295).</li>
 *   <li>log1p(x): u = 1 + x rounded = 2^k m; where k = 0, log1p(f) with f = x itself (exact);
 *       elsewhere log(u) plus the part of x that u lost, c0 = x - (u - 1) (exact), as
 *       c0 2^-k (2 - m) ~ c0 / u (the approximation of 1/m errs by (m - 1)^2 &lt;= 0.172 of a
 *       correction below half an ulp; no division).</li>
 * </ul>
 * Measured against {@link StrictMath} (fdlibm) by {@code VectorMathTest}: within 1 ulp (exp,
 * log), 2 ulp (expm1, log1p) over the stated ranges; special values (NaN, infinities, 0,
 * negative arguments of log, subnormal results and arguments) as {@link Math}.
 */
final class DoubleMath {
  private DoubleMath() {}

  /** The species of every argument (the kernels' preferred species: a constant, so C2 intrinsifies the broadcasts). */
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private static final double INV_LN2 = 1.44269504088896338700e+00;
  /** ln 2 split (fdlibm): LN2_HI has 21 trailing zero bits, so n LN2_HI is exact for |n| &lt; 2^21. */
  private static final double LN2_HI = 6.93147180369123816490e-01;
  private static final double LN2_LO = 1.90821492927058770002e-10;
  /** 1.5 2^52: adding and subtracting it rounds |y| &lt; 2^51 to the nearest integer. */
  private static final double SHIFT = 0x1.8p52;
  private static final double SQRT2 = 1.41421356237309504880;
  private static final double TWO54 = 0x1p54;
  /** 1/k! for k = 0..13, the nearest doubles of the rationals. */
  private static final double[] INV_FACT = inverseFactorials(13);
  /** 2/(2i+1) for i = 1..10. */
  private static final double[] ATANH = atanhCoefficients(10);
  private static final double E0 = INV_FACT[0];
  private static final double E1 = INV_FACT[1];
  private static final double E2 = INV_FACT[2];
  private static final double E3 = INV_FACT[3];
  private static final double E4 = INV_FACT[4];
  private static final double E5 = INV_FACT[5];
  private static final double E6 = INV_FACT[6];
  private static final double E7 = INV_FACT[7];
  private static final double E8 = INV_FACT[8];
  private static final double E9 = INV_FACT[9];
  private static final double E10 = INV_FACT[10];
  private static final double E11 = INV_FACT[11];
  private static final double E12 = INV_FACT[12];
  private static final double E13 = INV_FACT[13];
  private static final double A1 = ATANH[1];
  private static final double A2 = ATANH[2];
  private static final double A3 = ATANH[3];
  private static final double A4 = ATANH[4];
  private static final double A5 = ATANH[5];
  private static final double A6 = ATANH[6];
  private static final double A7 = ATANH[7];
  private static final double A8 = ATANH[8];
  private static final double A9 = ATANH[9];
  private static final double A10 = ATANH[10];
  private static final long SHIFT_BITS = Double.doubleToRawLongBits(SHIFT);

  static double[] inverseFactorials(int n) {
    double[] c = new double[n + 1];
    java.math.BigInteger f = java.math.BigInteger.ONE;
    for (int k = 0; k <= n; k++) {
      if (k > 0) {
        f = f.multiply(java.math.BigInteger.valueOf(k));
      }
      c[k] = java.math.BigDecimal.ONE.divide(new java.math.BigDecimal(f), java.math.MathContext.DECIMAL128).doubleValue();
    }
    return c;
  }

  static double[] atanhCoefficients(int n) {
    double[] c = new double[n + 1];
    for (int i = 1; i <= n; i++) {
      c[i] = 2.0 / (2 * i + 1); // one correctly rounded division
    }
    return c;
  }

  /** SHIFT + round(x / ln 2): the integer is the difference, and also the low bits of the result (see {@link #toInteger}); x must be clamped to |x| &lt; 2^50. */
  private static DoubleVector reduceN(DoubleVector x) {
    return x.fma(INV_LN2, SHIFT);
  }

  /** r = x - n ln 2 in two steps (the first exact). */
  private static DoubleVector reduceR(DoubleVector x, DoubleVector nd) {
    return x.sub(nd.mul(LN2_HI)).sub(nd.mul(LN2_LO));
  }

  /** 2^n for integer n with -1022 &lt;= n &lt;= 1023, exactly. */
  private static DoubleVector pow2(LongVector n) {
    return n.add(1023L).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
  }

  /** The integer n of t = SHIFT + n, read from t's bits (exact for |n| &lt; 2^51). */
  private static LongVector toInteger(DoubleVector t) {
    return t.reinterpretAsLongs().sub(SHIFT_BITS);
  }

  /** E13 r^11 + ... + E3 r + E2 (E_k = 1/k!) in Horner form: exp(r) = 1 + r (1 + r P), expm1(r) = r + r^2 P. */
  private static DoubleVector taylorFrom2(DoubleVector r) {
    DoubleVector p = r.fma(E13, E12);
    p = p.fma(r, DoubleVector.broadcast(S, E11));
    p = p.fma(r, DoubleVector.broadcast(S, E10));
    p = p.fma(r, DoubleVector.broadcast(S, E9));
    p = p.fma(r, DoubleVector.broadcast(S, E8));
    p = p.fma(r, DoubleVector.broadcast(S, E7));
    p = p.fma(r, DoubleVector.broadcast(S, E6));
    p = p.fma(r, DoubleVector.broadcast(S, E5));
    p = p.fma(r, DoubleVector.broadcast(S, E4));
    p = p.fma(r, DoubleVector.broadcast(S, E3));
    p = p.fma(r, DoubleVector.broadcast(S, E2));
    return p;
  }

  /** e^x, within 1 ulp; +inf above 709.78, gradual underflow, 0 below -745.2, NaN for NaN. */
  static DoubleVector exp(DoubleVector x) {
    DoubleVector xc = x.max(-750.0).min(750.0);
    DoubleVector t = reduceN(xc);
    DoubleVector nd = t.sub(SHIFT);
    DoubleVector r = reduceR(xc, nd);
    DoubleVector p = taylorFrom2(r);
    p = p.fma(r, DoubleVector.broadcast(S, E1));
    p = p.fma(r, DoubleVector.broadcast(S, E0));
    LongVector n = toInteger(t);
    LongVector n1 = n.lanewise(VectorOperators.ASHR, 1);
    DoubleVector y = p.mul(pow2(n1)).mul(pow2(n.sub(n1)));
    return y.blend(x, x.compare(VectorOperators.NE, x));
  }

  /** e^x - 1, within 2 ulp, relative also near 0; -1 below -37, NaN for NaN. */
  static DoubleVector expm1(DoubleVector x) {
    DoubleVector xc = x.max(-45.0).min(45.0);
    DoubleVector t = reduceN(xc);
    DoubleVector nd = t.sub(SHIFT);
    DoubleVector r = reduceR(xc, nd);
    DoubleVector p = taylorFrom2(r);
    DoubleVector q = p.fma(r.mul(r), r); // expm1(r) = r + r^2 P(r)
    DoubleVector two = pow2(toInteger(t));
    DoubleVector y = two.fma(q, two.sub(1.0));
    VectorMask<Double> big = x.compare(VectorOperators.GT, 45.0);
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
  static void log(double[] xArr, int xo, double[] yArr, int yo, int n, boolean onePlus) {
    for (int i = 0; i < n; i += L) {
      DoubleVector x = DoubleVector.fromArray(S, xArr, xo + i);
      DoubleVector a = onePlus ? x.add(1.0) : x;
      VectorMask<Double> sub = a.compare(VectorOperators.LT, 0x1p-1022);
      LongVector bits = a.blend(a.mul(TWO54), sub).reinterpretAsLongs();
      // the biased exponent (below 2^11) as a floating value, exactly: its bits added to SHIFT's
      DoubleVector kd = bits.lanewise(VectorOperators.LSHR, 52).and(0x7ffL).add(SHIFT_BITS).reinterpretAsDoubles()
          .sub(SHIFT + 1023.0);
      kd = kd.blend(kd.sub(54.0), sub);
      DoubleVector m = bits.and(0x000fffffffffffffL).or(0x3ff0000000000000L).reinterpretAsDoubles();
      VectorMask<Double> high = m.compare(VectorOperators.GT, SQRT2);
      m = m.blend(m.mul(0.5), high);
      kd = kd.blend(kd.add(1.0), high);
      DoubleVector f = m.sub(1.0); // exact: m in [sqrt(2)/2, sqrt(2)]
      DoubleVector c = DoubleVector.zero(S);
      if (onePlus) {
        // a = 1 + x rounded; 1 + x = 2^k (m + c0 2^-k) with c0 = x - (a - 1) exact, so
        // log(1 + x) = k ln 2 + log(m) + c0 2^-k / m + O(c0^2): 1/m taken as 2 - m (relative error
        // (m - 1)^2 &lt;= 0.172 of a correction below half an ulp), 2^-k from k's bits; where k = 0,
        // f = x exactly and no correction is needed
        LongVector k = kd.add(SHIFT).reinterpretAsLongs().sub(SHIFT_BITS).min(1022L); // above, c0 = 0
        DoubleVector pow2NegK = k.neg().add(1023L).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        c = x.sub(a.sub(1.0)).mul(pow2NegK).mul(m.neg().add(2.0));
        VectorMask<Double> k0 = kd.compare(VectorOperators.EQ, 0.0);
        f = f.blend(x, k0);
        c = c.blend(0.0, k0);
      }
      DoubleVector hfsq = f.mul(f).mul(0.5);
      DoubleVector s = f.div(f.add(2.0));
      DoubleVector z = s.mul(s);
      DoubleVector p = z.fma(A10, A9);
      p = p.fma(z, DoubleVector.broadcast(S, A8));
      p = p.fma(z, DoubleVector.broadcast(S, A7));
      p = p.fma(z, DoubleVector.broadcast(S, A6));
      p = p.fma(z, DoubleVector.broadcast(S, A5));
      p = p.fma(z, DoubleVector.broadcast(S, A4));
      p = p.fma(z, DoubleVector.broadcast(S, A3));
      p = p.fma(z, DoubleVector.broadcast(S, A2));
      p = p.fma(z, DoubleVector.broadcast(S, A1));
      DoubleVector r = p.mul(z);
      DoubleVector y = kd.mul(LN2_HI).sub(hfsq.sub(s.mul(hfsq.add(r)).add(kd.mul(LN2_LO)).add(c)).sub(f));
      y = y.blend(Double.NEGATIVE_INFINITY, a.compare(VectorOperators.EQ, 0.0));
      y = y.blend(Double.NaN, a.compare(VectorOperators.LT, 0.0));
      y = y.blend(Double.POSITIVE_INFINITY, a.compare(VectorOperators.EQ, Double.POSITIVE_INFINITY));
      y = y.blend(a, a.compare(VectorOperators.NE, a));
      if (onePlus) {
        y = y.blend(x, x.compare(VectorOperators.NE, x));
      }
      y.intoArray(yArr, yo + i);
    }
  }
}
