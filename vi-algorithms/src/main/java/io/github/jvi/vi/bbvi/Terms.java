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

  /** f - a* h per column, with a*_d = Cov(f_d, h_d) / Var(h_d) from the same rows. */
  static INDArray controlled(INDArray f, INDArray h) {
    INDArray hc = h.subRowVector(h.mean(0));
    INDArray fc = f.subRowVector(f.mean(0));
    INDArray a = fc.muli(hc).sum(0).divi(hc.mul(hc).sum(0));
    return f.sub(h.mulRowVector(a));
  }
}
