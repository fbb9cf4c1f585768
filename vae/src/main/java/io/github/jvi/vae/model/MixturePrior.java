package io.github.jvi.vae.model;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.nn.Parameters;
import io.github.jvi.vae.nn.Params;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A learnable mixture of K diagonal Gaussians, p(z) = sum_k pi_k N(z; m_k, diag(exp(2 s_k))), with
 * pi = softmax(w). Parameters {@code prior.logits} [K], {@code prior.means} [K, d] (initialised
 * from N(0, I)) and {@code prior.logScales} [K, d] (initialised at 0).
 *
 * <pre>
 * log p(z) = logsumexp_k [ log pi_k + sum_j ( -(z_j - m_kj)^2 exp(-2 s_kj) / 2 - s_kj - log(2 pi)/2 ) ]
 * </pre>
 * There is no closed-form KL(q || p); the ELBO uses the single-sample Monte Carlo estimate
 * log q(z) - log p(z) at the reparameterised draw (as in Tomczak &amp; Welling 2018, VampPrior paper,
 * for a mixture prior).
 */
public final class MixturePrior implements Prior {
  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
  private final int dim;
  private final int components;
  private final int logits;
  private final int means;
  private final int logScales;

  private MixturePrior(int dim, int components, int logits, int means, int logScales) {
    this.dim = dim;
    this.components = components;
    this.logits = logits;
    this.means = means;
    this.logScales = logScales;
  }

  /** Registers the mixture's parameters in {@code store}; K, d &gt;= 1. */
  public static MixturePrior of(Parameters store, int dim, int components, Rng rng) {
    if (dim < 1 || components < 1) {
      throw new IllegalArgumentException("dim and components must be >= 1, found " + dim + " and " + components);
    }
    int w = store.add("prior.logits", Nd4j.zeros(store.dataType(), components));
    int m = store.add("prior.means", rng.normal(store.dataType(), components, dim));
    int s = store.add("prior.logScales", Nd4j.zeros(store.dataType(), components, dim));
    return new MixturePrior(dim, components, w, m, s);
  }

  /** Number of components K. */
  public int components() {
    return components;
  }

  @Override
  public int latentDim() {
    return dim;
  }

  @Override
  public Var logProb(Params p, Var z) {
    Var comp = componentLogDensities(z, p.get(means), p.get(logScales)); // [n, K]
    Var logPi = p.get(logits).logSoftmax(0);
    return comp.add(logPi).logSumExp(1);
  }

  /**
   * log N(z_i; m_k, diag(exp(2 s_k))) for z [n, d], means m [K, d] and log-scales s [K, d], as
   * [n, K].
   */
  static Var componentLogDensities(Var z, Var m, Var s) {
    long n = z.shape()[0];
    long d = z.shape()[1];
    Var zz = z.reshape(n, 1, d);
    Var diff = zz.sub(m); // [n, K, d]
    Var quad = diff.square().mul(s.mul(-2.0).exp()).sum(2).mul(-0.5); // [n, K]
    return quad.sub(s.sum(1)).sub(HALF_LOG_2PI * d); // [n, K]
  }

  @Override
  public INDArray sample(Params p, Rng rng, int n) {
    INDArray w = p.get(logits).value();
    INDArray pi = Transforms.softmax(w.reshape(1, components), true).reshape(components);
    double[] cdf = new double[components];
    double acc = 0;
    for (int k = 0; k < components; k++) {
      acc += pi.getDouble(k);
      cdf[k] = acc;
    }
    int[] which = new int[n];
    for (int i = 0; i < n; i++) {
      double u = rng.nextDouble() * acc;
      int k = 0;
      while (k < components - 1 && u >= cdf[k]) {
        k++;
      }
      which[i] = k;
    }
    INDArray m = Nd4j.pullRows(p.get(means).value(), 1, which);
    INDArray sd = Transforms.exp(Nd4j.pullRows(p.get(logScales).value(), 1, which), false);
    return rng.normal(m.dataType(), n, dim).muli(sd).addi(m);
  }
}
