package io.github.jvi.verification.vae2;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.model.LinearGaussianVae;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Generated linear-Gaussian VAEs (D = 5, d = 2) with orthogonal loadings, so that the exact
 * posterior is a diagonal Gaussian, and their exact ELBO in closed form as a graph value of the
 * encoder's parameters (Gaussian integrals, independent of the sampling code):
 *
 * <pre>
 * ELBO(x) = -D/2 log(2 pi sigma^2) - (|x - W mu - b|^2 + sum_j s_j^2 |w_j|^2) / (2 sigma^2)
 *           - sum_j [ (mu_j^2 + s_j^2) / 2 - log s_j - 1/2 ]
 * </pre>
 */
final class LinearGaussianModels {
  static final int PIXELS = 5;
  static final int LATENT = 2;
  private static final DataType D = DataType.DOUBLE;

  private LinearGaussianModels() {}

  /** W with orthogonal columns of norms in [0.4, 2], b ~ N(0, 0.25 I), sigma in [0.3, 1.2]. */
  static LinearGaussianVae generate(long seed) {
    Rng r = Rng.of(seed);
    INDArray g = r.normal(D, PIXELS, LATENT);
    INDArray c0 = g.getColumn(0).dup();
    c0.divi(c0.norm2Number());
    INDArray c1 = g.getColumn(1).dup();
    c1.subi(c0.mul(c1.mul(c0).sumNumber()));
    c1.divi(c1.norm2Number());
    INDArray w = Nd4j.vstack(c0.reshape(1, PIXELS).muli(0.4 + 1.6 * r.nextDouble()),
        c1.reshape(1, PIXELS).muli(0.4 + 1.6 * r.nextDouble())).transpose().dup();
    INDArray b = r.normal(D, PIXELS).muli(0.5);
    return LinearGaussianVae.of(w, b, 0.3 + 0.9 * r.nextDouble(), D);
  }

  /** Sets the encoder away from the posterior: A ~ N(0, 0.09), c ~ N(0, 0.04), t ~ U(-0.5, 0.3). */
  static void perturbEncoder(LinearGaussianVae m, long seed) {
    Rng r = Rng.of(seed);
    m.setEncoder(r.normal(D, PIXELS, LATENT).muli(0.3), r.normal(D, LATENT).muli(0.2),
        r.uniform(D, LATENT).muli(0.8).subi(0.5));
  }

  /** n draws x = W z + b + sigma eps from the model. */
  static INDArray data(LinearGaussianVae m, int n, long seed) {
    Rng r = Rng.of(seed);
    INDArray z = r.normal(D, n, LATENT);
    return z.mmul(m.loadings().transpose()).addiRowVector(m.offset()).addi(r.normal(D, n, PIXELS).muli(m.sigma()));
  }

  /** The mean over rows of x of the exact ELBO, for encoder weight [D, 2d] and bias [2d]. */
  static Var exactElbo(LinearGaussianVae m, Var encW, Var encB, INDArray x) {
    int d = LATENT;
    double s2 = m.sigma() * m.sigma();
    Var h = Var.constant(x).matmul(encW).add(encB);
    Var mu = h.get(NDArrayIndex.all(), NDArrayIndex.interval(0, d));
    Var ls = h.get(NDArrayIndex.all(), NDArrayIndex.interval(d, 2 * d));
    Var var = ls.mul(2.0).exp();
    INDArray w = m.loadings();
    Var resid = Var.constant(x).sub(mu.matmul(Var.constant(w.transpose().dup()))).sub(Var.constant(m.offset()));
    Var trace = var.mul(Var.constant(w.mul(w).sum(0).reshape(1, d))).sum(1);
    Var rec = resid.square().sum(1).add(trace).mul(-0.5 / s2).sub(0.5 * PIXELS * Math.log(2 * Math.PI * s2));
    Var kl = mu.square().add(var).mul(0.5).sub(ls).sub(0.5).sum(1);
    return rec.sub(kl).mean();
  }
}
