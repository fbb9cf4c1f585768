package io.github.jvi.core.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-parameter state arrays (k slots per parameter), created as zeros on first use and keyed by
 * the identity of the parameter array ({@link ParameterKeyed}): reordering the parameters between
 * steps does not swap their state. {@link #copy()} and {@link #restore(List)} use the flat list
 * slot k of the i-th parameter (in order of first use) at index i * perParam + k, null where a slot
 * was never used.
 */
final class StateSlots {
  private final int perParam;
  private final ParameterKeyed<INDArray[]> slots = new ParameterKeyed<>();

  StateSlots(int perParam) {
    this.perParam = perParam;
  }

  /** Slot {@code k} of parameter {@code p}, zeros shaped like {@code p} on first use. */
  INDArray get(INDArray p, int k) {
    INDArray[] group = slots.get(p, () -> new INDArray[perParam], (g, i) -> {
      for (INDArray s : g) {
        if (s != null && !Arrays.equals(s.shape(), p.shape())) {
          throw new IllegalArgumentException("restored state of parameter " + i + " has shape "
              + Arrays.toString(s.shape()) + " but the parameter passed has shape " + Arrays.toString(p.shape())
              + "; pass parameters in the order of the first step before the checkpoint");
        }
      }
    });
    INDArray s = group[k];
    if (s == null) {
      // state outlives any workspace the step may run in: allocate it outside
      try (org.nd4j.linalg.api.memory.MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
        s = Nd4j.zeros(p.dataType(), p.shape());
      }
      group[k] = s;
    }
    return s;
  }

  List<INDArray> copy() {
    List<INDArray> out = new ArrayList<>();
    try (org.nd4j.linalg.api.memory.MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      for (INDArray[] group : slots.inOrder()) {
        for (INDArray s : group) {
          out.add(s == null ? null : s.dup());
        }
      }
    }
    return out;
  }

  void restore(List<INDArray> state) {
    if (state.size() % perParam != 0) {
      throw new IllegalArgumentException("state must hold " + perParam + " arrays per parameter, found "
          + state.size());
    }
    List<INDArray[]> groups = new ArrayList<>();
    try (org.nd4j.linalg.api.memory.MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      for (int i = 0; i < state.size(); i += perParam) {
        INDArray[] group = new INDArray[perParam];
        for (int k = 0; k < perParam; k++) {
          INDArray s = state.get(i + k);
          group[k] = s == null ? null : s.dup();
        }
        groups.add(group);
      }
    }
    slots.restore(groups);
  }

  static void checkSizes(List<INDArray> params, List<INDArray> grads) {
    if (params.size() != grads.size()) {
      throw new IllegalArgumentException("grads must match params: " + params.size() + " params, "
          + grads.size() + " grads");
    }
  }
}
