package io.github.jvi.gpu.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float64 kernels on heap arrays, one pass each, in the machine's preferred vector species.
 * Each loop runs unmasked vectors up to {@code S.loopBound(n)} and one masked vector for the tail
 * (never a scalar loop), so every element goes through the same lane arithmetic wherever it sits.
 * (Masked accesses in the main loop measured 4-8x slower on JDK 17: 1.03 against 0.13 ns per
 * element for Adam, 0.96 against 0.21 for exp.) Every body is written once, for a mask that is
 * null in the main loop. Reductions add lane-wise in a fixed order and then reduce the lanes once:
 * deterministic for a given species. Loaded only when {@code jdk.incubator.vector} is in the boot
 * layer (see {@link Kernels}).
 */
final class VectorDouble {
  static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private VectorDouble() {}

  static final int EXP = 0;
  static final int LOG = 1;
  static final int LOG1P = 2;
  static final int SOFTPLUS = 3;

  private static DoubleVector load(double[] a, int i, VectorMask<Double> m) {
    return m == null ? DoubleVector.fromArray(S, a, i) : DoubleVector.fromArray(S, a, i, m);
  }

  private static void store(DoubleVector v, double[] a, int i, VectorMask<Double> m) {
    if (m == null) {
      v.intoArray(a, i);
    } else {
      v.intoArray(a, i, m);
    }
  }

  private static DoubleVector addTo(DoubleVector acc, DoubleVector t, VectorMask<Double> m) {
    return m == null ? acc.add(t) : acc.add(t, m);
  }

  static void unary(int op, double[] x, double[] y, int n) {
    int i = 0;
    int bound = S.loopBound(n);
    switch (op) {
      case EXP -> {
        for (; i < bound; i += L) {
          store(DoubleMath.exp(load(x, i, null)), y, i, null);
        }
        if (i < n) {
          VectorMask<Double> m = S.indexInRange(i, n);
          store(DoubleMath.exp(load(x, i, m)), y, i, m);
        }
      }
      case LOG -> {
        for (; i < bound; i += L) {
          store(DoubleMath.log(load(x, i, null)), y, i, null);
        }
        if (i < n) {
          VectorMask<Double> m = S.indexInRange(i, n);
          store(DoubleMath.log(load(x, i, m)), y, i, m);
        }
      }
      case LOG1P -> {
        for (; i < bound; i += L) {
          store(DoubleMath.log1p(load(x, i, null)), y, i, null);
        }
        if (i < n) {
          VectorMask<Double> m = S.indexInRange(i, n);
          store(DoubleMath.log1p(load(x, i, m)), y, i, m);
        }
      }
      default -> {
        for (; i < bound; i += L) {
          store(softplus(load(x, i, null)), y, i, null);
        }
        if (i < n) {
          VectorMask<Double> m = S.indexInRange(i, n);
          store(softplus(load(x, i, m)), y, i, m);
        }
      }
    }
  }

  /** max(x, 0) + log1p(exp(-|x|)). */
  private static DoubleVector softplus(DoubleVector v) {
    return v.max(0.0).add(DoubleMath.log1p(DoubleMath.exp(v.abs().neg())));
  }

  static void biasRelu(double[] y, double[] b, int rows, int cols, boolean relu) {
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

  private static void biasReluBody(double[] y, double[] b, int o, int j, boolean relu, VectorMask<Double> m) {
    DoubleVector v = load(y, o + j, m).add(load(b, j, m));
    store(relu ? v.max(0.0) : v, y, o + j, m);
  }

  static void reluMaskMul(double[] y, double[] g, double[] out, int n) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      reluMaskBody(y, g, out, i, null);
    }
    if (i < n) {
      reluMaskBody(y, g, out, i, S.indexInRange(i, n));
    }
  }

  private static void reluMaskBody(double[] y, double[] g, double[] out, int i, VectorMask<Double> m) {
    DoubleVector yv = load(y, i, m);
    store(DoubleVector.zero(S).blend(load(g, i, m), yv.compare(VectorOperators.GT, 0.0)), out, i, m);
  }

  /** out[r] = -sum_j (max(l, 0) - x l + log1p(exp(-|l|))). */
  static void bernoulliLogLik(double[] x, double[] l, double[] out, int rows, int cols) {
    int bound = S.loopBound(cols);
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      DoubleVector acc = DoubleVector.zero(S);
      int j = 0;
      for (; j < bound; j += L) {
        acc = addTo(acc, bernoulliTerm(x, l, o + j, null), null);
      }
      if (j < cols) {
        VectorMask<Double> m = S.indexInRange(j, cols);
        acc = addTo(acc, bernoulliTerm(x, l, o + j, m), m);
      }
      out[r] = -acc.reduceLanes(VectorOperators.ADD);
    }
  }

  private static DoubleVector bernoulliTerm(double[] x, double[] l, int i, VectorMask<Double> m) {
    DoubleVector lv = load(l, i, m);
    DoubleVector xv = load(x, i, m);
    return lv.max(0.0).sub(xv.mul(lv)).add(DoubleMath.log1p(DoubleMath.exp(lv.abs().neg())));
  }

  /** out = (x - sigmoid(l)) g[r], as x sigmoid(-l) - (1 - x) sigmoid(l) with e = exp(-|l|). */
  static void bernoulliGrad(double[] x, double[] l, double[] g, double[] out, int rows, int cols) {
    int bound = S.loopBound(cols);
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      double gr = g[r];
      int j = 0;
      for (; j < bound; j += L) {
        bernoulliGradBody(x, l, out, o + j, gr, null);
      }
      if (j < cols) {
        bernoulliGradBody(x, l, out, o + j, gr, S.indexInRange(j, cols));
      }
    }
  }

  private static void bernoulliGradBody(double[] x, double[] l, double[] out, int i, double gr, VectorMask<Double> m) {
    DoubleVector lv = load(l, i, m);
    DoubleVector xv = load(x, i, m);
    DoubleVector e = DoubleMath.exp(lv.abs().neg());
    DoubleVector d = e.add(1.0);
    DoubleVector big = DoubleVector.broadcast(S, 1.0).div(d); // sigmoid(|l|)
    DoubleVector small = e.div(d);                          // sigmoid(-|l|)
    VectorMask<Double> pos = lv.compare(VectorOperators.GE, 0.0);
    DoubleVector sig = small.blend(big, pos);      // sigmoid(l)
    DoubleVector sigNeg = big.blend(small, pos);   // sigmoid(-l) = 1 - sigmoid(l)
    store(xv.mul(sigNeg).sub(xv.neg().add(1.0).mul(sig)).mul(gr), out, i, m);
  }

  /** out[r] = sum_j mu^2 / 2 + (expm1(2 s) - 2 s) / 2. */
  static void klStd(double[] mu, double[] s, double[] out, int rows, int cols) {
    int bound = S.loopBound(cols);
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      DoubleVector acc = DoubleVector.zero(S);
      int j = 0;
      for (; j < bound; j += L) {
        acc = addTo(acc, klTerm(mu, s, o + j, null), null);
      }
      if (j < cols) {
        VectorMask<Double> m = S.indexInRange(j, cols);
        acc = addTo(acc, klTerm(mu, s, o + j, m), m);
      }
      out[r] = acc.reduceLanes(VectorOperators.ADD);
    }
  }

  private static DoubleVector klTerm(double[] mu, double[] s, int i, VectorMask<Double> m) {
    DoubleVector mv = load(mu, i, m);
    DoubleVector s2 = load(s, i, m).mul(2.0);
    return mv.mul(mv).add(DoubleMath.expm1(s2).sub(s2)).mul(0.5);
  }

  /** gmu = mu g[r], gs = expm1(2 s) g[r]. */
  static void klStdGrad(double[] mu, double[] s, double[] g, double[] gmu, double[] gs, int rows, int cols) {
    int bound = S.loopBound(cols);
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      double gr = g[r];
      int j = 0;
      for (; j < bound; j += L) {
        klGradBody(mu, s, gmu, gs, o + j, gr, null);
      }
      if (j < cols) {
        klGradBody(mu, s, gmu, gs, o + j, gr, S.indexInRange(j, cols));
      }
    }
  }

  private static void klGradBody(double[] mu, double[] s, double[] gmu, double[] gs, int i, double gr, VectorMask<Double> m) {
    store(load(mu, i, m).mul(gr), gmu, i, m);
    store(DoubleMath.expm1(load(s, i, m).mul(2.0)).mul(gr), gs, i, m);
  }

  /** se = exp(s) eps, z = mu + se. */
  static void rsample(double[] mu, double[] s, double[] eps, double[] z, double[] se, int n) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      rsampleBody(mu, s, eps, z, se, i, null);
    }
    if (i < n) {
      rsampleBody(mu, s, eps, z, se, i, S.indexInRange(i, n));
    }
  }

  private static void rsampleBody(double[] mu, double[] s, double[] eps, double[] z, double[] se, int i,
      VectorMask<Double> m) {
    DoubleVector t = DoubleMath.exp(load(s, i, m)).mul(load(eps, i, m));
    store(t, se, i, m);
    store(load(mu, i, m).add(t), z, i, m);
  }

  /**
   * Column soft-max of a [k, n] array in place, n a multiple of the lane count (the staged rows are
   * padded): max[c] = max_r a[r, c], a = exp(a - max), sum[c] = sum_r a[r, c] (added in r order
   * from zero), a /= sum.
   *
   * <p><b>Why passes behind one virtual call.</b> C2 stops inlining into a compilation once it has
   * created about 18000 nodes (NodeCountInliningCutoff, not settable in product JVMs), and one
   * vector exp parses to most of that. Inlined into a larger caller, exp's helpers were cut off,
   * their vector arguments boxed, and the mixture E-step took 43-57 ns per point instead of 13,
   * depending on the order in which the JIT compiled things. The three passes are therefore
   * objects called from one call site that sees all three classes: a megamorphic call, which C2
   * never inlines, so each pass is compiled on its own with the budget to inline all of exp.
   * Passes take only arrays and ints, so nothing is boxed at the call.
   */
  static void softmaxColumns(double[] a, double[] max, double[] sum, int k, int n) {
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
    void run(double[] a, int o, double[] mx, double[] s, int n);
  }

  private static final RowPass[] SOFTMAX_PASSES = {new MaxPass(), new ExpPass(), new DividePass()};

  /** mx = max(mx, a[o ..]). */
  private static final class MaxPass implements RowPass {
    @Override
    public void run(double[] a, int o, double[] mx, double[] s, int n) {
      for (int c = 0; c < n; c += L) {
        DoubleVector.fromArray(S, mx, c).max(DoubleVector.fromArray(S, a, o + c)).intoArray(mx, c);
      }
    }
  }

  /** a[o + c] = exp(a[o + c] - mx[c]); s[c] += a[o + c]. */
  private static final class ExpPass implements RowPass {
    @Override
    public void run(double[] a, int o, double[] mx, double[] s, int n) {
      for (int c = 0; c < n; c += L) {
        DoubleVector e = DoubleMath.exp(DoubleVector.fromArray(S, a, o + c).sub(DoubleVector.fromArray(S, mx, c)));
        e.intoArray(a, o + c);
        DoubleVector.fromArray(S, s, c).add(e).intoArray(s, c);
      }
    }
  }

  /** a[o + c] /= s[c]. */
  private static final class DividePass implements RowPass {
    @Override
    public void run(double[] a, int o, double[] mx, double[] s, int n) {
      for (int c = 0; c < n; c += L) {
        DoubleVector.fromArray(S, a, o + c).div(DoubleVector.fromArray(S, s, c)).intoArray(a, o + c);
      }
    }
  }

  /**
   * One staged chunk of {@link Kernels#mixtureEStep}: rows of stride n, a multiple of the lane
   * count, whose lanes past the chunk's points are zero in every row of ph (the ones row
   * included). On entry ph holds the ones row (row 0) and the raw rows u, x (rows 1 .. u + d); this
   * fills the pair rows x_i x_j (i &lt;= j, row by row), the logits l_r = sum_q coef[r, q] ph[q]
   * (fused multiply-adds in the order q = 0 .. F-1) into lr, their column soft-max
   * ({@link #softmaxColumns}), and adds R ph^T lane-wise into acc ([K F] vectors of L lanes). The
   * padding lanes have phi = 0, so they add nothing to acc. Every phase is a leaf loop of its own
   * (see {@link #softmaxColumns} on why).
   */
  static void mixtureChunk(double[] coef, int k, int f, int u, int d, double[] ph, double[] lr, double[] mx,
      double[] sm, double[] acc, int n) {
    int row = 1 + u + d;
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++, row++) {
        product(ph, (1 + u + i) * n, (1 + u + j) * n, row * n, n);
      }
    }
    for (int r = 0; r < k; r++) {
      logits(coef, r * f, f, ph, lr, r * n, n);
    }
    softmaxColumns(lr, mx, sm, k, n);
    for (int r = 0; r < k; r++) {
      for (int q = 0; q < f; q++) {
        dotInto(lr, r * n, ph, q * n, n, acc, (r * f + q) * L);
      }
    }
  }

  /** a[to + c] = a[x + c] a[y + c] for c &lt; n (a multiple of L). */
  private static void product(double[] a, int x, int y, int to, int n) {
    for (int c = 0; c < n; c += L) {
      DoubleVector.fromArray(S, a, x + c).mul(DoubleVector.fromArray(S, a, y + c)).intoArray(a, to + c);
    }
  }

  /** out[o + c] = sum_q coef[co + q] ph[q n + c] for c &lt; n, by fused multiply-adds in q order. */
  private static void logits(double[] coef, int co, int f, double[] ph, double[] out, int o, int n) {
    for (int c = 0; c < n; c += L) {
      DoubleVector l = DoubleVector.zero(S);
      for (int q = 0; q < f; q++) {
        l = DoubleVector.fromArray(S, ph, q * n + c).fma(DoubleVector.broadcast(S, coef[co + q]), l);
      }
      l.intoArray(out, o + c);
    }
  }

  /**
   * acc[at ..] += lane-wise sum_c a[x + c] b[y + c] over c &lt; n (a multiple of L): no vector
   * crosses the call (a vector argument or result of a call the JIT does not inline is boxed, and
   * whether it inlines depends on compile order). Four accumulators taking
   * every fourth vector (one chain of fused multiply-adds waits out each one's latency: it was the
   * E-step's largest cost), the remaining vectors into the first, then (s0 + s1) + (s2 + s3).
   */
  private static void dotInto(double[] a, int x, double[] b, int y, int n, double[] acc, int at) {
    DoubleVector s0 = DoubleVector.zero(S);
    DoubleVector s1 = s0;
    DoubleVector s2 = s0;
    DoubleVector s3 = s0;
    int c = 0;
    for (int bound = n - 4 * L; c <= bound; c += 4 * L) {
      s0 = DoubleVector.fromArray(S, a, x + c).fma(DoubleVector.fromArray(S, b, y + c), s0);
      s1 = DoubleVector.fromArray(S, a, x + c + L).fma(DoubleVector.fromArray(S, b, y + c + L), s1);
      s2 = DoubleVector.fromArray(S, a, x + c + 2 * L).fma(DoubleVector.fromArray(S, b, y + c + 2 * L), s2);
      s3 = DoubleVector.fromArray(S, a, x + c + 3 * L).fma(DoubleVector.fromArray(S, b, y + c + 3 * L), s3);
    }
    for (; c < n; c += L) {
      s0 = DoubleVector.fromArray(S, a, x + c).fma(DoubleVector.fromArray(S, b, y + c), s0);
    }
    DoubleVector.fromArray(S, acc, at).add(s0.add(s1).add(s2.add(s3))).intoArray(acc, at);
  }

  /**
   * Adam on n elements: m = b1 m + c1 g, v = b2 v + c2 g^2, p -= step m / (sqrt(v) + eps), in the
   * same operation order as the scalar loop (no fused multiply-add), hence the same bits.
   */
  static void adam(double[] p, double[] g, double[] mm, double[] vv, int n, double b1, double c1, double b2, double c2,
      double step, double eps) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      adamBody(p, g, mm, vv, i, b1, c1, b2, c2, step, eps, null);
    }
    if (i < n) {
      adamBody(p, g, mm, vv, i, b1, c1, b2, c2, step, eps, S.indexInRange(i, n));
    }
  }

  private static void adamBody(double[] p, double[] g, double[] mm, double[] vv, int i, double b1, double c1, double b2,
      double c2, double step, double eps, VectorMask<Double> m) {
    DoubleVector gv = load(g, i, m);
    DoubleVector mv = load(mm, i, m).mul(b1).add(gv.mul(c1));
    DoubleVector vv2 = load(vv, i, m).mul(b2).add(gv.mul(c2).mul(gv));
    store(mv, mm, i, m);
    store(vv2, vv, i, m);
    store(load(p, i, m).sub(mv.mul(step).div(vv2.lanewise(VectorOperators.SQRT).add(eps))), p, i, m);
  }
}
