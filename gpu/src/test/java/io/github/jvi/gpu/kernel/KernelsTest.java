package io.github.jvi.gpu.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Each kernel against a float64 scalar reference, in float32 and float64, on the Vector API path
 * and on the ND4J fallback, with the error bounds stated in {@link Kernels}' Javadoc. Inputs are
 * drawn with fixed seeds (java.util.Random), so every run sees the same numbers; the shapes
 * include tails (37 columns) and the VAE's [128, 784]. Every comparison is deterministic: there is
 * no failure budget, a failure is a bound exceeded.
 */
class KernelsTest {
  private static final double EPS32 = Math.ulp(1.0f);
  private static final double EPS64 = Math.ulp(1.0);
  private static final int[][] SHAPES = {{7, 37}, {128, 784}, {1, 1}, {3, 16}};

  @Test
  void theFastPathIsOnUnderSurefire() {
    // surefire runs with --add-modules jdk.incubator.vector on the CPU backend
    assertTrue(Kernels.fast(), Kernels.describe());
    assertTrue(Kernels.describe().contains("-bit"), Kernels.describe());
  }

  private static double eps(DataType t) {
    return t == DataType.FLOAT ? EPS32 : EPS64;
  }

  private static double[][] draw(long seed, int rows, int cols, double scale) {
    Random r = new Random(seed);
    double[][] a = new double[rows][cols];
    for (double[] row : a) {
      for (int j = 0; j < cols; j++) {
        row[j] = scale * r.nextGaussian();
      }
    }
    return a;
  }

  private static INDArray arr(double[][] a, DataType t) {
    return Nd4j.createFromArray(a).castTo(t);
  }

  /** The values as stored in type t (the reference sees the rounded inputs). */
  private static double[][] rounded(double[][] a, DataType t) {
    return arr(a, t).castTo(DataType.DOUBLE).toDoubleMatrix();
  }

  /** Runs the check on the Vector API path and on the ND4J fallback, naming the path in a failure. */
  private static void both(java.util.function.Consumer<Kernels.Path> check) {
    for (Kernels.Path p : Kernels.Path.values()) {
      try {
        check.accept(p);
      } catch (AssertionError e) {
        throw new AssertionError("path " + p + ": " + e.getMessage(), e);
      }
    }
  }

  private static void assertRel(double expected, double actual, double tol, String what) {
    double err = Math.abs(actual - expected);
    assertTrue(err <= tol * Math.abs(expected) || err == 0,
        what + ": expected " + expected + ", found " + actual + " (relative error " + err / Math.abs(expected)
            + ", bound " + tol + ")");
  }

  @Test
  void elementWiseFunctionsWithinTheirBounds() {
    for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      for (int[] s : SHAPES) {
        double[][] x = rounded(draw(11, s[0], s[1], 4), t);
        double[][] pos = new double[s[0]][s[1]];
        for (int i = 0; i < s[0]; i++) {
          for (int j = 0; j < s[1]; j++) {
            pos[i][j] = Math.abs(x[i][j]) + 0.01;
          }
        }
        double[][] p = rounded(pos, t);
        double e = eps(t);
        // exp/log1p away from cancellation: 2 eps (1 ulp from the math library, 1 from rounding the reference)
        both(path -> {
          compare(Kernels.exp(path, arr(x, t)), x, Math::exp, 2 * e, "exp " + t);
          compare(Kernels.log1p(path, arr(p, t)), p, Math::log1p, 2 * e, "log1p " + t);
          compare(Kernels.softplus(path, arr(x, t)), x, v -> Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))), 4 * e,
              "softplus " + t);
        });
        // log relative to |log x| loses digits near x = 1: the bound is 2 eps of max(|log x|, 1)
        both(path -> {
          double[][] got = Kernels.log(path, arr(p, t)).castTo(DataType.DOUBLE).reshape(s[0], s[1]).toDoubleMatrix();
          for (int i = 0; i < s[0]; i++) {
            for (int j = 0; j < s[1]; j++) {
              double ref = Math.log(p[i][j]);
              assertTrue(Math.abs(got[i][j] - ref) <= 2 * e * Math.max(1, Math.abs(ref)), "log " + t + " " + p[i][j]);
            }
          }
        });
      }
    }
  }

  private static void compare(INDArray got, double[][] x, java.util.function.DoubleUnaryOperator f, double tol,
      String what) {
    double[][] g = got.castTo(DataType.DOUBLE).reshape(x.length, x[0].length).toDoubleMatrix();
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x[0].length; j++) {
        assertRel(f.applyAsDouble(x[i][j]), g[i][j], tol, what + " at " + x[i][j]);
      }
    }
  }

  @Test
  void softplusKeepsItsDigitsWhereLibnd4jsLosesThem() {
    INDArray x = Nd4j.createFromArray(-20f, -50f, -87f);
    double[] got = Kernels.softplus(x).castTo(DataType.DOUBLE).toDoubleVector();
    assertRel(Math.log1p(Math.exp(-20)), got[0], 4 * EPS32, "softplus(-20)");
    assertRel(Math.log1p(Math.exp(-50)), got[1], 4 * EPS32, "softplus(-50)");
    assertRel(Math.log1p(Math.exp(-87)), got[2], 4 * EPS32, "softplus(-87)");
  }

  @Test
  void biasReluAndItsMaskAreExact() {
    for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      for (int[] s : SHAPES) {
        double[][] y = rounded(draw(3, s[0], s[1], 1), t);
        double[][] b = rounded(draw(4, 1, s[1], 1), t);
        double[][] g = rounded(draw(5, s[0], s[1], 1), t);
        for (boolean relu : new boolean[] {true, false}) {
          both(path -> {
            INDArray ya = arr(y, t);
            Kernels.biasRelu(path, ya, arr(b, t).reshape(s[1]), relu);
            double[][] got = ya.castTo(DataType.DOUBLE).toDoubleMatrix();
            INDArray mask = Kernels.reluMaskMul(path, ya, arr(g, t));
            double[][] gm = mask.castTo(DataType.DOUBLE).toDoubleMatrix();
            for (int i = 0; i < s[0]; i++) {
              for (int j = 0; j < s[1]; j++) {
                double sum = t == DataType.FLOAT ? (double) ((float) y[i][j] + (float) b[0][j]) : y[i][j] + b[0][j];
                double ref = relu ? Math.max(sum, 0) : sum;
                assertEquals(ref, got[i][j], 0.0, "biasRelu " + t);
                assertEquals(got[i][j] > 0 ? g[i][j] : 0.0, gm[i][j], 0.0, "mask " + t);
              }
            }
          });
        }
      }
    }
  }

  @Test
  void bernoulliLogLikelihoodAndGradientWithinTheirBounds() {
    for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      for (int[] s : SHAPES) {
        double[][] l = rounded(draw(21, s[0], s[1], 6), t);
        double[][] x = new double[s[0]][s[1]];
        Random r = new Random(22);
        for (double[] row : x) {
          for (int j = 0; j < row.length; j++) {
            row[j] = r.nextBoolean() ? 1 : 0;
          }
        }
        double[][] gIn = rounded(draw(23, 1, s[0], 1), t);
        int lanes = t == DataType.FLOAT ? VectorFloat.S.length() : VectorDouble.S.length();
        double tolSum = (s[1] / (double) lanes + lanes + 4) * eps(t);
        both(path -> {
          double[] got = Kernels.bernoulliLogLik(path, arr(x, t), arr(l, t)).castTo(DataType.DOUBLE).toDoubleVector();
          double[][] grad = Kernels.bernoulliLogLikGrad(path, arr(x, t), arr(l, t), arr(gIn, t).reshape(s[0]))
              .castTo(DataType.DOUBLE).toDoubleMatrix();
          for (int i = 0; i < s[0]; i++) {
            double ref = 0;
            for (int j = 0; j < s[1]; j++) {
              ref -= term(x[i][j], l[i][j]);
              double sig = 1 / (1 + Math.exp(-l[i][j]));
              double dRef = (x[i][j] == 1 ? 1 / (1 + Math.exp(l[i][j])) : -sig) * gIn[0][i];
              assertRel(dRef, grad[i][j], 8 * eps(t), "bernoulli grad " + t + " l=" + l[i][j]);
            }
            assertRel(ref, got[i], tolSum, "bernoulli log-lik " + t + " row " + i);
          }
        });
      }
    }
  }

  /** max(l, 0) - x l + log1p(exp(-|l|)) in float64. */
  private static double term(double x, double l) {
    return Math.max(l, 0) - x * l + Math.log1p(Math.exp(-Math.abs(l)));
  }

  @Test
  void nearCertainPixelsKeepTheirRelativeAccuracy() {
    // every pixel on its likely side: log p = -sum log1p(exp(-|l|)), tiny and exactly representable in relative terms
    for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      double[][] l = {{20, -20, 30, -35, 17, -17, 40}};
      double[][] x = {{1, 0, 1, 0, 1, 0, 1}};
      both(path -> {
        double got = Kernels.bernoulliLogLik(path, arr(x, t), arr(l, t)).getDouble(0);
        double ref = 0;
        for (int j = 0; j < 7; j++) {
          ref -= Math.log1p(Math.exp(-Math.abs(l[0][j])));
        }
        assertTrue(ref < 0 && ref > -1e-7, "reference " + ref);
        assertRel(ref, got, 16 * eps(t), "near-certain log p " + t);
        double[] grad = Kernels.bernoulliLogLikGrad(path, arr(x, t), arr(l, t), Nd4j.ones(t, 1)).castTo(DataType.DOUBLE)
            .toDoubleVector();
        for (int j = 0; j < 7; j++) {
          double s = 1 / (1 + Math.exp(Math.abs(l[0][j])));
          assertRel(x[0][j] == 1 ? s : -s, grad[j], 8 * eps(t), "near-certain gradient " + t);
        }
      });
    }
  }

  @Test
  void gaussianKlAndDrawWithinTheirBounds() {
    for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      for (int[] s : SHAPES) {
        double[][] mu = rounded(draw(31, s[0], s[1], 1), t);
        double[][] ls = rounded(draw(32, s[0], s[1], 0.5), t);
        double[][] eps = rounded(draw(33, s[0], s[1], 1), t);
        double[][] gIn = rounded(draw(34, 1, s[0], 1), t);
        int lanes = t == DataType.FLOAT ? VectorFloat.S.length() : VectorDouble.S.length();
        double e = eps(t);
        both(path -> {
          double[] kl = Kernels.klStandardNormal(path, arr(mu, t), arr(ls, t)).castTo(DataType.DOUBLE).toDoubleVector();
          INDArray[] gr = Kernels.klStandardNormalGrad(path, arr(mu, t), arr(ls, t), arr(gIn, t).reshape(s[0]));
          double[][] gm = gr[0].castTo(DataType.DOUBLE).toDoubleMatrix();
          double[][] gs = gr[1].castTo(DataType.DOUBLE).toDoubleMatrix();
          INDArray[] zs = Kernels.rsample(path, arr(mu, t), arr(ls, t), arr(eps, t));
          double[][] z = zs[0].castTo(DataType.DOUBLE).toDoubleMatrix();
          double[][] se = zs[1].castTo(DataType.DOUBLE).toDoubleMatrix();
          for (int i = 0; i < s[0]; i++) {
            double ref = 0;
            double abs = 0;
            for (int j = 0; j < s[1]; j++) {
              double term = 0.5 * (mu[i][j] * mu[i][j] + Math.expm1(2 * ls[i][j]) - 2 * ls[i][j]);
              ref += term;
              abs += Math.abs(term) + 8 * Math.abs(ls[i][j]) * e;
              assertRel(mu[i][j] * gIn[0][i], gm[i][j], e, "kl grad mu " + t);
              assertEquals(Math.expm1(2 * ls[i][j]) * gIn[0][i], gs[i][j],
                  8 * e * Math.abs(Math.expm1(2 * ls[i][j]) * gIn[0][i]) + 1e-300, "kl grad s " + t);
              double seRef = Math.exp(ls[i][j]) * eps[i][j];
              assertRel(seRef, se[i][j], 3 * e, "exp(s) eps " + t);
              assertEquals(mu[i][j] + seRef, z[i][j], 3 * e * Math.abs(seRef) + e * Math.abs(mu[i][j] + seRef) + 1e-300,
                  "z " + t);
            }
            assertEquals(ref, kl[i], (s[1] / (double) lanes + lanes + 8) * e * abs, "kl " + t + " row " + i);
          }
        });
      }
    }
  }

  @Test
  void klOfAPosteriorAtThePriorIsTinyAndAccurate() {
    // s = 1e-4, mu = 0: KL = (expm1(2e-4) - 2e-4)/2 ~ 2e-8 per dimension; e^{2s} - 1 - 2s in float32 would be noise
    INDArray mu = Nd4j.zeros(DataType.FLOAT, 1, 4);
    INDArray s = Nd4j.valueArrayOf(new long[] {1, 4}, 1e-4f);
    double got = Kernels.klStandardNormal(mu, s).getDouble(0);
    double s32 = (double) 1e-4f;
    double ref = 4 * 0.5 * (Math.expm1(2 * s32) - 2 * s32);
    assertRel(ref, got, 1e-3, "kl near the prior");
  }

  @Test
  void softmaxColumnsWithinItsBounds() {
    for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      for (int[] s : new int[][] {{5, 37}, {5, 8192}, {1, 3}, {50, 128}}) {
        double[][] a = rounded(draw(41, s[0], s[1], 30), t);
        both(path -> {
          INDArray arr = arr(a, t);
          INDArray mx = Nd4j.create(t, s[1]);
          INDArray sm = Nd4j.create(t, 1, s[1]);
          Kernels.softmaxColumns(path, arr, mx, sm);
          double[][] r = arr.castTo(DataType.DOUBLE).toDoubleMatrix();
          double[] m = mx.castTo(DataType.DOUBLE).toDoubleVector();
          double[] su = sm.castTo(DataType.DOUBLE).toDoubleVector();
          for (int c = 0; c < s[1]; c++) {
            double mRef = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < s[0]; k++) {
              mRef = Math.max(mRef, a[k][c]);
            }
            double sRef = 0;
            for (int k = 0; k < s[0]; k++) {
              sRef += Math.exp(a[k][c] - mRef);
            }
            assertEquals(mRef, m[c], 0.0, "max " + t);
            assertRel(sRef, su[c], (s[0] + 2) * eps(t), "sum " + t);
            for (int k = 0; k < s[0]; k++) {
              double ref = Math.exp(a[k][c] - mRef) / sRef;
              // relative (|a - max| + k + 6) eps for each value not below the type's smallest normal
              if (ref > (t == DataType.FLOAT ? 1e-37 : 1e-307)) {
                assertRel(ref, r[k][c], (Math.abs(a[k][c] - mRef) + s[0] + 6) * eps(t), "softmax " + t);
              }
            }
          }
        });
      }
    }
  }

  @Test
  void adamIsBitIdenticalToTheScalarLoop() {
    for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      for (int n : new int[] {1, 37, 70_001}) {
        double[][] p0 = rounded(draw(51, 1, n, 1), t);
        double[][] g0 = rounded(draw(52, 1, n, 1), t);
        double[][] m0 = rounded(draw(53, 1, n, 0.1), t);
        double[][] v0 = new double[1][n];
        for (int i = 0; i < n; i++) {
          v0[0][i] = Math.abs(g0[0][i]) * 0.01;
        }
        double[][] vv0 = rounded(v0, t);
        INDArray p = arr(p0, t);
        INDArray m = arr(m0, t);
        INDArray v = arr(vv0, t);
        double b1 = 0.9;
        double b2 = 0.999;
        double step = 1e-3 * Math.sqrt(1 - b2 * b2) / (1 - b1 * b1);
        double e = 1e-8;
        Kernels.adam(p, arr(g0, t), m, v, b1, b2, step, e);
        double[] gp = p.castTo(DataType.DOUBLE).toDoubleVector();
        double[] gm = m.castTo(DataType.DOUBLE).toDoubleVector();
        for (int i = 0; i < n; i++) {
          double pe;
          double me;
          if (t == DataType.FLOAT) {
            float gk = (float) g0[0][i];
            float mk = (float) b1 * (float) m0[0][i] + (float) (1 - b1) * gk;
            float vk = (float) b2 * (float) vv0[0][i] + (float) (1 - b2) * gk * gk;
            pe = (float) p0[0][i] - (float) step * mk / ((float) Math.sqrt(vk) + (float) e);
            me = mk;
          } else {
            double gk = g0[0][i];
            double mk = b1 * m0[0][i] + (1 - b1) * gk;
            double vk = b2 * vv0[0][i] + (1 - b2) * gk * gk;
            pe = p0[0][i] - step * mk / (Math.sqrt(vk) + e);
            me = mk;
          }
          assertEquals(pe, gp[i], 0.0, "adam p " + t + " at " + i);
          assertEquals(me, gm[i], 0.0, "adam m " + t + " at " + i);
        }
      }
    }
  }

  /**
   * The same input gives the same bits on the first call (the vector loops interpreted or
   * C1-compiled) as after 300 further calls (C2-compiled): every kernel's lanes are basic
   * arithmetic ({@link DoubleMath}, {@link FloatMath}), rounded the same in every tier.
   */
  @Test
  void sameInputSameBitsColdAndCompiled() {
    for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      double[][] x = rounded(draw(61, 16, 100, 1), t);
      double[][] l = rounded(draw(62, 16, 100, 5), t);
      INDArray bits = arr(x, t).gt(0).castTo(t);
      INDArray logits = arr(l, t);
      Supplier<double[]> run = () -> {
        double[] a = Kernels.bernoulliLogLik(bits, logits).castTo(DataType.DOUBLE).toDoubleVector();
        double[] b = Kernels.softplus(logits).castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
        double[] c = Kernels.klStandardNormal(bits, logits.mul(0.1)).castTo(DataType.DOUBLE).toDoubleVector();
        double[] d = Kernels.log(Kernels.exp(logits)).castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
        return java.util.stream.Stream.of(a, b, c, d).flatMapToDouble(java.util.stream.DoubleStream::of).toArray();
      };
      double[] cold = run.get();
      double[] warm = null;
      for (int i = 0; i < 300; i++) {
        warm = run.get();
      }
      assertArrayEquals(cold, warm, 0.0, "bits changed once compiled, " + t);
    }
  }

  @Test
  void viewsAndOffsetsAreRead() {
    // mu and s as column halves of one [n, 2d] array (how the VAE's encoder output is split)
    INDArray h = Nd4j.createFromArray(draw(71, 9, 10, 1)).castTo(DataType.FLOAT);
    INDArray mu = h.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 5));
    INDArray s = h.get(NDArrayIndex.all(), NDArrayIndex.interval(5, 10));
    INDArray fast = Kernels.klStandardNormal(mu, s);
    INDArray slow = Kernels.klStandardNormal(Kernels.Path.ND4J, mu.dup(), s.dup());
    double[] f = fast.castTo(DataType.DOUBLE).toDoubleVector();
    double[] w = slow.castTo(DataType.DOUBLE).toDoubleVector();
    for (int i = 0; i < f.length; i++) {
      assertRel(w[i], f[i], 64 * EPS32, "kl of a view, row " + i);
    }
    // a row view with an offset into its buffer
    INDArray big = Nd4j.createFromArray(draw(72, 4, 33, 1)).castTo(DataType.FLOAT);
    INDArray row = big.getRow(2, true);
    double[] e = Kernels.exp(row).castTo(DataType.DOUBLE).toDoubleVector();
    double[] src = row.castTo(DataType.DOUBLE).toDoubleVector();
    for (int j = 0; j < 33; j++) {
      assertRel(Math.exp(src[j]), e[j], 2 * EPS32, "exp of an offset row");
    }
  }

  @Test
  void softmaxIntoRowViewsMatchesFreshOutputs() {
    // the CAVI E-step writes max and sum into column ranges of [1, N] rows
    INDArray a = Nd4j.createFromArray(draw(81, 5, 40, 3));
    INDArray maxAll = Nd4j.create(DataType.DOUBLE, 1, 100);
    INDArray sumAll = Nd4j.create(DataType.DOUBLE, 1, 100);
    INDArray mv = maxAll.get(NDArrayIndex.point(0), NDArrayIndex.interval(30, 70));
    INDArray sv = sumAll.get(NDArrayIndex.all(), NDArrayIndex.interval(30, 70));
    assertTrue(Staging.dense(mv) && Staging.dense(sv), "column ranges of a row are dense");
    INDArray a2 = a.dup();
    Kernels.softmaxColumns(a, mv, sv);
    INDArray m2 = Nd4j.create(DataType.DOUBLE, 40);
    INDArray s2 = Nd4j.create(DataType.DOUBLE, 40);
    Kernels.softmaxColumns(a2, m2, s2);
    assertEquals(a2, a);
    assertArrayEquals(m2.toDoubleVector(), mv.toDoubleVector(), 0.0);
    assertArrayEquals(s2.toDoubleVector(), sv.toDoubleVector(), 0.0);
    assertEquals(0.0, maxAll.getDouble(0, 29), 0.0);
    assertEquals(0.0, sumAll.getDouble(0, 70), 0.0);
  }

  @Test
  void badShapesNameTheirParameters() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Kernels.bernoulliLogLik(Nd4j.zeros(DataType.FLOAT, 2, 3), Nd4j.zeros(DataType.FLOAT, 2, 4)));
    assertTrue(e.getMessage().contains("logits") && e.getMessage().contains("[2, 4]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Kernels.biasRelu(Nd4j.zeros(DataType.FLOAT, 2, 3), Nd4j.zeros(DataType.FLOAT, 4), true));
    assertTrue(e.getMessage().contains("b [4]"), e.getMessage());
  }

  // ---------------------------------------------------------------- mixture E-step

  /** Neumaier-compensated sum: the reference's own rounding stays near one eps of the total. */
  private static final class Sum {
    double s;
    double c;

    void add(double v) {
      double t = s + v;
      c += Math.abs(s) >= Math.abs(v) ? (s - t) + v : (v - t) + s;
      s = t;
    }

    double value() {
      return s + c;
    }
  }

  private static double[] phi(double[][] raw, int u, int n) {
    int d = raw.length - u;
    double[] p = new double[Kernels.quadraticFeatureCount(u, d)];
    p[0] = 1;
    for (int r = 0; r < u + d; r++) {
      p[1 + r] = raw[r][n];
    }
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        p[Kernels.quadraticFeatureRow(u, d, i, j)] = raw[u + i][n] * raw[u + j][n];
      }
    }
    return p;
  }

  @Test
  void quadraticFeatureRowsAreOneToOne() {
    for (int u = 0; u <= 2; u++) {
      for (int d = 1; d <= 4; d++) {
        int f = Kernels.quadraticFeatureCount(u, d);
        boolean[] seen = new boolean[f];
        for (int i = 0; i < d; i++) {
          for (int j = i; j < d; j++) {
            int r = Kernels.quadraticFeatureRow(u, d, i, j);
            assertEquals(r, Kernels.quadraticFeatureRow(u, d, j, i));
            assertTrue(r >= 1 + u + d && r < f && !seen[r], "row " + r + " for (" + i + ", " + j + ")");
            seen[r] = true;
          }
        }
      }
    }
  }

  /**
   * Against a float64 scalar reference with compensated sums, on both paths, for U in {0, 1},
   * D in {1, 2, 3}, K in {1, 5}, block sizes with tails (37, 1000, 8197): responsibilities within
   * (|l - m| + K + 6 + 2 F max_k sum_q |c phi|) eps relative (the soft-max bound plus the logits'
   * error), the log-normaliser within the bound of Kernels' Javadoc, the same bits without the
   * responsibilities, moments within (B / lanes + lanes + 2) eps of sum_n R |phi| plus the propagated error of
   * R. Deterministic inputs, no failure budget.
   */
  @Test
  void mixtureEStepWithinItsBounds() {
    for (int u = 0; u <= 1; u++) {
      for (int d = 1; d <= 3; d++) {
        for (int k : new int[] {1, 5}) {
          for (int b : new int[] {37, 1000, 8197}) {
            int uu = u;
            int f = Kernels.quadraticFeatureCount(u, d);
            double[][] raw = draw(90 + 10L * u + d, u + d, b, 2);
            double[][] coef = draw(95 + k, k, f, 0.4);
            double[][] l = new double[k][b];
            double[] m = new double[b];
            double[] s = new double[b];
            double[] bound = new double[b];
            double[][] r = new double[k][b];
            for (int n = 0; n < b; n++) {
              double[] p = phi(raw, u, n);
              m[n] = Double.NEGATIVE_INFINITY;
              for (int c = 0; c < k; c++) {
                Sum t = new Sum();
                double abs = 0;
                for (int q = 0; q < f; q++) {
                  t.add(coef[c][q] * p[q]);
                  abs += Math.abs(coef[c][q] * p[q]);
                }
                l[c][n] = t.value();
                m[n] = Math.max(m[n], l[c][n]);
                bound[n] = Math.max(bound[n], f * abs);
              }
              Sum z = new Sum();
              for (int c = 0; c < k; c++) {
                z.add(Math.exp(l[c][n] - m[n]));
              }
              s[n] = z.value();
              for (int c = 0; c < k; c++) {
                r[c][n] = Math.exp(l[c][n] - m[n]) / s[n];
              }
            }
            double[][] t = new double[k][f];
            double[][] tAbs = new double[k][f];
            double[][] tProp = new double[k][f];
            for (int c = 0; c < k; c++) {
              for (int q = 0; q < f; q++) {
                Sum acc = new Sum();
                for (int n = 0; n < b; n++) {
                  double pq = phi(raw, u, n)[q];
                  acc.add(r[c][n] * pq);
                  tAbs[c][q] += r[c][n] * Math.abs(pq);
                  tProp[c][q] += r[c][n] * Math.abs(pq) * (Math.abs(l[c][n] - m[n]) + k + 6 + 2 * bound[n]) * EPS64;
                }
                t[c][q] = acc.value();
              }
            }
            int lanes = jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.length();
            String where = "U=" + u + " D=" + d + " K=" + k + " B=" + b;
            // the log-normaliser sum_n (m_n + log s_n) and its bound (Kernels' Javadoc)
            Sum lseRef = new Sum();
            double lseTol = 0;
            double absM = 0;
            double absLog = 0;
            for (int n = 0; n < b; n++) {
              lseRef.add(m[n]);
              lseRef.add(Math.log(s[n]));
              lseTol += (2 * bound[n] + k + 70) * EPS64;
              absM += Math.abs(m[n]);
              absLog += Math.log(s[n]);
            }
            double lseBound = lseTol + ((double) b / lanes + lanes) * EPS64 * absM + ((double) b / lanes) * EPS64 * absLog;
            double lseExpected = lseRef.value();
            both(path -> {
              INDArray resp = Nd4j.create(DataType.DOUBLE, k, b);
              INDArray mo = Nd4j.create(DataType.DOUBLE, k, f);
              double lse = Kernels.mixtureEStep(path, Nd4j.createFromArray(coef), Nd4j.createFromArray(raw), uu, resp, mo);
              assertTrue(Math.abs(lse - lseExpected) <= lseBound,
                  where + " log-normaliser " + lse + " vs " + lseExpected + " (bound " + lseBound + ")");
              INDArray mo2 = Nd4j.create(DataType.DOUBLE, k, f);
              assertEquals(lse, Kernels.mixtureEStep(path, Nd4j.createFromArray(coef), Nd4j.createFromArray(raw), uu, null,
                  mo2), 0.0, where + " without responsibilities");
              assertEquals(mo, mo2, where + " moments without responsibilities");
              double[][] gr = resp.toDoubleMatrix();
              double[][] gt = mo.toDoubleMatrix();
              for (int n = 0; n < b; n++) {
                double le = bound[n] * EPS64;
                for (int c = 0; c < k; c++) {
                  assertRel(r[c][n], gr[c][n], (Math.abs(l[c][n] - m[n]) + k + 6) * EPS64 + 2 * le,
                      where + " resp " + c + " at " + n);
                }
              }
              for (int c = 0; c < k; c++) {
                for (int q = 0; q < f; q++) {
                  double tol = ((double) b / lanes + lanes + 2) * EPS64 * tAbs[c][q] + tProp[c][q];
                  assertTrue(Math.abs(gt[c][q] - t[c][q]) <= tol,
                      where + " moment [" + c + ", " + q + "]: " + gt[c][q] + " vs " + t[c][q]);
                }
              }
            });
          }
        }
      }
    }
  }

  private static double[] mixtureOnce(INDArray coef, INDArray raw, int u, INDArray resp) {
    INDArray mo = Nd4j.create(DataType.DOUBLE, coef.size(0), coef.size(1));
    double lse = Kernels.mixtureEStep(coef, raw, u, resp, mo);
    return java.util.stream.Stream.of(resp.reshape(-1).toDoubleVector(), mo.reshape(-1).toDoubleVector(),
        new double[] {lse}).flatMapToDouble(java.util.stream.DoubleStream::of).toArray();
  }

  /** Same bits on the first call as after 300 more (every tier), and from views as from fresh arrays. */
  @Test
  void mixtureEStepSameBitsColdCompiledAndFromViews() {
    int u = 1;
    int d = 2;
    int b = 515;
    INDArray coef = Nd4j.createFromArray(draw(101, 5, Kernels.quadraticFeatureCount(u, d), 0.4));
    INDArray raw = Nd4j.createFromArray(draw(102, u + d, b, 2));
    double[] cold = mixtureOnce(coef, raw, u, Nd4j.create(DataType.DOUBLE, 5, b));
    double[] warm = null;
    for (int i = 0; i < 300; i++) {
      warm = mixtureOnce(coef, raw, u, Nd4j.create(DataType.DOUBLE, 5, b));
    }
    assertArrayEquals(cold, warm, 0.0, "bits changed once compiled");
    // raw as rows 1 .. 1 + U + D of a larger [F, B] array, resp as rows 1 .. 5 of a [7, B] array
    INDArray big = Nd4j.create(DataType.DOUBLE, 6, b);
    big.get(NDArrayIndex.interval(1, 1 + u + d), NDArrayIndex.all()).assign(raw);
    INDArray respAll = Nd4j.create(DataType.DOUBLE, 7, b);
    double[] viewed = mixtureOnce(coef, big.get(NDArrayIndex.interval(1, 1 + u + d), NDArrayIndex.all()), u,
        respAll.get(NDArrayIndex.interval(1, 6), NDArrayIndex.all()));
    assertArrayEquals(cold, viewed, 0.0, "views");
    assertEquals(0.0, respAll.getRow(0).sumNumber().doubleValue() + respAll.getRow(6).sumNumber().doubleValue(), 0.0,
        "written outside the view");
  }

  @Test
  void mixtureEStepNamesTheMisfit() {
    INDArray raw = Nd4j.create(DataType.DOUBLE, 2, 10);
    INDArray resp = Nd4j.create(DataType.DOUBLE, 3, 10);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernels.mixtureEStep(
        Nd4j.create(DataType.DOUBLE, 3, 5), raw, 0, resp, Nd4j.create(DataType.DOUBLE, 3, 6)));
    assertTrue(e.getMessage().contains("coef must be [K, 6]") && e.getMessage().contains("found coef [3, 5]"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Kernels.mixtureEStep(Nd4j.create(DataType.DOUBLE, 3, 6),
        raw.castTo(DataType.FLOAT), 0, resp, Nd4j.create(DataType.DOUBLE, 3, 6)));
    assertTrue(e.getMessage().contains("must be DOUBLE, found FLOAT"), e.getMessage());
  }

  @Test
  void groupedLogarithmsEqualTheSumOfLogarithms() {
    // reference: sum_n log s_n term by term in Java (the maxima zero, so only the logarithms count)
    for (int k : new int[] {1, 2, 5, 1000, 100000}) {
      int g = Kernels.productGroup(k);
      assertTrue(g >= 1 && (k == 1 || g * Math.log(k) <= 700), "group " + g + " for K = " + k);
      for (int len : new int[] {1, 63, 64, 65, 1000}) {
        INDArray s = Nd4j.rand(DataType.DOUBLE, 1, len).muli(k - 1).addi(1); // in [1, K]
        double expected = 0;
        for (double v : s.toDoubleVector()) {
          expected += Math.log(v);
        }
        assertEquals(expected, Kernels.logNormaliserSum(Nd4j.zeros(DataType.DOUBLE, 1, len), s, k),
            1e-12 * Math.max(1, Math.abs(expected)), "K=" + k + " len=" + len);
      }
    }
  }
}
