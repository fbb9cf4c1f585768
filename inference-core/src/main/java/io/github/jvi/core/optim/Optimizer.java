package io.github.jvi.core.optim;

import io.github.jvi.core.autodiff.Gradients;
import io.github.jvi.core.autodiff.Var;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A first-order optimiser that minimises: {@code step(params, grads)} moves every parameter in
 * place against its gradient. Per-parameter state (moments, accumulators) is matched to the
 * parameters by position, so pass them in the same order every step.
 */
public interface Optimizer {
  /** One update of every parameter in place; {@code grads.get(i)} is d loss / d params.get(i). */
  void step(List<INDArray> params, List<INDArray> grads);

  /** One update of the given leaf parameters using their gradients in {@code grads}. */
  default void step(List<Var> params, Gradients grads) {
    List<INDArray> p = new ArrayList<>(params.size());
    List<INDArray> g = new ArrayList<>(params.size());
    for (Var v : params) {
      p.add(v.value());
      g.add(grads.get(v));
    }
    step(p, g);
  }

  /** Number of steps taken. */
  long steps();

  /** The optimiser's state (copies), for checkpoints; restore with {@link #restore}. */
  List<INDArray> state();

  /** Restores a state from {@link #state()} of an optimiser with the same settings and parameters. */
  void restore(long steps, List<INDArray> state);
}
