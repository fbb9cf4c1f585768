package io.github.jvi.gpu.kernel;

import java.util.Random;
import java.util.function.UnaryOperator;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * Applies {@link DoubleMath} and {@link FloatMath} over arrays (masked tails), and, run as a main,
 * prints a digest of their bits on fixed inputs: {@code VectorMathTest} runs it in a child JVM with
 * {@code -Xint} (every lane computed by the interpreter) and compares with the same digest computed
 * in its own, JIT-compiled, JVM.
 */
final class VectorMathProbe {
  private VectorMathProbe() {}

  static double[] apply(UnaryOperator<DoubleVector> f, double[] x) {
    var s = VectorDouble.S;
    double[] y = new double[x.length];
    int i = 0;
    for (; i < s.loopBound(x.length); i += s.length()) {
      f.apply(DoubleVector.fromArray(s, x, i)).intoArray(y, i);
    }
    if (i < x.length) {
      VectorMask<Double> m = s.indexInRange(i, x.length);
      f.apply(DoubleVector.fromArray(s, x, i, m)).intoArray(y, i, m);
    }
    return y;
  }

  static float[] apply(UnaryOperator<FloatVector> f, float[] x) {
    var s = VectorFloat.S;
    float[] y = new float[x.length];
    int i = 0;
    for (; i < s.loopBound(x.length); i += s.length()) {
      f.apply(FloatVector.fromArray(s, x, i)).intoArray(y, i);
    }
    if (i < x.length) {
      VectorMask<Float> m = s.indexInRange(i, x.length);
      f.apply(FloatVector.fromArray(s, x, i, m)).intoArray(y, i, m);
    }
    return y;
  }

  /** The array logarithms ({@link DoubleMath#log}, {@link FloatMath#log}) as functions of one vector, for the checks. */
  static DoubleVector log64(DoubleVector v) {
    return logOf(v, false);
  }

  static DoubleVector log1p64(DoubleVector v) {
    return logOf(v, true);
  }

  static FloatVector log32(FloatVector v) {
    return logOf(v, false);
  }

  static FloatVector log1p32(FloatVector v) {
    return logOf(v, true);
  }

  private static DoubleVector logOf(DoubleVector v, boolean onePlus) {
    double[] t = new double[v.length()];
    v.intoArray(t, 0);
    DoubleMath.log(t, 0, t, 0, t.length, onePlus);
    return DoubleVector.fromArray(VectorDouble.S, t, 0);
  }

  private static FloatVector logOf(FloatVector v, boolean onePlus) {
    float[] t = new float[v.length()];
    v.intoArray(t, 0);
    FloatMath.log(t, 0, t, 0, t.length, onePlus);
    return FloatVector.fromArray(VectorFloat.S, t, 0);
  }

  /** The fixed inputs: 1000 draws of 20 N(0, 1) per function family, plus the special values. */
  static double[] inputs() {
    Random r = new Random(20261202L);
    double[] x = new double[1003];
    for (int i = 0; i < 1000; i++) {
      x[i] = 20 * r.nextGaussian();
    }
    x[1000] = Double.NaN;
    x[1001] = Double.POSITIVE_INFINITY;
    x[1002] = -0.0;
    return x;
  }

  /** A digest of the bits of every function on {@link #inputs()}, float64 and float32. */
  static long digest() {
    double[] x = inputs();
    double[] ax = new double[x.length];
    float[] xf = new float[x.length];
    float[] axf = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      ax[i] = Math.abs(x[i]);
      xf[i] = (float) x[i];
      axf[i] = (float) ax[i];
    }
    long h = 1125899906842597L;
    for (double[] y : new double[][] {apply(DoubleMath::exp, x), apply(DoubleMath::expm1, x), apply(VectorMathProbe::log64, ax),
        apply(VectorMathProbe::log1p64, x)}) {
      for (double v : y) {
        h = 31 * h + Double.doubleToRawLongBits(v);
      }
    }
    for (float[] y : new float[][] {apply(FloatMath::exp, xf), apply(FloatMath::expm1, xf), apply(VectorMathProbe::log32, axf),
        apply(VectorMathProbe::log1p32, xf)}) {
      for (float v : y) {
        h = 31 * h + Float.floatToRawIntBits(v);
      }
    }
    return h;
  }

  public static void main(String[] args) {
    System.out.println(digest());
  }
}
