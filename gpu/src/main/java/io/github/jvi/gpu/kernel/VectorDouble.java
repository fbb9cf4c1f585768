package io.github.jvi.gpu.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float64 kernels on heap arrays, in the machine's preferred vector species. Kernels with
 * exp/log lanes (and Adam) are passes over the padded staging arrays, called through one
 * megamorphic call site (see the comment above {@code Pass}); bias + ReLU and its mask run
 * unmasked vectors up to {@code S.loopBound(n)} and one masked vector for the tail (masked accesses
 * in a main loop measured 4-8x slower on JDK 17). Either way every element goes through the same
 * lane arithmetic wherever it sits. Reductions add lane-wise in a fixed order and then reduce the
 * lanes once: deterministic for a given species. Loaded only when {@code jdk.incubator.vector} is
 * in the boot layer (see {@link Kernels}).
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
    void run(double[] a, double[] b, double[] c, double[] d, double[] e, int rows, int cols);
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
          DoubleVector y = DoubleMath.exp(DoubleVector.fromArray(S, a, i));
          if (i + L <= n) {
            y.intoArray(b, i);
          } else {
            y.intoArray(b, i, S.indexInRange(i, n));
          }
        }
      },
      // the logarithms are array loops (see DoubleMath.log); n rounded up to whole vectors: the
      // staged arrays are padded
      (a, b, c, d, e, rows, n) -> DoubleMath.log(a, 0, b, 0, (n + L - 1) / L * L, false),
      (a, b, c, d, e, rows, n) -> DoubleMath.log(a, 0, b, 0, (n + L - 1) / L * L, true),
      // b = exp(-|a|), b = log1p(b), b += max(a, 0), in chunks of 1024 that stay in the cache
      (a, b, c, d, e, rows, n) -> {
        int np = (n + L - 1) / L * L;
        for (int c0 = 0; c0 < np; c0 += 1024) {
          int end = Math.min(np, c0 + 1024);
          log1pExpNegAbs(a, c0, b, c0, end - c0);
          for (int i = c0; i < end; i += L) {
            DoubleVector.fromArray(S, a, i).max(0.0).add(DoubleVector.fromArray(S, b, i)).intoArray(b, i);
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
          DoubleVector acc = DoubleVector.zero(S);
          for (int j = 0; j < cols; j += L) {
            DoubleVector lv = DoubleVector.fromArray(S, b, o + j);
            DoubleVector xv = DoubleVector.fromArray(S, a, o + j);
            DoubleVector t = lv.max(0.0).sub(xv.mul(lv)).add(DoubleVector.fromArray(S, d, j));
            acc = j + L <= cols ? acc.add(t) : acc.add(t, S.indexInRange(j, cols));
          }
          c[r] = -acc.reduceLanes(VectorOperators.ADD);
        }
      },
      // out = (x sigmoid(-l) - (1 - x) sigmoid(l)) g[r]; a = x, b = l, c = g, d = out
      (a, b, c, d, e, rows, cols) -> {
        for (int r = 0; r < rows; r++) {
          int o = r * cols;
          double gr = c[r];
          for (int j = 0; j < cols; j += L) {
            DoubleVector lv = DoubleVector.fromArray(S, b, o + j);
            DoubleVector xv = DoubleVector.fromArray(S, a, o + j);
            DoubleVector ex = DoubleMath.exp(lv.abs().neg());
            DoubleVector den = ex.add(1.0);
            DoubleVector big = DoubleVector.broadcast(S, 1.0).div(den); // sigmoid(|l|)
            DoubleVector small = ex.div(den);                         // sigmoid(-|l|)
            VectorMask<Double> pos = lv.compare(VectorOperators.GE, 0.0);
            DoubleVector sig = small.blend(big, pos);    // sigmoid(l)
            DoubleVector sigNeg = big.blend(small, pos); // sigmoid(-l) = 1 - sigmoid(l)
            DoubleVector y = xv.mul(sigNeg).sub(xv.neg().add(1.0).mul(sig)).mul(gr);
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
          DoubleVector acc = DoubleVector.zero(S);
          for (int j = 0; j < cols; j += L) {
            DoubleVector mv = DoubleVector.fromArray(S, a, o + j);
            DoubleVector s2 = DoubleVector.fromArray(S, b, o + j).mul(2.0);
            DoubleVector t = mv.mul(mv).add(DoubleMath.expm1(s2).sub(s2)).mul(0.5);
            acc = j + L <= cols ? acc.add(t) : acc.add(t, S.indexInRange(j, cols));
          }
          c[r] = acc.reduceLanes(VectorOperators.ADD);
        }
      },
      // gmu = mu g[r], gs = expm1(2 s) g[r]; a = mu, b = s, c = g, d = gmu, e = gs
      (a, b, c, d, e, rows, cols) -> {
        for (int r = 0; r < rows; r++) {
          int o = r * cols;
          double gr = c[r];
          for (int j = 0; j < cols; j += L) {
            DoubleVector gm = DoubleVector.fromArray(S, a, o + j).mul(gr);
            DoubleVector gs = DoubleMath.expm1(DoubleVector.fromArray(S, b, o + j).mul(2.0)).mul(gr);
            if (j + L <= cols) {
              gm.intoArray(d, o + j);
              gs.intoArray(e, o + j);
            } else {
              VectorMask<Double> m = S.indexInRange(j, cols);
              gm.intoArray(d, o + j, m);
              gs.intoArray(e, o + j, m);
            }
          }
        }
      },
      // se = exp(s) eps, z = mu + se; a = mu, b = s, c = eps, d = z, e = se
      (a, b, c, d, e, rows, n) -> {
        for (int i = 0; i < n; i += L) {
          DoubleVector t = DoubleMath.exp(DoubleVector.fromArray(S, b, i)).mul(DoubleVector.fromArray(S, c, i));
          DoubleVector z = DoubleVector.fromArray(S, a, i).add(t);
          if (i + L <= n) {
            t.intoArray(e, i);
            z.intoArray(d, i);
          } else {
            VectorMask<Double> m = S.indexInRange(i, n);
            t.intoArray(e, i, m);
            z.intoArray(d, i, m);
          }
        }
      },
      // Adam over staged arrays, whole vectors (the last one into the staging padding): a = p, b = g, c = m, d = v,
      // e = {b1, c1, b2, c2, step, eps}; the operation order of the scalar loop (no fused multiply-add)
      (a, b, c, d, e, rows, n) -> {
        double b1 = e[0];
        double c1 = e[1];
        double b2 = e[2];
        double c2 = e[3];
        double step = e[4];
        double eps = e[5];
        for (int i = 0; i < n; i += L) {
          DoubleVector gv = DoubleVector.fromArray(S, b, i);
          DoubleVector mv = DoubleVector.fromArray(S, c, i).mul(b1).add(gv.mul(c1));
          DoubleVector v2 = DoubleVector.fromArray(S, d, i).mul(b2).add(gv.mul(c2).mul(gv));
          mv.intoArray(c, i);
          v2.intoArray(d, i);
          DoubleVector.fromArray(S, a, i).sub(mv.mul(step).div(v2.lanewise(VectorOperators.SQRT).add(eps))).intoArray(a, i);
        }
      }
  };

  /**
   * y[yo + i] = log1p(exp(-|x[xo + i]|)) for i &lt; n (a multiple of L): the exponentials into y,
   * then the array log1p over them. The shared part of softplus and the Bernoulli log-likelihood;
   * arrays only at its boundary, so it may be inlined or not.
   */
  private static void log1pExpNegAbs(double[] x, int xo, double[] y, int yo, int n) {
    for (int i = 0; i < n; i += L) {
      DoubleMath.exp(DoubleVector.fromArray(S, x, xo + i).abs().neg()).intoArray(y, yo + i);
    }
    DoubleMath.log(y, yo, y, yo, n, true);
  }

  /** The one call site of every pass (see above). */
  private static void dispatch(int pass, double[] a, double[] b, double[] c, double[] d, double[] e, int rows, int cols) {
    PASSES[pass].run(a, b, c, d, e, rows, cols);
  }

  static void unary(int op, double[] x, double[] y, int n) {
    int pass = switch (op) {
      case EXP -> P_EXP;
      case LOG -> P_LOG;
      case LOG1P -> P_LOG1P;
      default -> P_SOFTPLUS;
    };
    dispatch(pass, x, y, null, null, null, 1, n);
  }

  /** out[r] = -sum_j (max(l, 0) - x l + log1p(exp(-|l|))); scratch: cols elements, padded. */
  static void bernoulliLogLik(double[] x, double[] l, double[] out, double[] scratch, int rows, int cols) {
    dispatch(P_BERNOULLI, x, l, out, scratch, null, rows, cols);
  }

  /** out = (x sigmoid(-l) - (1 - x) sigmoid(l)) g[r]. */
  static void bernoulliGrad(double[] x, double[] l, double[] g, double[] out, int rows, int cols) {
    dispatch(P_BERNOULLI_GRAD, x, l, g, out, null, rows, cols);
  }

  /** out[r] = sum_j mu^2 / 2 + (expm1(2 s) - 2 s) / 2. */
  static void klStd(double[] mu, double[] s, double[] out, int rows, int cols) {
    dispatch(P_KL, mu, s, out, null, null, rows, cols);
  }

  /** gmu = mu g[r], gs = expm1(2 s) g[r]. */
  static void klStdGrad(double[] mu, double[] s, double[] g, double[] gmu, double[] gs, int rows, int cols) {
    dispatch(P_KL_GRAD, mu, s, g, gmu, gs, rows, cols);
  }

  /** se = exp(s) eps, z = mu + se. */
  static void rsample(double[] mu, double[] s, double[] eps, double[] z, double[] se, int n) {
    dispatch(P_RSAMPLE, mu, s, eps, z, se, 1, n);
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

  /**
   * Adds sum_c mx[c] lane-wise into acc[0 .. L) and sum_c log s[c] into acc[L .. 2L), for c &lt; n
   * (a multiple of L), the logarithms taken of lane-wise products of up to {@code group}
   * consecutive vectors (StrictMath.log per lane: the same bits in every JIT tier); acc[2L .. 3L)
   * is scratch.
   */
  static void logNormaliser(double[] mx, double[] s, int n, int group, double[] acc) {
    DoubleVector m = DoubleVector.fromArray(S, acc, 0);
    for (int c = 0; c < n; c += L) {
      m = m.add(DoubleVector.fromArray(S, mx, c));
    }
    m.intoArray(acc, 0);
    for (int c0 = 0; c0 < n; c0 += group * L) {
      DoubleVector p = DoubleVector.fromArray(S, s, c0);
      for (int c = c0 + L, end = Math.min(n, c0 + group * L); c < end; c += L) {
        p = p.mul(DoubleVector.fromArray(S, s, c));
      }
      p.intoArray(acc, 2 * L);
      for (int l = 0; l < L; l++) {
        acc[L + l] += StrictMath.log(acc[2 * L + l]);
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
    dispatch(P_ADAM, p, g, mm, vv, new double[] {b1, c1, b2, c2, step, eps}, 1, n);
  }
}
