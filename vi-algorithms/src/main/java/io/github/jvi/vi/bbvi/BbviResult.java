package io.github.jvi.vi.bbvi;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The result of a BBVI run of T iterations. Iteration t draws at lambda_t and steps to
 * lambda_{t+1}; traces indexed by iteration have T entries, traces of the iterates T + 1 (index 0
 * is the start, index T the result).
 *
 * @param estimator the estimator's name
 * @param samples S, draws per iteration
 * @param lambda the final lambda_T, float64 [D]
 * @param elboEstimate the Monte Carlo ELBO estimate at each iteration (T)
 * @param exactElbo the exact ELBO of each iterate (T + 1), NaN where the model has none
 * @param summaryNames names of the summaries (e.g. E_mu, E_tau)
 * @param summaries summaries[t][k] of each iterate (T + 1)
 * @param gradientVariance gradientVariance[t][d], the estimated variance of the estimate at
 *     iteration t (T)
 * @param monitorVariance for each monitored estimator, its estimated variance on the same draws
 *     at the same iterates ([T][D])
 */
public record BbviResult(String estimator, int samples, INDArray lambda, double[] elboEstimate,
    double[] exactElbo, List<String> summaryNames, double[][] summaries, double[][] gradientVariance,
    Map<String, double[][]> monitorVariance) {
  /** T. */
  public int iterations() {
    return elboEstimate.length;
  }

  /** The exact ELBO of the final iterate. */
  public double finalElbo() {
    return exactElbo[exactElbo.length - 1];
  }

  /** The final value of summary k. */
  public double finalSummary(int k) {
    return summaries[summaries.length - 1][k];
  }

  /** The trace of summary k over the iterates (T + 1). */
  public double[] summaryTrace(int k) {
    double[] out = new double[summaries.length];
    for (int t = 0; t < out.length; t++) {
      out[t] = summaries[t][k];
    }
    return out;
  }
}
