package io.github.jvi.gpu.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float64 kernels on heap arrays, one pass each, in the machine's preferred vector species.
 * Tails are handled with masked loads and stores (never a scalar loop), so every element goes
 * through the same lane code and the bits do not depend on an element's position. Reductions add
 * lane-wise in a fixed order and then reduce the lanes once: deterministic for a given species.
 * Loaded only when {@code jdk.incubator.vector} is in the boot layer (see {@link Kernels}).
 */
final class VectorDouble {
  static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private VectorDouble() {}

  static final int EXP = 0;
  static final int LOG = 1;
  static final int LOG1P = 2;
  static final int SOFTPLUS = 3;

  static void unary(int op, double[] x, double[] y, int n) {
    for (int i = 0; i < n; i += L) {
      VectorMask<Double> m = S.indexInRange(i, n);
      DoubleVector v = DoubleVector.fromArray(S, x, i, m);
      DoubleVector r = switch (op) {
        case EXP -> v.lanewise(VectorOperators.EXP);
        case LOG -> v.lanewise(VectorOperators.LOG);
        case LOG1P -> v.lanewise(VectorOperators.LOG1P);
        default -> softplus(v);
      };
      r.intoArray(y, i, m);
    }
  }

  /** max(x, 0) + log1p(exp(-|x|)). */
  private static DoubleVector softplus(DoubleVector v) {
    return v.max(0.0).add(v.abs().neg().lanewise(VectorOperators.EXP).lanewise(VectorOperators.LOG1P));
  }

  static void biasRelu(double[] y, double[] b, int rows, int cols, boolean relu) {
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      for (int j = 0; j < cols; j += L) {
        VectorMask<Double> m = S.indexInRange(j, cols);
        DoubleVector v = DoubleVector.fromArray(S, y, o + j, m).add(DoubleVector.fromArray(S, b, j, m));
        if (relu) {
          v = v.max(0.0);
        }
        v.intoArray(y, o + j, m);
      }
    }
  }

  static void reluMaskMul(double[] y, double[] g, double[] out, int n) {
    for (int i = 0; i < n; i += L) {
      VectorMask<Double> m = S.indexInRange(i, n);
      DoubleVector yv = DoubleVector.fromArray(S, y, i, m);
      DoubleVector gv = DoubleVector.fromArray(S, g, i, m);
      DoubleVector.zero(S).blend(gv, yv.compare(VectorOperators.GT, 0.0)).intoArray(out, i, m);
    }
  }

  /** out[r] = -sum_j (max(l, 0) - x l + log1p(exp(-|l|))). */
  static void bernoulliLogLik(double[] x, double[] l, double[] out, int rows, int cols) {
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      DoubleVector acc = DoubleVector.zero(S);
      for (int j = 0; j < cols; j += L) {
        VectorMask<Double> m = S.indexInRange(j, cols);
        DoubleVector lv = DoubleVector.fromArray(S, l, o + j, m);
        DoubleVector xv = DoubleVector.fromArray(S, x, o + j, m);
        DoubleVector t = lv.max(0.0).sub(xv.mul(lv))
            .add(lv.abs().neg().lanewise(VectorOperators.EXP).lanewise(VectorOperators.LOG1P));
        acc = acc.add(t, m);
      }
      out[r] = -acc.reduceLanes(VectorOperators.ADD);
    }
  }

  /** out = (x - sigmoid(l)) g[r], as x sigmoid(-l) - (1 - x) sigmoid(l) with e = exp(-|l|). */
  static void bernoulliGrad(double[] x, double[] l, double[] g, double[] out, int rows, int cols) {
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      double gr = g[r];
      for (int j = 0; j < cols; j += L) {
        VectorMask<Double> m = S.indexInRange(j, cols);
        DoubleVector lv = DoubleVector.fromArray(S, l, o + j, m);
        DoubleVector xv = DoubleVector.fromArray(S, x, o + j, m);
        DoubleVector e = lv.abs().neg().lanewise(VectorOperators.EXP);
        DoubleVector d = e.add(1.0);
        DoubleVector big = DoubleVector.broadcast(S, 1.0).div(d);      // sigmoid(|l|)
        DoubleVector small = e.div(d);          // sigmoid(-|l|)
        VectorMask<Double> pos = lv.compare(VectorOperators.GE, 0.0);
        DoubleVector sig = small.blend(big, pos);      // sigmoid(l)
        DoubleVector sigNeg = big.blend(small, pos);   // sigmoid(-l) = 1 - sigmoid(l)
        xv.mul(sigNeg).sub(xv.neg().add(1.0).mul(sig)).mul(gr).intoArray(out, o + j, m);
      }
    }
  }

  /** out[r] = sum_j mu^2 / 2 + (expm1(2 s) - 2 s) / 2. */
  static void klStd(double[] mu, double[] s, double[] out, int rows, int cols) {
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      DoubleVector acc = DoubleVector.zero(S);
      for (int j = 0; j < cols; j += L) {
        VectorMask<Double> m = S.indexInRange(j, cols);
        DoubleVector mv = DoubleVector.fromArray(S, mu, o + j, m);
        DoubleVector s2 = DoubleVector.fromArray(S, s, o + j, m).mul(2.0);
        DoubleVector t = mv.mul(mv).add(s2.lanewise(VectorOperators.EXPM1).sub(s2)).mul(0.5);
        acc = acc.add(t, m);
      }
      out[r] = acc.reduceLanes(VectorOperators.ADD);
    }
  }

  /** gmu = mu g[r], gs = expm1(2 s) g[r]. */
  static void klStdGrad(double[] mu, double[] s, double[] g, double[] gmu, double[] gs, int rows, int cols) {
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      double gr = g[r];
      for (int j = 0; j < cols; j += L) {
        VectorMask<Double> m = S.indexInRange(j, cols);
        DoubleVector.fromArray(S, mu, o + j, m).mul(gr).intoArray(gmu, o + j, m);
        DoubleVector.fromArray(S, s, o + j, m).mul(2.0).lanewise(VectorOperators.EXPM1).mul(gr).intoArray(gs, o + j, m);
      }
    }
  }

  /** se = exp(s) eps, z = mu + se. */
  static void rsample(double[] mu, double[] s, double[] eps, double[] z, double[] se, int n) {
    for (int i = 0; i < n; i += L) {
      VectorMask<Double> m = S.indexInRange(i, n);
      DoubleVector t = DoubleVector.fromArray(S, s, i, m).lanewise(VectorOperators.EXP)
          .mul(DoubleVector.fromArray(S, eps, i, m));
      t.intoArray(se, i, m);
      DoubleVector.fromArray(S, mu, i, m).add(t).intoArray(z, i, m);
    }
  }

  /**
   * Column soft-max of a [k, b] array in place: max[c] = max_r a[r, c], a = exp(a - max),
   * sum[c] = sum_r a[r, c], a /= sum.
   */
  static void softmaxColumns(double[] a, double[] max, double[] sum, int k, int b) {
    for (int c = 0; c < b; c += L) {
      VectorMask<Double> m = S.indexInRange(c, b);
      DoubleVector mx = DoubleVector.fromArray(S, a, c, m);
      for (int r = 1; r < k; r++) {
        mx = mx.max(DoubleVector.fromArray(S, a, r * b + c, m));
      }
      DoubleVector s = DoubleVector.zero(S);
      for (int r = 0; r < k; r++) {
        DoubleVector e = DoubleVector.fromArray(S, a, r * b + c, m).sub(mx).lanewise(VectorOperators.EXP);
        s = s.add(e);
        e.intoArray(a, r * b + c, m);
      }
      for (int r = 0; r < k; r++) {
        DoubleVector.fromArray(S, a, r * b + c, m).div(s).intoArray(a, r * b + c, m);
      }
      mx.intoArray(max, c, m);
      s.intoArray(sum, c, m);
    }
  }

  /**
   * Adam on n elements: m = b1 m + c1 g, v = b2 v + c2 g^2, p -= step m / (sqrt(v) + eps), in the
   * same operation order as the scalar loop (no fused multiply-add), hence the same bits.
   */
  static void adam(double[] p, double[] g, double[] mm, double[] vv, int n, double b1, double c1, double b2, double c2,
      double step, double eps) {
    for (int i = 0; i < n; i += L) {
      VectorMask<Double> m = S.indexInRange(i, n);
      DoubleVector gv = DoubleVector.fromArray(S, g, i, m);
      DoubleVector mv = DoubleVector.fromArray(S, mm, i, m).mul(b1).add(gv.mul(c1));
      DoubleVector vv2 = DoubleVector.fromArray(S, vv, i, m).mul(b2).add(gv.mul(c2).mul(gv));
      mv.intoArray(mm, i, m);
      vv2.intoArray(vv, i, m);
      DoubleVector.fromArray(S, p, i, m).sub(mv.mul(step).div(vv2.lanewise(VectorOperators.SQRT).add(eps)))
          .intoArray(p, i, m);
    }
  }
}
