package io.github.jvi.core.optim;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Per-parameter optimiser state keyed by the identity of the parameter array (the leaf's value,
 * which the optimisers update in place, or the caller's {@code double[]}), as torch keys its state
 * by the parameter tensor: passing the parameters in another order, or only some of them, in a
 * step does not move one parameter's state to another.
 *
 * <p>Checkpoints: {@link #inOrder()} lists the states in the order their parameters were first
 * seen; after {@link #restore(List)} the restored states are attached, in that order, to the
 * parameters the optimiser meets first (so a checkpoint restores correctly when the first step
 * after it passes the parameters in the order of the first step before it). The store keeps a
 * reference to every parameter it has seen.
 */
final class ParameterKeyed<S> {
  private final Map<Object, S> byParameter = new IdentityHashMap<>();
  private final List<S> order = new ArrayList<>();
  private final List<S> pending = new ArrayList<>(); // restored, attached from index next on (null: fresh)
  private int next;

  /**
   * The state of {@code parameter}: a restored one not yet attached (checked by {@code validate},
   * which receives it and the position among the restored states, and throws if it does not fit),
   * else {@code fresh}; created on first use.
   */
  S get(Object parameter, Supplier<S> fresh, BiConsumer<S, Integer> validate) {
    S s = byParameter.get(parameter);
    if (s == null) {
      int position = order.size();
      s = next < pending.size() ? pending.get(next++) : null;
      if (s != null) {
        validate.accept(s, position);
      } else {
        s = fresh.get();
      }
      byParameter.put(parameter, s);
      order.add(s);
    }
    return s;
  }

  /** The states in the order their parameters were first seen, then any restored ones not yet attached. */
  List<S> inOrder() {
    List<S> out = new ArrayList<>(order);
    out.addAll(pending.subList(next, pending.size()));
    return out;
  }

  /** Forgets every parameter; the given states attach to the next new parameters in order. */
  void restore(List<S> states) {
    byParameter.clear();
    order.clear();
    pending.clear();
    pending.addAll(states);
    next = 0;
  }
}
