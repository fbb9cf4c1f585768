package io.github.jvi.vi.bbvi;

/**
 * Reductions shared by the estimators, one column at a time over the S per-draw terms
 * f_d(z_s) = h_d(z_s) w_d(z_s) (h the score, w the weight of column d: log p - log q, or the
 * Markov-blanket weight). Each is a few passes of plain loops over S doubles; moments are
 * two-pass (centred), so nothing cancels whatever the scale of the terms.
 */
final class Terms {
  private Terms() {}

  /** The weight of every column: log p - log q. */
  static double[][] sameWeight(ScoreBatch batch) {
    double[][] w = new double[batch.dimension()][];
    java.util.Arrays.fill(w, batch.weight());
    return w;
  }

  /** The plain estimate: g_d = mean_s f_d, its variance (sample variance / S), the ELBO estimate. */
  static Estimate estimate(ScoreBatch batch, double[][] w) {
    return reduce(batch, w, (t, h) -> { });
  }

  /**
   * The control-variate estimate with a*_d = Cov(f_d, h_d) / Var(h_d) from the same draws: the
   * mean of the terms f_d - a*_d h_d and their variance (divisor S - 1) divided by S, taken from
   * the controlled terms themselves (not as Var f - Cov^2 / Var h, which cancels when the control
   * variate works well).
   */
  static Estimate controlVariate(ScoreBatch batch, double[][] w) {
    return reduce(batch, w, Terms::controlWithSameDraws);
  }

  /**
   * The leave-one-out control-variate estimate: term s of column d is f_d(z_s) - a_{-s,d} h_d(z_s)
   * with a_{-s,d} = Cov(f_d, h_d) / Var(h_d) from the other S - 1 draws (needs S &gt;= 3), which is
   * independent of h_d(z_s), so E[a_{-s} h_s] = 0. The other draws' co-moments come from the
   * centred sums over all draws minus draw s's share (O(S) per column, not O(S^2)).
   */
  static Estimate controlledLeaveOneOut(ScoreBatch batch, double[][] w) {
    return reduce(batch, w, Terms::controlLeavingOneOut);
  }

  /** How the terms t = f_d of one column are controlled, in place, with that column's score h_d. */
  private interface Control {
    void apply(double[] t, double[] h);
  }

  /** Per column d: t = h_d w_d, controlled, then its mean and variance; and the ELBO estimate. */
  private static Estimate reduce(ScoreBatch batch, double[][] w, Control control) {
    double[][] h = batch.score();
    int dim = batch.dimension();
    double[] t = new double[batch.samples()];
    double[] g = new double[dim];
    double[] var = new double[dim];
    for (int d = 0; d < dim; d++) {
      products(h[d], w[d], t);
      control.apply(t, h[d]);
      moments(t, d, g, var);
    }
    return new Estimate(g, var, mean(batch.weight()));
  }

  /** t - a* h with a* = Cov(t, h) / Var(h) from all draws. */
  private static void controlWithSameDraws(double[] t, double[] h) {
    int s = t.length;
    double fm = mean(t);
    double hm = mean(h);
    double cov = 0;
    double varH = 0;
    for (int i = 0; i < s; i++) {
      double hc = h[i] - hm;
      cov += (t[i] - fm) * hc;
      varH += hc * hc;
    }
    // a constant score column (every draw alike, as a near-certain discrete latent gives) carries
    // no control: a* = 0 rather than 0/0
    double a = varH > 0 ? cov / varH : 0.0;
    for (int i = 0; i < s; i++) {
      t[i] -= a * h[i];
    }
  }

  /** t_s - a_{-s} h_s with a_{-s} = Cov(t, h) / Var(h) from the draws other than s. */
  private static void controlLeavingOneOut(double[] t, double[] h) {
    int s = t.length;
    double others = s - 1;
    double fm = mean(t);
    double hm = mean(h);
    double sf = 0;
    double sh = 0;
    double sfh = 0;
    double shh = 0;
    for (int i = 0; i < s; i++) {
      double fc = t[i] - fm;
      double hc = h[i] - hm;
      sf += fc;
      sh += hc;
      sfh += fc * hc;
      shh += hc * hc;
    }
    for (int i = 0; i < s; i++) {
      double fc = t[i] - fm;
      double hc = h[i] - hm;
      double restF = sf - fc; // sums over the other draws
      double restH = sh - hc;
      double cov = sfh - fc * hc - restF * restH / others;
      double varH = shh - hc * hc - restH * restH / others;
      t[i] -= varH > 0 ? cov / varH * h[i] : 0.0;
    }
  }

  /** t_s = h_s w_s. */
  private static void products(double[] h, double[] w, double[] t) {
    for (int i = 0; i < t.length; i++) {
      t[i] = h[i] * w[i];
    }
  }

  /** g[d] = mean of t; var[d] = its sample variance (divisor S - 1) / S, NaN when S = 1. */
  private static void moments(double[] t, int d, double[] g, double[] var) {
    int s = t.length;
    double m = mean(t);
    double ss = 0;
    for (double v : t) {
      ss += (v - m) * (v - m);
    }
    g[d] = m;
    var[d] = s > 1 ? ss / (s - 1) / s : Double.NaN;
  }

  static double mean(double[] x) {
    double sum = 0;
    for (double v : x) {
      sum += v;
    }
    return sum / x.length;
  }
}
