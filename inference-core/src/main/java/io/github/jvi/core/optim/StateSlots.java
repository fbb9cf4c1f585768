package io.github.jvi.core.optim;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Per-parameter state arrays (k slots per parameter), created as zeros on first use. */
final class StateSlots {
  private final int perParam;
  private final List<INDArray> slots = new ArrayList<>();

  StateSlots(int perParam) {
    this.perParam = perParam;
  }

  /** Slot {@code k} of parameter {@code i}, zeros shaped like {@code p} on first use. */
  INDArray get(int i, int k, INDArray p) {
    int idx = i * perParam + k;
    while (slots.size() <= idx) {
      slots.add(null);
    }
    INDArray s = slots.get(idx);
    if (s == null) {
      // state outlives any workspace the step may run in: allocate it outside
      try (org.nd4j.linalg.api.memory.MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
        s = Nd4j.zeros(p.dataType(), p.shape());
      }
      slots.set(idx, s);
    } else if (!java.util.Arrays.equals(s.shape(), p.shape())) {
      throw new IllegalArgumentException("parameter " + i + " changed shape from "
          + java.util.Arrays.toString(s.shape()) + " to " + java.util.Arrays.toString(p.shape())
          + "; pass parameters in the same order every step");
    }
    return s;
  }

  List<INDArray> copy() {
    List<INDArray> out = new ArrayList<>();
    try (org.nd4j.linalg.api.memory.MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      for (INDArray s : slots) {
        out.add(s == null ? null : s.dup());
      }
    }
    return out;
  }

  void restore(List<INDArray> state) {
    slots.clear();
    try (org.nd4j.linalg.api.memory.MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      for (INDArray s : state) {
        slots.add(s == null ? null : s.dup());
      }
    }
  }

  static void checkSizes(List<INDArray> params, List<INDArray> grads) {
    if (params.size() != grads.size()) {
      throw new IllegalArgumentException("grads must match params: " + params.size() + " params, "
          + grads.size() + " grads");
    }
  }
}
