package io.github.jvi.core.kl;

import static io.github.jvi.core.special.Special.bd0Ratio;
import static io.github.jvi.core.special.Special.diffOfProducts;
import static io.github.jvi.core.special.Special.lgammaDiff2;
import static io.github.jvi.core.special.Special.lgammaDiff2Remainder;
import static io.github.jvi.core.special.Special.log1pmx;
import static io.github.jvi.core.special.Special.trigamma;

import io.github.jvi.core.autodiff.Fused;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.special.Special;

/**
 * Scalar kernels of the closed-form KLs, written so that they keep their relative accuracy as
 * q -&gt; p. Every form is a sum of terms that are each &gt;= 0 (or, where one sign-indefinite
 * term remains, bounded as stated), so no large terms cancel:
 *
 * <pre>
 * bd0Ratio(t) = (1 + t) log1p(t) - t &gt;= 0,   log1pmx(t) = log1p(t) - t &lt;= 0    (Special)
 * Poisson      KL = b bd0Ratio((a - b) / b)
 * Exponential  KL = -log1pmx((l2 - l1) / l1)
 * Normal       KL = u^2/2 - log1pmx(u) + z^2/2,  u = (s1 - s2)/s2, z = (m1 - m2)/s2
 * Bernoulli    KL = q bd0Ratio((p - q)/q) + (1 - q) bd0Ratio((q - p)/(1 - q))
 * Categorical  KL = sum_k q_k bd0Ratio(p_k/q_k - 1), p_k/q_k - 1 from the raw inputs
 * Gamma        KL = a1 (b2/b1) bd0Ratio(w) + R(a1, a2 - a1),  w = (a2 b1 - a1 b2)/(a1 b2)   (a &gt;= 10)
 *                 = G(a1, a2 - a1) - a1 log1pmx(t) - (a2 - a1) log1p(t),  t = (b2 - b1)/b1  (else)
 * Dirichlet    KL = s2 sum_c pi1_c bd0Ratio(rho_c) + sum_{i large} R(a1_i, d_i) - R(s1, D)
 *                    + [sum_{i small} G(a1_i, d_i) - s_S bd0Ratio(d_S / s_S)]       (some a_i &gt;= 10)
 *                 = sum_i G(a1_i, d_i) - G(s1, D)                                  (all a_i &lt; 10)
 *              c runs over the large components (a1_i, a2_i &gt;= 10) and one lumped component of
 *              the small ones (mass s_S = sum a1_i, change d_S = sum d_i over them);
 *              rho_c = pi2_c / pi1_c - 1 = (d_c s1 - a1_c D) / (a1_c s2); the bracket is &gt;= 0
 *              (a h(d/a) is subadditive) and cancels by at most a factor of about 20
 * ContinuousBernoulli  KL = A(l2) - A(l1) - (l2 - l1) A'(l1) = (l2 - l1)^2 int_0^1 (1-u) A''(l1 + u (l2 - l1)) du
 * </pre>
 * with G = {@link Special#lgammaDiff2} (lgamma's Bregman divergence, every term &gt;= 0) and R
 * = {@link Special#lgammaDiff2Remainder}. The Gamma and Dirichlet forms for large parameters
 * follow from Stirling's formula: the a bd0Ratio(d/a) parts of the lgamma differences combine
 * exactly into one bd0Ratio of the ratio of means (a KL between the mean vectors), which is
 * what stays when the parameters move together; the remainders R are of relative size 1/a.
 * Below 10 the G form's terms can cancel only by a factor of order max(a)/min(a) (the
 * condition of the quadratic form psi'(a) d^2 - 2 d t + a t^2 and its Dirichlet analogue).
 */
final class NearKl {
  private NearKl() {}

  /** log1p(x) - x as a differentiable op (gradient -x / (1 + x)). */
  static Var log1pmxOf(Var x) {
    return Fused.map((v, g) -> {
      g[0] = -v[0] / (1 + v[0]);
      return Special.log1pmx(v[0]);
    }, new Var[] {x});
  }

  /**
   * tr G - log det(I + G) = |E|_F^2 - 2 sum_j log1pmx(E_jj) for a symmetric G with I + G positive
   * definite, where I + E is the Cholesky factor of I + G computed as a perturbation of the
   * identity (no 1 + small is formed): E_jj = (G_jj - s_j) / (1 + sqrt(1 + G_jj - s_j)),
   * s_j = sum_{k &lt; j} E_jk^2, and E_ij = (G_ij - sum_{k &lt; j} E_ik E_jk) / (1 + E_jj) for i &gt; j.
   * Keeps its relative accuracy as G -&gt; 0 (G from the difference of two covariances).
   */
  static double traceMinusLogDet(double[][] g) {
    int n = g.length;
    double[][] e = new double[n][n];
    double total = 0;
    for (int j = 0; j < n; j++) {
      double sj = 0;
      for (int k = 0; k < j; k++) {
        sj += e[j][k] * e[j][k];
      }
      double t = g[j][j] - sj;
      e[j][j] = t / (1 + Math.sqrt(1 + t));
      for (int i = j + 1; i < n; i++) {
        double x = g[i][j];
        for (int k = 0; k < j; k++) {
          x -= e[i][k] * e[j][k];
        }
        e[i][j] = x / (1 + e[j][j]);
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        total += e[i][j] * e[i][j];
      }
      total += e[i][i] * e[i][i] - 2 * log1pmx(e[i][i]);
    }
    return total;
  }

  // ------------------------------------------------------------------------ element kernels

  /**
   * log(x / y) for x, y &gt; 0 with t = (x - y) / y given: log1p(t) unless t &lt; -1/2, where
   * log1p of a rounded t near -1 would amplify its rounding by 1 / (1 + t); log(x / y) there.
   */
  private static double logRatio(double x, double y, double t) {
    return t < -0.5 ? Math.log(x / y) : Math.log1p(t);
  }

  /** t - log(x / y) = -log1pmx(t) &gt;= 0 with t = (x - y) / y, accurate for every t (see logRatio). */
  private static double minusLog1pmx(double x, double y, double t) {
    return t < -0.5 ? t - Math.log(x / y) : -log1pmx(t);
  }

  /** x = {a, b}: KL(Poisson(a) || Poisson(b)). */
  static double poisson(double[] x, double[] g) {
    double a = x[0];
    double b = x[1];
    double t = (a - b) / b;
    g[0] = Math.log1p(t);
    g[1] = -t;
    return b * bd0Ratio(t);
  }

  /** x = {rate1, rate2}: KL(Exp(l1) || Exp(l2)). */
  static double exponential(double[] x, double[] g) {
    double l1 = x[0];
    double l2 = x[1];
    double t = (l2 - l1) / l1;
    g[0] = -t / l1;
    g[1] = (l2 - l1) / (l1 * l2);
    return minusLog1pmx(l2, l1, t);
  }

  /** x = {m1, s1, m2, s2}: KL(N(m1, s1^2) || N(m2, s2^2)). */
  static double normal(double[] x, double[] g) {
    double m1 = x[0];
    double s1 = x[1];
    double m2 = x[2];
    double s2 = x[3];
    double u = (s1 - s2) / s2;
    double z = (m1 - m2) / s2;
    g[0] = z / s2;
    g[1] = (s1 - s2) * (s1 + s2) / (s1 * s2 * s2);
    g[2] = -z / s2;
    g[3] = -(u * (2 + u) + z * z) / s2;
    return 0.5 * u * u + minusLog1pmx(s1, s2, u) + 0.5 * z * z;
  }

  /**
   * KL(Bern(p) || Bern(q)) from p, q, their complements and d = p - q, each as accurate as the
   * parameterisation allows; gradient in (p, q).
   */
  static double bernoulli(double p, double q, double pc, double qc, double d, double[] g) {
    double t1 = q == 0 ? (p == 0 ? 0 : Double.POSITIVE_INFINITY) : q * bd0Ratio(d / q);
    double t0 = qc == 0 ? (pc == 0 ? 0 : Double.POSITIVE_INFINITY) : qc * bd0Ratio(-d / qc);
    g[0] = Math.log1p(d / q) - Math.log1p(-d / qc);
    g[1] = -d / (q * qc);
    return t1 + t0;
  }

  /** x = {p, q}: Bernoulli from probabilities (p - q and 1 - p exact where they are small). */
  static double bernoulliProbs(double[] x, double[] g) {
    return bernoulli(x[0], x[1], 1 - x[0], 1 - x[1], x[0] - x[1], g);
  }

  /** x = {p, q, l1, l2}: Bernoulli from logits: p - q = -sigmoid(l1) sigmoid(-l2) expm1(l2 - l1). */
  static double bernoulliLogits(double[] x, double[] g) {
    double l1 = x[2];
    double l2 = x[3];
    double p = sigmoid(l1);
    double q = sigmoid(l2);
    double d = -p * sigmoid(-l2) * Math.expm1(l2 - l1);
    return bernoulli(p, q, sigmoid(-l1), sigmoid(-l2), d, g);
  }

  private static double sigmoid(double l) {
    return l >= 0 ? 1 / (1 + Math.exp(-l)) : Math.exp(l) / (1 + Math.exp(l));
  }

  /** x = {a1, b1, a2, b2} (shape, rate): KL(Gamma(a1, b1) || Gamma(a2, b2)). */
  static double gamma(double[] x, double[] g) {
    double a1 = x[0];
    double b1 = x[1];
    double a2 = x[2];
    double b2 = x[3];
    double da = a2 - a1;
    double db = b2 - b1;
    double t = db / b1;
    double cross = diffOfProducts(da, b1, a1, db); // a2 b1 - a1 b2
    g[0] = -da * trigamma(a1) + t;
    g[1] = cross / (b1 * b1);
    g[2] = Special.digammaDiff(a1, da) - logRatio(b2, b1, t);
    g[3] = -cross / (b1 * b2);
    if (Math.min(a1, a2) >= Special.stirlingMin()) {
      double w = cross / (a1 * b2);
      return a1 * (b2 / b1) * bd0Ratio(w) + lgammaDiff2Remainder(a1, da);
    }
    return lgammaDiff2(a1, da) + a1 * minusLog1pmx(b2, b1, t) - da * logRatio(b2, b1, t);
  }

  /** x = {alpha1, beta1, alpha2, beta2}: KL(Beta || Beta), the Dirichlet form with K = 2. */
  static double beta(double[] x, double[] g) {
    double[] g1 = new double[2];
    double[] g2 = new double[2];
    double v = dirichlet(new double[] {x[0], x[1]}, new double[] {x[2], x[3]}, g1, g2);
    g[0] = g1[0];
    g[1] = g1[1];
    g[2] = g2[0];
    g[3] = g2[1];
    return v;
  }

  /** KL(Dir(a1) || Dir(a2)) for one row; gradients into g1, g2. */
  static double dirichlet(double[] a1, double[] a2, double[] g1, double[] g2) {
    int k = a1.length;
    double s1 = 0;
    double s2 = 0;
    double dsum = 0;
    boolean anyLarge = false;
    boolean[] isLarge = new boolean[k];
    double[] d = new double[k];
    for (int i = 0; i < k; i++) {
      s1 += a1[i];
      s2 += a2[i];
      d[i] = a2[i] - a1[i];
      dsum += d[i];
      isLarge[i] = Math.min(a1[i], a2[i]) >= Special.stirlingMin();
      anyLarge |= isLarge[i];
    }
    double dpsiS = Special.digammaDiff(s1, dsum);
    double triS1 = trigamma(s1);
    for (int i = 0; i < k; i++) {
      g1[i] = -d[i] * trigamma(a1[i]) + dsum * triS1;
      g2[i] = Special.digammaDiff(a1[i], d[i]) - dpsiS;
    }
    if (!anyLarge) {
      double v = -lgammaDiff2(s1, dsum);
      for (int i = 0; i < k; i++) {
        v += lgammaDiff2(a1[i], d[i]);
      }
      return v;
    }
    // lumped components: each large one, and the small ones together (mass sSmall, change dSmall)
    double first = 0;
    double rem = -lgammaDiff2Remainder(s1, dsum);
    double sSmall = 0;
    double dSmall = 0;
    double small = 0;
    for (int i = 0; i < k; i++) {
      if (isLarge[i]) {
        first += lumpedTerm(a1[i], d[i], s1, s2, dsum);
        rem += lgammaDiff2Remainder(a1[i], d[i]);
      } else {
        sSmall += a1[i];
        dSmall += d[i];
        small += lgammaDiff2(a1[i], d[i]);
      }
    }
    if (sSmall > 0) {
      first += lumpedTerm(sSmall, dSmall, s1, s2, dsum);
      small -= sSmall * bd0Ratio(dSmall / sSmall);
    }
    double v = first + rem + small;
    return v;
  }

  /** s2 (a1/s1) bd0Ratio(rho), rho = pi2/pi1 - 1 = (d s1 - a1 D)/(a1 s2): one term of s2 KL(pi2 || pi1). */
  private static double lumpedTerm(double a1, double d, double s1, double s2, double dsum) {
    double rho = diffOfProducts(d, s1, a1, dsum) / (a1 * s2);
    return s2 * (a1 / s1) * bd0Ratio(rho);
  }

  // ------------------------------------------------------------------------ categorical

  /**
   * KL between categoricals from their raw probabilities P, Q (normalised here: p_k / q_k - 1 =
   * (P_k sum D - D_k sum P) / (Q_k sum P), D = Q - P, by a fused difference of products), with
   * the gradient in the normalised p, q.
   */
  static double categoricalProbs(double[][] r, double[][] g) {
    double[] p = r[0];
    double[] q = r[1];
    double[] bigP = r[2];
    double[] bigQ = r[3];
    int k = p.length;
    double sp = 0;
    double sq = 0;
    double sd = 0;
    for (int i = 0; i < k; i++) {
      sp += bigP[i];
      sq += bigQ[i];
      sd += bigQ[i] - bigP[i];
    }
    double v = 0;
    for (int i = 0; i < k; i++) {
      if (bigQ[i] == 0) {
        v += bigP[i] == 0 ? 0 : Double.POSITIVE_INFINITY;
      } else if (bigP[i] == 0) {
        v += bigQ[i] / sq;
      } else {
        double rho = diffOfProducts(bigP[i], sd, bigQ[i] - bigP[i], sp) / (bigQ[i] * sp);
        v += bigQ[i] / sq * bd0Ratio(rho);
      }
    }
    categoricalGrad(p, q, g);
    return v;
  }

  /** KL between categoricals from raw logits: log(p_k/q_k) = delta_k - log sum_j q_j e^delta_j. */
  static double categoricalLogits(double[][] r, double[][] g) {
    double[] l1 = r[2];
    double[] l2 = r[3];
    int k = l1.length;
    double[] lq = logSoftmax(l2);
    double[] lp = logSoftmax(l1);
    double shift = 0; // sum_j q_j expm1(delta_j)
    double[] delta = new double[k];
    for (int i = 0; i < k; i++) {
      delta[i] = l1[i] - l2[i];
      shift += Math.exp(lq[i]) * Math.expm1(delta[i]);
    }
    double big = Math.log1p(shift);
    double v = 0;
    for (int i = 0; i < k; i++) {
      double qi = Math.exp(lq[i]);
      double lr = delta[i] - big; // log(p_i / q_i)
      if (Math.abs(lr) < 1) {
        v += qi * bd0Ratio(Math.expm1(lr));
      } else {
        double pi = Math.exp(lp[i]);
        v += pi * (lp[i] - lq[i]) - pi + qi;
      }
    }
    categoricalGrad(r[0], r[1], g);
    return v;
  }

  /** KL between categoricals from their normalised probabilities (mixed parameterisations). */
  static double categoricalNormalised(double[][] r, double[][] g) {
    double[] p = r[0];
    double[] q = r[1];
    double v = 0;
    for (int i = 0; i < p.length; i++) {
      if (q[i] == 0) {
        v += p[i] == 0 ? 0 : Double.POSITIVE_INFINITY;
      } else if (p[i] == 0) {
        v += q[i];
      } else {
        v += q[i] * bd0Ratio((p[i] - q[i]) / q[i]);
      }
    }
    categoricalGrad(p, q, g);
    return v;
  }

  /** d/dp_k = log(p_k / q_k) + 1, d/dq_k = -p_k / q_k (0 log 0 = 0). */
  private static void categoricalGrad(double[] p, double[] q, double[][] g) {
    for (int i = 0; i < p.length; i++) {
      g[0][i] = (p[i] > 0 ? Math.log(p[i]) - Math.log(q[i]) : 0) + 1;
      g[1][i] = p[i] > 0 ? -p[i] / q[i] : 0;
    }
  }

  private static double[] logSoftmax(double[] l) {
    double[] out = new double[l.length];
    double lse = Special.logSumExp(l);
    for (int i = 0; i < l.length; i++) {
      out[i] = l[i] - lse;
    }
    return out;
  }

  // ------------------------------------------------------------------------ continuous Bernoulli

  /** a_n = B_2n / (2n)!, n = 1..11: A''(t) = sum_n (2n - 1) a_n t^(2n-2). */
  private static final double[] A = {1.0 / 12, -1.0 / 720, 1.0 / 30240, -1.0 / 1209600, 2.087675698786809897921009e-8,
      -5.284190138687493184847682e-10, 1.338253653068467883282698e-11, -3.389680296322582866830195e-13,
      8.586062056277844564135905e-15, -2.174868698558061873041516e-16, 5.509002828360229515202653e-18};
  /** 10-point Gauss-Legendre nodes and weights on [0, 1], the lower half (the rest by symmetry). */
  private static final double[] GL_X = {0.01304673574141413996, 0.06746831665550774463, 0.16029521585048779688,
      0.28330230293537640460, 0.42556283050918439456};
  private static final double[] GL_W = {0.033335672154344068797, 0.074725674575290296573, 0.109543181257991022,
      0.13463335965499817755, 0.14776211235737643509};
  /** Beyond this |l| on both sides of 0, A'' = 1/t^2 to a relative e^-50 t^2. */
  private static final double CB_FAR = 50;

  /**
   * A''(t) = Var[x] of CB with logit t = 1/t^2 - 1/(4 sinh^2(t/2)): the series for |t| &lt; 1
   * (truncation below 1e-18), 1/t^2 - e^-|t| / (1 - e^-|t|)^2 otherwise (cancellation at most a
   * factor 12 at |t| = 1).
   */
  static double cbVariance(double t) {
    double a = Math.abs(t);
    if (a < 1) {
      double t2 = t * t;
      double s = 0;
      for (int n = A.length; n >= 1; n--) {
        s = s * t2 + (2 * n - 1) * A[n - 1];
      }
      return s;
    }
    double e = Math.exp(-a);
    double den = -Math.expm1(-a);
    return 1 / (t * t) - e / (den * den);
  }

  /** A'(t) = E[x] = 1/(1 - e^-t) - 1/t (1/2 + t/12 - t^3/720 near 0). */
  static double cbMean(double t) {
    if (Math.abs(t) < 1e-3) {
      return 0.5 + t / 12 - t * t * t / 720;
    }
    return -1 / Math.expm1(-t) - 1 / t;
  }

  /** A(t) = log((e^t - 1) / t). */
  static double cbLogNormalizer(double t) {
    if (t == 0) {
      return 0;
    }
    if (t > 0) {
      return t + Math.log(-Math.expm1(-t) / t);
    }
    return Math.log(Math.expm1(t) / t);
  }

  /**
   * The Bregman divergence D = A(l1 + delta) - A(l1) - delta A'(l1): for l1, l2 on one side of 0
   * beyond 50, -log1pmx(delta / l1) (A'' = 1/t^2 there); for |delta| &lt;= 200 the composite
   * 10-point Gauss-Legendre rule on panels of length &lt;= 2 of delta^2 int_0^1 (1-u) A''(l1 + u
   * delta) du (A'' is analytic with its nearest poles at +-2 pi i, so each panel is exact to
   * rounding); directly otherwise (then D is large).
   */
  static double cbBregman(double l1, double delta) {
    double l2 = l1 + delta;
    if (delta == 0) {
      return 0;
    }
    if ((l1 >= CB_FAR && l2 >= CB_FAR) || (l1 <= -CB_FAR && l2 <= -CB_FAR)) {
      return -log1pmx(delta / l1);
    }
    double ad = Math.abs(delta);
    if (ad <= 200) {
      int panels = Math.max(1, (int) Math.ceil(ad / 2));
      double h = 1.0 / panels;
      double s = 0;
      for (int p = 0; p < panels; p++) {
        for (int j = 0; j < GL_X.length; j++) {
          for (int side = 0; side < 2; side++) {
            double u = (p + (side == 0 ? GL_X[j] : 1 - GL_X[j])) * h;
            s += GL_W[j] * h * (1 - u) * cbVariance(l1 + u * delta);
          }
        }
      }
      return delta * delta * s;
    }
    return cbLogNormalizer(l2) - cbLogNormalizer(l1) - delta * cbMean(l1);
  }

  /** The logit log(lam / (1 - lam)), as log1p((2 lam - 1)/(1 - lam)) on [1/4, 3/4] (no cancellation at 1/2). */
  static double logit(double lam) {
    if (lam >= 0.25 && lam <= 0.75) {
      return Math.log1p((2 * lam - 1) / (1 - lam));
    }
    return Math.log(lam) - Math.log1p(-lam);
  }

  /** x = {l1, l2, lam1, lam2}: CB from probabilities, delta = log1p((lam2 - lam1) / (lam1 (1 - lam2))). */
  static double cbProbs(double[] x, double[] g) {
    double lam1 = x[2];
    double lam2 = x[3];
    double l1 = logit(lam1);
    double delta = Math.log1p((lam2 - lam1) / (lam1 * (1 - lam2)));
    cbGrad(l1, delta, g);
    return cbBregman(l1, delta);
  }

  /** x = {l1, l2}: CB from logits, delta = l2 - l1. */
  static double cbLogits(double[] x, double[] g) {
    double delta = x[1] - x[0];
    cbGrad(x[0], delta, g);
    return cbBregman(x[0], delta);
  }

  private static void cbGrad(double l1, double delta, double[] g) {
    g[0] = -delta * cbVariance(l1);
    g[1] = cbMean(l1 + delta) - cbMean(l1);
  }
}
