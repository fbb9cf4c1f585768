package io.github.jvi.gpu.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 kernels on heap arrays, in the machine's preferred vector species. Kernels with
 * exp/log lanes (and Adam) are passes over the padded staging arrays, called through one
 * megamorphic call site (see the comment above {@code Pass}); bias + ReLU and its mask run
 * unmasked vectors up to {@code S.loopBound(n)} and one masked vector for the tail (masked accesses
 * in a main loop measured 4-8x slower on JDK 17). Either way every element goes through the same
 * lane arithmetic wherever it sits. Reductions add lane-wise in a fixed order and then reduce the
 * lanes once: deterministic for a given species. Loaded only when {@code jdk.incubator.vector} is
 * in the boot layer (see {@link Kernels}).
 */
final class VectorFloat {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private VectorFloat() {}

  static final int EXP = 0;
  static final int LOG = 1;
  static final int LOG1P = 2;
  static final int SOFTPLUS = 3;

  private static FloatVector load(float[] a, int i, VectorMask<Float> m) {
    return m == null ? FloatVector.fromArray(S, a, i) : FloatVector.fromArray(S, a, i, m);
  }

  private static void store(FloatVector v, float[] a, int i, VectorMask<Float> m) {
    if (m == null) {
      v.intoArray(a, i);
    } else {
      v.intoArray(a, i, m);
    }
  }

  // ---- kernels with exp/log lanes: passes behind one megamorphic call
  //
  // C2 stops inlining into a compilation once it has created about 18000 nodes
  // (NodeCountInliningCutoff, not settable in product JVMs); one vector exp or log parses to a good
  // part of that. A loop whose body (exp and log1p, say) was inlined twice (main loop and masked
  // tail), or inlined into a larger caller, had the math's helpers cut off and their vector
  // arguments boxed: 3-10x slower, and how much depended on the order in which the JIT compiled
  // things (in one VAE run the Bernoulli kernels took 30% of the training thread). So each such
  // kernel is a Pass: one body call site per loop (unmasked loads over the padded staging arrays,
  // the tail kept by a masked store or a masked add), called only from dispatch(), whose call site
  // sees every Pass class and so is megamorphic and never inlined: each pass compiles on its own,
  // with the budget to inline all of its math. Passes take arrays and ints only, so nothing is
  // boxed at the call. Masked-off lanes compute on whatever lies past the row (the next row or the
  // staging padding) and are dropped; kept lanes are bit-identical to a masked load.

  /** One kernel over staged arrays (unused arguments null or 0). */
  private interface Pass {
    void run(float[] a, float[] b, float[] c, float[] d, float[] e, int rows, int cols);
  }

  private static final int P_EXP = 0;
  private static final int P_LOG = 1;
  private static final int P_LOG1P = 2;
  private static final int P_SOFTPLUS = 3;
  private static final int P_BERNOULLI = 4;
  private static final int P_BERNOULLI_GRAD = 5;
  private static final int P_KL = 6;
  private static final int P_KL_GRAD = 7;
  private static final int P_RSAMPLE = 8;
  private static final int P_ADAM = 9;

  /** Read from the array at each call, so the JIT never sees a constant receiver. */
  private static final Pass[] PASSES = {
      (a, b, c, d, e, rows, n) -> {
        for (int i = 0; i < n; i += L) {
          FloatVector y = FloatMath.exp(FloatVector.fromArray(S, a, i));
          if (i + L <= n) {
            y.intoArray(b, i);
          } else {
            y.intoArray(b, i, S.indexInRange(i, n));
          }
        }
      },
      // the logarithms are array loops (see DoubleMath.log); n rounded up to whole vectors: the
      // staged arrays are padded
      (a, b, c, d, e, rows, n) -> FloatMath.log(a, 0, b, 0, (n + L - 1) / L * L, false),
      (a, b, c, d, e, rows, n) -> FloatMath.log(a, 0, b, 0, (n + L - 1) / L * L, true),
      // b = exp(-|a|), b = log1p(b), b += max(a, 0), in chunks of 1024 that stay in the cache
      (a, b, c, d, e, rows, n) -> {
        int np = (n + L - 1) / L * L;
        for (int c0 = 0; c0 < np; c0 += 1024) {
          int end = Math.min(np, c0 + 1024);
          log1pExpNegAbs(a, c0, b, c0, end - c0);
          for (int i = c0; i < end; i += L) {
            FloatVector.fromArray(S, a, i).max(0f).add(FloatVector.fromArray(S, b, i)).intoArray(b, i);
          }
        }
      },
      // out[r] = -sum_j (max(l, 0) - x l + log1p(exp(-|l|))); a = x, b = l, c = out, d = scratch
      // (one row, padded): per row d = exp(-|l|), d = log1p(d), then the row sum, so that the
      // scratch stays in the cache (over whole [6400, 784] arrays the three passes were memory-bound)
      (a, b, c, d, e, rows, cols) -> {
        int np = (cols + L - 1) / L * L;
        for (int r = 0; r < rows; r++) {
          int o = r * cols;
          log1pExpNegAbs(b, o, d, 0, np);
          FloatVector acc = FloatVector.zero(S);
          for (int j = 0; j < cols; j += L) {
            FloatVector lv = FloatVector.fromArray(S, b, o + j);
            FloatVector xv = FloatVector.fromArray(S, a, o + j);
            FloatVector t = lv.max(0f).sub(xv.mul(lv)).add(FloatVector.fromArray(S, d, j));
            acc = j + L <= cols ? acc.add(t) : acc.add(t, S.indexInRange(j, cols));
          }
          c[r] = -acc.reduceLanes(VectorOperators.ADD);
        }
      },
      // out = (x sigmoid(-l) - (1 - x) sigmoid(l)) g[r]; a = x, b = l, c = g, d = out
      (a, b, c, d, e, rows, cols) -> {
        for (int r = 0; r < rows; r++) {
          int o = r * cols;
          float gr = c[r];
          for (int j = 0; j < cols; j += L) {
            FloatVector lv = FloatVector.fromArray(S, b, o + j);
            FloatVector xv = FloatVector.fromArray(S, a, o + j);
            FloatVector ex = FloatMath.exp(lv.abs().neg());
            FloatVector den = ex.add(1f);
            FloatVector big = FloatVector.broadcast(S, 1f).div(den); // sigmoid(|l|)
            FloatVector small = ex.div(den);                         // sigmoid(-|l|)
            VectorMask<Float> pos = lv.compare(VectorOperators.GE, 0f);
            FloatVector sig = small.blend(big, pos);    // sigmoid(l)
            FloatVector sigNeg = big.blend(small, pos); // sigmoid(-l) = 1 - sigmoid(l)
            FloatVector y = xv.mul(sigNeg).sub(xv.neg().add(1f).mul(sig)).mul(gr);
            if (j + L <= cols) {
              y.intoArray(d, o + j);
            } else {
              y.intoArray(d, o + j, S.indexInRange(j, cols));
            }
          }
        }
      },
      // out[r] = sum_j mu^2 / 2 + (expm1(2 s) - 2 s) / 2; a = mu, b = s, c = out
      (a, b, c, d, e, rows, cols) -> {
        for (int r = 0; r < rows; r++) {
          int o = r * cols;
          FloatVector acc = FloatVector.zero(S);
          for (int j = 0; j < cols; j += L) {
            FloatVector mv = FloatVector.fromArray(S, a, o + j);
            FloatVector s2 = FloatVector.fromArray(S, b, o + j).mul(2f);
            FloatVector t = mv.mul(mv).add(FloatMath.expm1(s2).sub(s2)).mul(0.5f);
            acc = j + L <= cols ? acc.add(t) : acc.add(t, S.indexInRange(j, cols));
          }
          c[r] = acc.reduceLanes(VectorOperators.ADD);
        }
      },
      // gmu = mu g[r], gs = expm1(2 s) g[r]; a = mu, b = s, c = g, d = gmu, e = gs
      (a, b, c, d, e, rows, cols) -> {
        for (int r = 0; r < rows; r++) {
          int o = r * cols;
          float gr = c[r];
          for (int j = 0; j < cols; j += L) {
            FloatVector gm = FloatVector.fromArray(S, a, o + j).mul(gr);
            FloatVector gs = FloatMath.expm1(FloatVector.fromArray(S, b, o + j).mul(2f)).mul(gr);
            if (j + L <= cols) {
              gm.intoArray(d, o + j);
              gs.intoArray(e, o + j);
            } else {
              VectorMask<Float> m = S.indexInRange(j, cols);
              gm.intoArray(d, o + j, m);
              gs.intoArray(e, o + j, m);
            }
          }
        }
      },
      // se = exp(s) eps, z = mu + se; a = mu, b = s, c = eps, d = z, e = se
      (a, b, c, d, e, rows, n) -> {
        for (int i = 0; i < n; i += L) {
          FloatVector t = FloatMath.exp(FloatVector.fromArray(S, b, i)).mul(FloatVector.fromArray(S, c, i));
          FloatVector z = FloatVector.fromArray(S, a, i).add(t);
          if (i + L <= n) {
            t.intoArray(e, i);
            z.intoArray(d, i);
          } else {
            VectorMask<Float> m = S.indexInRange(i, n);
            t.intoArray(e, i, m);
            z.intoArray(d, i, m);
          }
        }
      },
      // Adam over staged arrays, whole vectors (the last one into the staging padding): a = p, b = g, c = m, d = v,
      // e = {b1, c1, b2, c2, step, eps}; the operation order of the scalar loop (no fused multiply-add)
      (a, b, c, d, e, rows, n) -> {
        float b1 = e[0];
        float c1 = e[1];
        float b2 = e[2];
        float c2 = e[3];
        float step = e[4];
        float eps = e[5];
        for (int i = 0; i < n; i += L) {
          FloatVector gv = FloatVector.fromArray(S, b, i);
          FloatVector mv = FloatVector.fromArray(S, c, i).mul(b1).add(gv.mul(c1));
          FloatVector v2 = FloatVector.fromArray(S, d, i).mul(b2).add(gv.mul(c2).mul(gv));
          mv.intoArray(c, i);
          v2.intoArray(d, i);
          FloatVector.fromArray(S, a, i).sub(mv.mul(step).div(v2.lanewise(VectorOperators.SQRT).add(eps))).intoArray(a, i);
        }
      }
  };

  /**
   * y[yo + i] = log1p(exp(-|x[xo + i]|)) for i &lt; n (a multiple of L): the exponentials into y,
   * then the array log1p over them. The shared part of softplus and the Bernoulli log-likelihood;
   * arrays only at its boundary, so it may be inlined or not.
   */
  private static void log1pExpNegAbs(float[] x, int xo, float[] y, int yo, int n) {
    for (int i = 0; i < n; i += L) {
      FloatMath.exp(FloatVector.fromArray(S, x, xo + i).abs().neg()).intoArray(y, yo + i);
    }
    FloatMath.log(y, yo, y, yo, n, true);
  }

  /** The one call site of every pass (see above). */
  private static void dispatch(int pass, float[] a, float[] b, float[] c, float[] d, float[] e, int rows, int cols) {
    PASSES[pass].run(a, b, c, d, e, rows, cols);
  }

  static void unary(int op, float[] x, float[] y, int n) {
    int pass = switch (op) {
      case EXP -> P_EXP;
      case LOG -> P_LOG;
      case LOG1P -> P_LOG1P;
      default -> P_SOFTPLUS;
    };
    dispatch(pass, x, y, null, null, null, 1, n);
  }

  /** out[r] = -sum_j (max(l, 0) - x l + log1p(exp(-|l|))); scratch: cols elements, padded. */
  static void bernoulliLogLik(float[] x, float[] l, float[] out, float[] scratch, int rows, int cols) {
    dispatch(P_BERNOULLI, x, l, out, scratch, null, rows, cols);
  }

  /** out = (x sigmoid(-l) - (1 - x) sigmoid(l)) g[r]. */
  static void bernoulliGrad(float[] x, float[] l, float[] g, float[] out, int rows, int cols) {
    dispatch(P_BERNOULLI_GRAD, x, l, g, out, null, rows, cols);
  }

  /** out[r] = sum_j mu^2 / 2 + (expm1(2 s) - 2 s) / 2. */
  static void klStd(float[] mu, float[] s, float[] out, int rows, int cols) {
    dispatch(P_KL, mu, s, out, null, null, rows, cols);
  }

  /** gmu = mu g[r], gs = expm1(2 s) g[r]. */
  static void klStdGrad(float[] mu, float[] s, float[] g, float[] gmu, float[] gs, int rows, int cols) {
    dispatch(P_KL_GRAD, mu, s, g, gmu, gs, rows, cols);
  }

  /** se = exp(s) eps, z = mu + se. */
  static void rsample(float[] mu, float[] s, float[] eps, float[] z, float[] se, int n) {
    dispatch(P_RSAMPLE, mu, s, eps, z, se, 1, n);
  }

  static void biasRelu(float[] y, float[] b, int rows, int cols, boolean relu) {
    int bound = S.loopBound(cols);
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      int j = 0;
      for (; j < bound; j += L) {
        biasReluBody(y, b, o, j, relu, null);
      }
      if (j < cols) {
        biasReluBody(y, b, o, j, relu, S.indexInRange(j, cols));
      }
    }
  }

  private static void biasReluBody(float[] y, float[] b, int o, int j, boolean relu, VectorMask<Float> m) {
    FloatVector v = load(y, o + j, m).add(load(b, j, m));
    store(relu ? v.max(0f) : v, y, o + j, m);
  }

  static void reluMaskMul(float[] y, float[] g, float[] out, int n) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      reluMaskBody(y, g, out, i, null);
    }
    if (i < n) {
      reluMaskBody(y, g, out, i, S.indexInRange(i, n));
    }
  }

  private static void reluMaskBody(float[] y, float[] g, float[] out, int i, VectorMask<Float> m) {
    FloatVector yv = load(y, i, m);
    store(FloatVector.zero(S).blend(load(g, i, m), yv.compare(VectorOperators.GT, 0f)), out, i, m);
  }

  /**
   * Column soft-max of a [k, n] array in place, n a multiple of the lane count (the staged rows are
   * padded): max[c] = max_r a[r, c], a = exp(a - max), sum[c] = sum_r a[r, c] (added in r order
   * from zero), a /= sum.
   *
   * <p>The three phases are {@code RowPass} objects called from one megamorphic call site, the
   * device of {@code Pass} above, one level down: each phase compiles on its own, and the phase with
   * exp inlines all of it. One {@code Pass} holding all three phases (a loop over rows around each)
   * measured 25-30 ns a point for the mixture chunk against 12-13, so the soft-max keeps its own.
   */
  static void softmaxColumns(float[] a, float[] max, float[] sum, int k, int n) {
    System.arraycopy(a, 0, max, 0, n);
    java.util.Arrays.fill(sum, 0, n, 0);
    for (RowPass pass : SOFTMAX_PASSES) {
      for (int r = pass instanceof MaxPass ? 1 : 0; r < k; r++) {
        pass.run(a, r * n, max, sum, n);
      }
    }
  }

  /** One pass of {@link #softmaxColumns} over one row a[o, o + n). */
  private interface RowPass {
    void run(float[] a, int o, float[] mx, float[] s, int n);
  }

  private static final RowPass[] SOFTMAX_PASSES = {new MaxPass(), new ExpPass(), new DividePass()};

  /** mx = max(mx, a[o ..]). */
  private static final class MaxPass implements RowPass {
    @Override
    public void run(float[] a, int o, float[] mx, float[] s, int n) {
      for (int c = 0; c < n; c += L) {
        FloatVector.fromArray(S, mx, c).max(FloatVector.fromArray(S, a, o + c)).intoArray(mx, c);
      }
    }
  }

  /** a[o + c] = exp(a[o + c] - mx[c]); s[c] += a[o + c]. */
  private static final class ExpPass implements RowPass {
    @Override
    public void run(float[] a, int o, float[] mx, float[] s, int n) {
      for (int c = 0; c < n; c += L) {
        FloatVector e = FloatMath.exp(FloatVector.fromArray(S, a, o + c).sub(FloatVector.fromArray(S, mx, c)));
        e.intoArray(a, o + c);
        FloatVector.fromArray(S, s, c).add(e).intoArray(s, c);
      }
    }
  }

  /** a[o + c] /= s[c]. */
  private static final class DividePass implements RowPass {
    @Override
    public void run(float[] a, int o, float[] mx, float[] s, int n) {
      for (int c = 0; c < n; c += L) {
        FloatVector.fromArray(S, a, o + c).div(FloatVector.fromArray(S, s, c)).intoArray(a, o + c);
      }
    }
  }

  /**
   * Adam on n elements: m = b1 m + c1 g, v = b2 v + c2 g^2, p -= step m / (sqrt(v) + eps), in the
   * same operation order as the scalar loop (no fused multiply-add), hence the same bits.
   */
  static void adam(float[] p, float[] g, float[] mm, float[] vv, int n, float b1, float c1, float b2, float c2,
      float step, float eps) {
    dispatch(P_ADAM, p, g, mm, vv, new float[] {b1, c1, b2, c2, step, eps}, 1, n);
  }
}
