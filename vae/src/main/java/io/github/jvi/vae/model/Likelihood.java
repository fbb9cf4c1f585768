package io.github.jvi.vae.model;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.data.Pixels;
import io.github.jvi.vae.nn.Params;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The observation model p(x|z) given the decoder output for z: log-densities summed over pixels,
 * means and samples. Learnable likelihood parameters (a per-pixel variance) live in the model's
 * {@link io.github.jvi.vae.nn.Parameters}.
 */
public interface Likelihood {
  /** The decoder output width for D pixels. */
  int decoderOutputs(int pixels);

  /** The pixel encoding this likelihood is defined on (binary for Bernoulli). */
  Pixels pixels();

  /** log p(x_i | z_i) summed over pixels: decoder output [n, outputs], x [n, D] -&gt; [n]. */
  Var logProb(Params p, Var out, INDArray x);

  /** E[x | z], [n, D]. */
  INDArray mean(Params p, INDArray out);

  /** One draw of x | z, [n, D]. */
  INDArray sample(Params p, INDArray out, Rng rng);
}
