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

  /** f - a* h per column, with a*_d = Cov(f_d, h_d) / Var(h_d) from the same rows. */
  static INDArray controlled(INDArray f, INDArray h) {
    INDArray hc = h.subRowVector(h.mean(0));
    INDArray fc = f.subRowVector(f.mean(0));
    INDArray a = fc.muli(hc).sum(0).divi(hc.mul(hc).sum(0));
    return f.sub(h.mulRowVector(a));
  }
}
