package io.github.jvi.vi.cavi;

import java.io.Serializable;
import java.util.Objects;

/**
 * The local (E-) step of a conjugate mixture on rows of plain doubles, for data that arrive in
 * pieces (a stream's minibatches, a Spark partition): with the logit coefficients of the current
 * global factors (see {@link MixtureEngine}),
 * <pre>
 * log rho_nk = alpha_k + beta_k . u_n + gamma_k . y + y^T Q_k y,   y = x_n - r_k,
 * r_nk = rho_nk / sum_j rho_nj
 * </pre>
 * evaluated about each component's reference point r_k (no expansion about the origin, so no
 * precision is lost for narrow, distant components), and the responsibilities' statistics are
 * added to a {@link MixtureStatistics} about the same r_k, with sum_n log sum_k rho_nk. For the
 * mixtures here q(z_n) depends on the global factors alone, so this single step is the exact local
 * optimum (the "local CAVI" of Hoffman et al. 2013, Algorithm 2, converges in one step).
 *
 * <p>It is {@link Serializable} (plain arrays) so that Spark can broadcast it. Cost: O(K D^2) per
 * point, K exponentials and one logarithm.
 */
public final class MixtureLocalStep implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int k;
  private final int d;
  private final int u;
  private final double[] alpha;
  private final double[] beta;
  private final double[] ref;
  private final double[] gamma;
  private final double[] quad;

  private MixtureLocalStep(MixtureEngine.Logit[] logits) {
    this.k = logits.length;
    this.d = logits[0].ref().length;
    this.u = logits[0].beta().length;
    alpha = new double[k];
    beta = new double[k * u];
    ref = new double[k * d];
    gamma = new double[k * d];
    quad = new double[k * d * d];
    for (int c = 0; c < k; c++) {
      MixtureEngine.Logit lg = logits[c];
      alpha[c] = lg.alpha();
      System.arraycopy(lg.beta(), 0, beta, c * u, u);
      System.arraycopy(lg.ref(), 0, ref, c * d, d);
      System.arraycopy(lg.gamma(), 0, gamma, c * d, d);
      for (int i = 0; i < d; i++) {
        System.arraycopy(lg.quad()[i], 0, quad, (c * d + i) * d, d);
      }
    }
  }

  static MixtureLocalStep of(MixtureEngine.Logit[] logits) {
    Objects.requireNonNull(logits, "logits");
    return new MixtureLocalStep(logits);
  }

  /** K. */
  public int components() {
    return k;
  }

  /** Numbers per row: U non-location features followed by the D location coordinates. */
  public int width() {
    return u + d;
  }

  /** Empty statistics about this step's reference points. */
  public MixtureStatistics emptyStatistics() {
    double[][] refs = new double[k][d];
    for (int c = 0; c < k; c++) {
      System.arraycopy(ref, c * d, refs[c], 0, d);
    }
    return MixtureStatistics.empty(refs, u);
  }

  /**
   * Adds the rows [from, to) of a row-major array ({@link #width()} numbers per row, in the
   * model's centred coordinates) to {@code acc} (which must be about this step's reference points).
   */
  public void accumulate(double[] rows, int from, int to, MixtureStatistics acc) {
    int w = u + d;
    double[] logit = new double[k];
    double[] y = new double[k * d]; // x - r_c for every component, kept for the statistics
    double[] n = acc.n;
    double[] su = acc.su;
    double[] sy = acc.y;
    double[] syy = acc.yy;
    for (int p = from; p < to; p++) {
      int o = p * w;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        double l = alpha[c];
        for (int i = 0; i < u; i++) {
          l += beta[c * u + i] * rows[o + i];
        }
        int base = c * d;
        for (int i = 0; i < d; i++) {
          y[base + i] = rows[o + u + i] - ref[base + i];
        }
        for (int i = 0; i < d; i++) {
          double qi = gamma[base + i];
          int row = (base + i) * d;
          for (int j = 0; j < d; j++) {
            qi += quad[row + j] * y[base + j];
          }
          l += qi * y[base + i];
        }
        logit[c] = l;
        max = Math.max(max, l);
      }
      if (!(max > Double.NEGATIVE_INFINITY)) {
        throw new IllegalStateException("mixture E-step: no component has a finite log-probability at a point ("
            + "non-finite data or an overflow in the logits)");
      }
      double s = 0;
      for (int c = 0; c < k; c++) {
        logit[c] = Math.exp(logit[c] - max);
        s += logit[c];
      }
      acc.lse += max + Math.log(s);
      for (int c = 0; c < k; c++) {
        double r = logit[c] / s;
        n[c] += r;
        for (int i = 0; i < u; i++) {
          su[c * u + i] += r * rows[o + i];
        }
        int base = c * d;
        for (int i = 0; i < d; i++) {
          double ry = r * y[base + i];
          sy[base + i] += ry;
          int row = (base + i) * d;
          for (int j = 0; j < d; j++) {
            syy[row + j] += ry * y[base + j];
          }
        }
      }
    }
    acc.points += to - from;
  }
}
