package io.github.jvi.gpu.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * {@link DoubleMath} and {@link FloatMath} against {@link StrictMath} (fdlibm, itself within 1 ulp)
 * in ulps of the reference, over fixed-seed draws covering each function's whole range (log-uniform
 * magnitudes, dense near the points of cancellation), the special values as {@link Math} gives
 * them, and the same bits in an interpreted (-Xint) JVM as in this JIT-compiled one. Every check is
 * deterministic (no failure budget): a failure is a bound exceeded or a bit changed.
 */
class VectorMathTest {
  private static final int N = 200_000;

  /** Draws: magnitudes 10^u, u uniform in [lo, hi], random signs when {@code signed}. */
  private static double[] logUniform(long seed, double lo, double hi, boolean signed) {
    Random r = new Random(seed);
    double[] x = new double[N];
    for (int i = 0; i < N; i++) {
      double v = Math.pow(10, lo + (hi - lo) * r.nextDouble());
      x[i] = signed && r.nextBoolean() ? -v : v;
    }
    return x;
  }

  private static double[] uniform(long seed, double lo, double hi) {
    Random r = new Random(seed);
    double[] x = new double[N];
    for (int i = 0; i < N; i++) {
      x[i] = lo + (hi - lo) * r.nextDouble();
    }
    return x;
  }

  /** Largest error in ulps of the reference over finite reference values. */
  private static double maxUlps64(UnaryOperator<DoubleVector> f, DoubleUnaryOperator ref, double[] x) {
    double[] y = VectorMathProbe.apply(f, x);
    double worst = 0;
    for (int i = 0; i < x.length; i++) {
      double e = ref.applyAsDouble(x[i]);
      if (Double.isInfinite(e) || Double.isNaN(e)) {
        assertEquals(e, y[i], 0.0, "at x = " + x[i]);
        continue;
      }
      worst = Math.max(worst, Math.abs(y[i] - e) / Math.ulp(e));
    }
    return worst;
  }

  private static double maxUlps32(UnaryOperator<FloatVector> f, DoubleUnaryOperator ref, double[] xd) {
    float[] x = new float[xd.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) xd[i];
    }
    float[] y = VectorMathProbe.apply(f, x);
    double worst = 0;
    for (int i = 0; i < x.length; i++) {
      double exact = ref.applyAsDouble(x[i]);
      float e = (float) exact;
      if (Float.isInfinite(e) || Float.isNaN(e)) {
        assertEquals(e, y[i], 0.0f, "at x = " + x[i]);
        continue;
      }
      // against the float64 value: the float result's error in ulps of the float
      worst = Math.max(worst, Math.abs(y[i] - exact) / Math.ulp(e));
    }
    return worst;
  }

  private static void within(double bound, double measured, String what) {
    assertTrue(measured <= bound, what + ": " + measured + " ulp, bound " + bound);
  }

  @Test
  void float64WithinTheirUlpBounds() {
    within(1, maxUlps64(DoubleMath::exp, StrictMath::exp, uniform(1, -746, 710)), "exp whole range");
    within(1, maxUlps64(DoubleMath::exp, StrictMath::exp, uniform(2, -1, 1)), "exp near 0");
    within(1, maxUlps64(DoubleMath::exp, StrictMath::exp, uniform(3, -745.2, -708)), "exp subnormal results");
    within(2, maxUlps64(DoubleMath::expm1, StrictMath::expm1, uniform(4, -50, 50)), "expm1");
    within(2, maxUlps64(DoubleMath::expm1, StrictMath::expm1, logUniform(5, -300, 0, true)), "expm1 near 0");
    within(2, maxUlps64(DoubleMath::expm1, StrictMath::expm1, uniform(6, 40, 710)), "expm1 large");
    within(1, maxUlps64(VectorMathProbe::log64, StrictMath::log, logUniform(7, -323, 308, false)), "log whole range");
    within(1, maxUlps64(VectorMathProbe::log64, x -> StrictMath.log(x), shifted(uniform(8, -0.3, 0.4))), "log near 1");
    within(2, maxUlps64(VectorMathProbe::log1p64, StrictMath::log1p, logUniform(9, -300, 300, false)), "log1p positive");
    within(2, maxUlps64(VectorMathProbe::log1p64, StrictMath::log1p, negatedBelowOne(logUniform(10, -16, 0, false))),
        "log1p in (-1, 0)");
  }

  @Test
  void float32WithinTheirUlpBounds() {
    within(1, maxUlps32(FloatMath::exp, StrictMath::exp, uniform(11, -104, 89)), "exp whole range");
    within(1, maxUlps32(FloatMath::exp, StrictMath::exp, uniform(12, -1, 1)), "exp near 0");
    within(2, maxUlps32(FloatMath::expm1, StrictMath::expm1, uniform(13, -25, 25)), "expm1");
    within(2, maxUlps32(FloatMath::expm1, StrictMath::expm1, logUniform(14, -37, 0, true)), "expm1 near 0");
    within(2, maxUlps32(FloatMath::expm1, StrictMath::expm1, uniform(15, 15, 89)), "expm1 large");
    within(1, maxUlps32(VectorMathProbe::log32, StrictMath::log, logUniform(16, -44, 38, false)), "log whole range");
    within(1, maxUlps32(VectorMathProbe::log32, StrictMath::log, shifted(uniform(17, -0.3, 0.4))), "log near 1");
    within(2, maxUlps32(VectorMathProbe::log1p32, StrictMath::log1p, logUniform(18, -37, 37, false)), "log1p positive");
    within(2, maxUlps32(VectorMathProbe::log1p32, StrictMath::log1p, negatedBelowOne(logUniform(19, -7, 0, false))),
        "log1p in (-1, 0)");
  }

  private static double[] shifted(double[] d) {
    for (int i = 0; i < d.length; i++) {
      d[i] = 1 + d[i];
    }
    return d;
  }

  /** -v for v in (0, 1) (values of 1 or more become -0.5). */
  private static double[] negatedBelowOne(double[] v) {
    for (int i = 0; i < v.length; i++) {
      v[i] = v[i] < 1 ? -v[i] : -0.5;
    }
    return v;
  }

  private static final double[] SPECIALS = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
      -1.0, -2.0, 1.0, Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 709.782712893384,
      709.7827128933841, -745.1332191019411, -745.1332191019412, 1e-320, -1e-320};

  @Test
  void specialValuesAsMath() {
    check64(DoubleMath::exp, Math::exp, "exp");
    check64(DoubleMath::expm1, Math::expm1, "expm1");
    check64(VectorMathProbe::log64, Math::log, "log");
    check64(VectorMathProbe::log1p64, Math::log1p, "log1p");
    check32(FloatMath::exp, Math::exp, "exp");
    check32(FloatMath::expm1, Math::expm1, "expm1");
    check32(VectorMathProbe::log32, Math::log, "log");
    check32(VectorMathProbe::log1p32, Math::log1p, "log1p");
  }

  private static void check64(UnaryOperator<DoubleVector> f, DoubleUnaryOperator ref, String name) {
    double[] y = VectorMathProbe.apply(f, SPECIALS);
    for (int i = 0; i < SPECIALS.length; i++) {
      double e = ref.applyAsDouble(SPECIALS[i]);
      boolean same = Double.isNaN(e) ? Double.isNaN(y[i]) : y[i] == e || Math.abs(y[i] - e) <= Math.ulp(e);
      assertTrue(same, name + "(" + SPECIALS[i] + ") = " + y[i] + ", Math gives " + e);
    }
  }

  private static void check32(UnaryOperator<FloatVector> f, DoubleUnaryOperator ref, String name) {
    float[] x = new float[SPECIALS.length + 6];
    for (int i = 0; i < SPECIALS.length; i++) {
      x[i] = (float) SPECIALS[i];
    }
    x[SPECIALS.length] = Float.MIN_VALUE;
    x[SPECIALS.length + 1] = Float.MIN_NORMAL;
    x[SPECIALS.length + 2] = 88.72283f;
    x[SPECIALS.length + 3] = 88.72284f;
    x[SPECIALS.length + 4] = -103.97208f;
    x[SPECIALS.length + 5] = Float.MAX_VALUE;
    float[] y = VectorMathProbe.apply(f, x);
    for (int i = 0; i < x.length; i++) {
      float e = (float) ref.applyAsDouble(x[i]);
      boolean same = Float.isNaN(e) ? Float.isNaN(y[i]) : y[i] == e || Math.abs(y[i] - e) <= Math.ulp(e);
      assertTrue(same, name + "(" + x[i] + "f) = " + y[i] + ", Math gives " + e);
    }
  }

  /**
   * The digest of every function's bits on fixed inputs is the same in a child JVM run with
   * {@code -Xint} (the interpreter computes each lane) as here after the JIT has compiled the
   * loops (20 000 warm-up calls, well past C2's thresholds).
   */
  @Test
  void sameBitsInterpretedAndCompiled() throws IOException, InterruptedException {
    long first = VectorMathProbe.digest();
    for (int i = 0; i < 2000; i++) {
      VectorMathProbe.digest();
    }
    long warm = VectorMathProbe.digest();
    assertEquals(first, warm, "digest changed between the first call and after warm-up");
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xint", "--add-modules", "jdk.incubator.vector",
        "-cp", System.getProperty("java.class.path"), VectorMathProbe.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the -Xint child did not finish");
    assertEquals(0, p.exitValue(), "child failed: " + err);
    assertEquals(Long.toString(warm), out, "interpreted digest differs from the compiled one; child stderr: " + err);
  }
}
