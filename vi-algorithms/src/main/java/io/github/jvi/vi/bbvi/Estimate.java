package io.github.jvi.vi.bbvi;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One gradient estimate.
 *
 * @param gradient the estimate of grad_lambda L, float64 [D]
 * @param variance the estimated variance of each component of the estimate: the sample variance
 *     (divisor S - 1) of the S per-draw terms it averages, divided by S; NaN when S = 1
 * @param elbo the Monte Carlo ELBO estimate mean_s (log p(x, z_s) - log q(z_s))
 */
public record Estimate(INDArray gradient, INDArray variance, double elbo) {}
