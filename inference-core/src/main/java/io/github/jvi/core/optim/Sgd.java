package io.github.jvi.core.optim;

import io.github.jvi.core.util.Check;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stochastic gradient descent with optional heavy-ball momentum:
 * v &lt;- mu v + g, theta &lt;- theta - lr v (mu = 0: plain SGD, theta &lt;- theta - lr g).
 */
public final class Sgd implements Optimizer {
  private final double lr;
  private final double momentum;
  private final StateSlots velocity = new StateSlots(1);
  private long steps;

  private Sgd(double lr, double momentum) {
    this.lr = lr;
    this.momentum = momentum;
  }

  /** Plain SGD with learning rate lr &gt; 0. */
  public static Sgd of(double lr) {
    return of(lr, 0.0);
  }

  /** SGD with momentum in [0, 1). */
  public static Sgd of(double lr, double momentum) {
    Check.positive("lr", lr);
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), found " + momentum);
    }
    return new Sgd(lr, momentum);
  }

  @Override
  public void step(List<INDArray> params, List<INDArray> grads) {
    StateSlots.checkSizes(params, grads);
    for (int i = 0; i < params.size(); i++) {
      INDArray g = grads.get(i);
      if (momentum == 0) {
        params.get(i).subi(g.mul(lr));
      } else {
        INDArray v = velocity.get(params.get(i), 0);
        v.muli(momentum).addi(g);
        params.get(i).subi(v.mul(lr));
      }
    }
    steps++;
  }

  @Override
  public long steps() {
    return steps;
  }

  @Override
  public List<INDArray> state() {
    return velocity.copy();
  }

  @Override
  public void restore(long steps, List<INDArray> state) {
    this.steps = steps;
    velocity.restore(state);
  }
}
