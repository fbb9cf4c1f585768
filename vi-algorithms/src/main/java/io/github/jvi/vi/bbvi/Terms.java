package io.github.jvi.vi.bbvi;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Reductions shared by the estimators, over the S per-draw terms of an [S, D] array. */
final class Terms {
  private Terms() {}

  /** The mean of the rows, its estimated variance (sample variance / S) and the ELBO estimate. */
  static Estimate estimate(INDArray f, INDArray w) {
    long s = f.size(0);
    INDArray g = f.mean(0);
    INDArray var = s > 1 ? f.var(true, 0).divi(s) : Nd4j.valueArrayOf(g.shape(), Double.NaN, g.dataType());
    return new Estimate(g, var, w.meanNumber().doubleValue());
  }

  /**
   * f - a h per column where row s uses a_{-s,d} = Cov(f_d, h_d) / Var(h_d) computed from the
   * other S - 1 rows (needs S &gt;= 3): the scale is independent of h_s, so E[a_{-s} h_s] = 0.
   */
  static INDArray controlledLeaveOneOut(INDArray f, INDArray h) {
    long s = f.size(0);
    double m = s - 1;
    INDArray sf = f.sum(true, 0);
    INDArray sh = h.sum(true, 0);
    INDArray sfh = f.mul(h).sum(true, 0);
    INDArray shh = h.mul(h).sum(true, 0);
    INDArray restF = f.rsubRowVector(sf); // sum over the other rows, [S, D]
    INDArray restH = h.rsubRowVector(sh);
    INDArray cov = f.mul(h).rsubiRowVector(sfh).subi(restF.mul(restH).divi(m));
    INDArray var = h.mul(h).rsubiRowVector(shh).subi(restH.muli(restH).divi(m));
    return f.sub(cov.divi(var).muli(h));
  }

  /**
   * The control-variate estimate with a*_d = Cov(f_d, h_d) / Var(h_d) from the same rows, from the
   * column means of f, h, f h, h^2, f^2 and w (one reduction; the rest is arithmetic on D numbers):
   * g = mean f - a* mean h, and the variance of the terms f - a* h is
   * Var f - 2 a* Cov(f, h) + a*^2 Var h (divisor S - 1), divided by S. The one-pass moments are
   * safe here because E[h] = 0 (no cancellation in Cov and Var h); the variance of the controlled
   * terms, a difference, loses log10(Var f / Var(f - a* h)) digits (at most about 5).
   */
  static Estimate controlVariate(INDArray f, INDArray h, INDArray w) {
    int s = (int) f.size(0);
    int d = (int) f.size(1);
    double[] m = Nd4j.hstack(f, h, f.mul(h), h.mul(h), f.mul(f), w.reshape(s, 1)).mean(0).toDoubleVector();
    double[] g = new double[d];
    double[] var = new double[d];
    double bessel = s / (s - 1.0);
    for (int j = 0; j < d; j++) {
      double mf = m[j];
      double mh = m[d + j];
      double cov = m[2 * d + j] - mf * mh;
      double varH = m[3 * d + j] - mh * mh;
      double varF = m[4 * d + j] - mf * mf;
      double a = cov / varH;
      g[j] = mf - a * mh;
      var[j] = Math.max(varF - 2 * a * cov + a * a * varH, 0) * bessel / s;
    }
    return new Estimate(Nd4j.createFromArray(g), Nd4j.createFromArray(var), m[5 * d]);
  }
}
