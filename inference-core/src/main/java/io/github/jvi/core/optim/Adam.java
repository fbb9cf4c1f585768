package io.github.jvi.core.optim;

import io.github.jvi.core.util.Check;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam (Kingma &amp; Ba 2015, Algorithm 1): m &lt;- b1 m + (1 - b1) g, v &lt;- b2 v + (1 - b2) g^2,
 * theta &lt;- theta - lr_t m / (sqrt(v) + eps_hat) with the bias correction folded into the step,
 * lr_t = lr sqrt(1 - b2^t) / (1 - b1^t) (the paper's "efficient" form, section 2).
 */
public final class Adam implements Optimizer {
  private final double lr;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final StateSlots moments = new StateSlots(2);
  private final StateSlots update = new StateSlots(1); // scratch for the step, not state
  private long steps;

  private Adam(double lr, double beta1, double beta2, double eps) {
    this.lr = lr;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
  }

  /** Adam with the paper's defaults b1 = 0.9, b2 = 0.999, eps = 1e-8. */
  public static Adam of(double lr) {
    return of(lr, 0.9, 0.999, 1e-8);
  }

  /** Adam with explicit settings; betas in [0, 1), lr and eps &gt; 0. */
  public static Adam of(double lr, double beta1, double beta2, double eps) {
    Check.positive("lr", lr);
    if (!(beta1 >= 0 && beta1 < 1)) {
      throw new IllegalArgumentException("beta1 must be in [0, 1), found " + beta1);
    }
    if (!(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("beta2 must be in [0, 1), found " + beta2);
    }
    Check.positive("eps", eps);
    return new Adam(lr, beta1, beta2, eps);
  }

  /** The learning rate. */
  public double learningRate() {
    return lr;
  }

  @Override
  public void step(List<INDArray> params, List<INDArray> grads) {
    StateSlots.checkSizes(params, grads);
    steps++;
    for (int i = 0; i < params.size(); i++) {
      INDArray p = params.get(i);
      INDArray g = grads.get(i);
      INDArray m = moments.get(i, 0, p);
      INDArray v = moments.get(i, 1, p);
      INDArray u = update.get(i, 0, p);
      // one native pass computes m, v and the step u = lr_t m / (sqrt(v) + eps) (the same formula,
      // libnd4j's adam_updater with iteration t - 1); then p -= u
      Nd4j.exec(new AdamUpdater(g.castTo(p.dataType()), v, m, u, v, m, lr, beta1, beta2, eps, (int) (steps - 1)));
      p.subi(u);
    }
  }

  @Override
  public long steps() {
    return steps;
  }

  @Override
  public List<INDArray> state() {
    return moments.copy();
  }

  @Override
  public void restore(long steps, List<INDArray> state) {
    this.steps = steps;
    moments.restore(state);
  }
}
