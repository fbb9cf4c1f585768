package io.github.jvi.gpu.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 kernels on heap arrays, one pass each, in the machine's preferred vector species.
 * Tails are handled with masked loads and stores (never a scalar loop), so every element goes
 * through the same lane code and the bits do not depend on an element's position. Reductions add
 * lane-wise in a fixed order and then reduce the lanes once: deterministic for a given species.
 * Loaded only when {@code jdk.incubator.vector} is in the boot layer (see {@link Kernels}).
 */
final class VectorFloat {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private VectorFloat() {}

  static final int EXP = 0;
  static final int LOG = 1;
  static final int LOG1P = 2;
  static final int SOFTPLUS = 3;

  static void unary(int op, float[] x, float[] y, int n) {
    for (int i = 0; i < n; i += L) {
      VectorMask<Float> m = S.indexInRange(i, n);
      FloatVector v = FloatVector.fromArray(S, x, i, m);
      FloatVector r = switch (op) {
        case EXP -> v.lanewise(VectorOperators.EXP);
        case LOG -> v.lanewise(VectorOperators.LOG);
        case LOG1P -> v.lanewise(VectorOperators.LOG1P);
        default -> softplus(v);
      };
      r.intoArray(y, i, m);
    }
  }

  /** max(x, 0) + log1p(exp(-|x|)). */
  private static FloatVector softplus(FloatVector v) {
    return v.max(0f).add(v.abs().neg().lanewise(VectorOperators.EXP).lanewise(VectorOperators.LOG1P));
  }

  static void biasRelu(float[] y, float[] b, int rows, int cols, boolean relu) {
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      for (int j = 0; j < cols; j += L) {
        VectorMask<Float> m = S.indexInRange(j, cols);
        FloatVector v = FloatVector.fromArray(S, y, o + j, m).add(FloatVector.fromArray(S, b, j, m));
        if (relu) {
          v = v.max(0f);
        }
        v.intoArray(y, o + j, m);
      }
    }
  }

  static void reluMaskMul(float[] y, float[] g, float[] out, int n) {
    for (int i = 0; i < n; i += L) {
      VectorMask<Float> m = S.indexInRange(i, n);
      FloatVector yv = FloatVector.fromArray(S, y, i, m);
      FloatVector gv = FloatVector.fromArray(S, g, i, m);
      FloatVector.zero(S).blend(gv, yv.compare(VectorOperators.GT, 0f)).intoArray(out, i, m);
    }
  }

  /** out[r] = -sum_j (max(l, 0) - x l + log1p(exp(-|l|))). */
  static void bernoulliLogLik(float[] x, float[] l, float[] out, int rows, int cols) {
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      FloatVector acc = FloatVector.zero(S);
      for (int j = 0; j < cols; j += L) {
        VectorMask<Float> m = S.indexInRange(j, cols);
        FloatVector lv = FloatVector.fromArray(S, l, o + j, m);
        FloatVector xv = FloatVector.fromArray(S, x, o + j, m);
        FloatVector t = lv.max(0f).sub(xv.mul(lv))
            .add(lv.abs().neg().lanewise(VectorOperators.EXP).lanewise(VectorOperators.LOG1P));
        acc = acc.add(t, m);
      }
      out[r] = -acc.reduceLanes(VectorOperators.ADD);
    }
  }

  /** out = (x - sigmoid(l)) g[r], as x sigmoid(-l) - (1 - x) sigmoid(l) with e = exp(-|l|). */
  static void bernoulliGrad(float[] x, float[] l, float[] g, float[] out, int rows, int cols) {
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      float gr = g[r];
      for (int j = 0; j < cols; j += L) {
        VectorMask<Float> m = S.indexInRange(j, cols);
        FloatVector lv = FloatVector.fromArray(S, l, o + j, m);
        FloatVector xv = FloatVector.fromArray(S, x, o + j, m);
        FloatVector e = lv.abs().neg().lanewise(VectorOperators.EXP);
        FloatVector d = e.add(1f);
        FloatVector big = FloatVector.broadcast(S, 1f).div(d);      // sigmoid(|l|)
        FloatVector small = e.div(d);          // sigmoid(-|l|)
        VectorMask<Float> pos = lv.compare(VectorOperators.GE, 0f);
        FloatVector sig = small.blend(big, pos);      // sigmoid(l)
        FloatVector sigNeg = big.blend(small, pos);   // sigmoid(-l) = 1 - sigmoid(l)
        xv.mul(sigNeg).sub(xv.neg().add(1f).mul(sig)).mul(gr).intoArray(out, o + j, m);
      }
    }
  }

  /** out[r] = sum_j mu^2 / 2 + (expm1(2 s) - 2 s) / 2. */
  static void klStd(float[] mu, float[] s, float[] out, int rows, int cols) {
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      FloatVector acc = FloatVector.zero(S);
      for (int j = 0; j < cols; j += L) {
        VectorMask<Float> m = S.indexInRange(j, cols);
        FloatVector mv = FloatVector.fromArray(S, mu, o + j, m);
        FloatVector s2 = FloatVector.fromArray(S, s, o + j, m).mul(2f);
        FloatVector t = mv.mul(mv).add(s2.lanewise(VectorOperators.EXPM1).sub(s2)).mul(0.5f);
        acc = acc.add(t, m);
      }
      out[r] = acc.reduceLanes(VectorOperators.ADD);
    }
  }

  /** gmu = mu g[r], gs = expm1(2 s) g[r]. */
  static void klStdGrad(float[] mu, float[] s, float[] g, float[] gmu, float[] gs, int rows, int cols) {
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      float gr = g[r];
      for (int j = 0; j < cols; j += L) {
        VectorMask<Float> m = S.indexInRange(j, cols);
        FloatVector.fromArray(S, mu, o + j, m).mul(gr).intoArray(gmu, o + j, m);
        FloatVector.fromArray(S, s, o + j, m).mul(2f).lanewise(VectorOperators.EXPM1).mul(gr).intoArray(gs, o + j, m);
      }
    }
  }

  /** se = exp(s) eps, z = mu + se. */
  static void rsample(float[] mu, float[] s, float[] eps, float[] z, float[] se, int n) {
    for (int i = 0; i < n; i += L) {
      VectorMask<Float> m = S.indexInRange(i, n);
      FloatVector t = FloatVector.fromArray(S, s, i, m).lanewise(VectorOperators.EXP)
          .mul(FloatVector.fromArray(S, eps, i, m));
      t.intoArray(se, i, m);
      FloatVector.fromArray(S, mu, i, m).add(t).intoArray(z, i, m);
    }
  }

  /**
   * Column soft-max of a [k, b] array in place: max[c] = max_r a[r, c], a = exp(a - max),
   * sum[c] = sum_r a[r, c], a /= sum.
   */
  static void softmaxColumns(float[] a, float[] max, float[] sum, int k, int b) {
    for (int c = 0; c < b; c += L) {
      VectorMask<Float> m = S.indexInRange(c, b);
      FloatVector mx = FloatVector.fromArray(S, a, c, m);
      for (int r = 1; r < k; r++) {
        mx = mx.max(FloatVector.fromArray(S, a, r * b + c, m));
      }
      FloatVector s = FloatVector.zero(S);
      for (int r = 0; r < k; r++) {
        FloatVector e = FloatVector.fromArray(S, a, r * b + c, m).sub(mx).lanewise(VectorOperators.EXP);
        s = s.add(e);
        e.intoArray(a, r * b + c, m);
      }
      for (int r = 0; r < k; r++) {
        FloatVector.fromArray(S, a, r * b + c, m).div(s).intoArray(a, r * b + c, m);
      }
      mx.intoArray(max, c, m);
      s.intoArray(sum, c, m);
    }
  }

  /**
   * Adam on n elements: m = b1 m + c1 g, v = b2 v + c2 g^2, p -= step m / (sqrt(v) + eps), in the
   * same operation order as the scalar loop (no fused multiply-add), hence the same bits.
   */
  static void adam(float[] p, float[] g, float[] mm, float[] vv, int n, float b1, float c1, float b2, float c2,
      float step, float eps) {
    for (int i = 0; i < n; i += L) {
      VectorMask<Float> m = S.indexInRange(i, n);
      FloatVector gv = FloatVector.fromArray(S, g, i, m);
      FloatVector mv = FloatVector.fromArray(S, mm, i, m).mul(b1).add(gv.mul(c1));
      FloatVector vv2 = FloatVector.fromArray(S, vv, i, m).mul(b2).add(gv.mul(c2).mul(gv));
      mv.intoArray(mm, i, m);
      vv2.intoArray(vv, i, m);
      FloatVector.fromArray(S, p, i, m).sub(mv.mul(step).div(vv2.lanewise(VectorOperators.SQRT).add(eps)))
          .intoArray(p, i, m);
    }
  }
}
