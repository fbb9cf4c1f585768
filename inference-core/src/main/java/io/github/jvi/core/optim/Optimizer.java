package io.github.jvi.core.optim;

import io.github.jvi.core.autodiff.Gradients;
import io.github.jvi.core.autodiff.Var;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A first-order optimiser that minimises: {@code step(params, grads)} moves every parameter in
 * place against its gradient.
 *
 * <p>Per-parameter state (moments, accumulators) is keyed by the identity of the parameter array,
 * as torch keys it by the parameter tensor: pass the same arrays (for {@link Var} leaves, their
 * {@link Var#value()}) every step, in any order; an array the optimiser has not seen gets fresh
 * state. {@link #state()} lists the state in the order the parameters were first passed, and after
 * {@link #restore} it attaches to parameters in the order they are next first passed.
 *
 * <p>The in-place rule: an optimiser writes new values into the parameter arrays and checks
 * nothing about them. Anything built around a leaf and kept across steps sees the new values
 * without being validated again: a {@code Normal.of(loc, scale)} built once around a scale leaf
 * checks {@code scale > 0} at construction, and a step can later make the scale negative, after
 * which its densities are silently wrong. Two ways to stay valid, both used throughout jvi:
 * optimise unconstrained leaves (a log-scale, logits) and map them to the constrained parameter
 * inside the graph each step ({@code logScale.exp()}, a softplus), or build the distribution from
 * the leaves inside every step, so that its factory's check runs on the current values (the cost
 * is one pass over the parameter, negligible beside the step).
 */
public interface Optimizer {
  /** One update of every parameter in place; {@code grads.get(i)} is d loss / d params.get(i). */
  void step(List<INDArray> params, List<INDArray> grads);

  /**
   * One update of the given leaf parameters using their gradients in {@code grads}; the state of
   * each is keyed by its {@code value()} array, which is updated in place.
   */
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

  /**
   * Restores a state from {@link #state()} of an optimiser with the same settings; the restored
   * per-parameter states attach, in order, to the next parameters passed that this optimiser has
   * not seen (so pass them in the order of the first step before the checkpoint). Forgets the
   * parameters seen before.
   */
  void restore(long steps, List<INDArray> state);
}
