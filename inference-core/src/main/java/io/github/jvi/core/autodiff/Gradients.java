package io.github.jvi.core.autodiff;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The gradients of a scalar with respect to the parameters it depends on, by one reverse sweep
 * over the graph in reverse topological order (each node's backward rule runs once, after every
 * consumer has contributed to its gradient).
 */
public final class Gradients {
  private final Map<Var, INDArray> grads;

  private Gradients(Map<Var, INDArray> grads) {
    this.grads = grads;
  }

  /**
   * d output / d each node upstream of {@code output}.
   *
   * @param output a single-element value (the loss)
   * @throws IllegalArgumentException if the output has more than one element
   */
  public static Gradients of(Var output) {
    if (output.value().length() != 1) {
      throw new IllegalArgumentException("output must be a scalar, found shape "
          + Arrays.toString(output.shape()));
    }
    return of(output, Nd4j.onesLike(output.value()));
  }

  /** The vector-Jacobian product: seeds the sweep with {@code seed} = d loss / d output. */
  public static Gradients of(Var output, INDArray seed) {
    Map<Var, INDArray> grads = new IdentityHashMap<>();
    if (!output.requiresGrad()) {
      return new Gradients(grads);
    }
    List<Var> order = topologicalOrder(output);
    Map<Var, Boolean> owned = new IdentityHashMap<>();
    grads.put(output, seed);
    for (int i = order.size() - 1; i >= 0; i--) {
      Var node = order.get(i);
      INDArray g = grads.get(node);
      if (g == null || node.isLeaf()) {
        continue;
      }
      Var[] inputs = node.inputs();
      INDArray[] inGrads = node.backward().apply(g);
      for (int k = 0; k < inputs.length; k++) {
        Var in = inputs[k];
        if (!in.requiresGrad() || inGrads[k] == null) {
          continue;
        }
        INDArray contribution = sumToShape(inGrads[k], in.value().shape());
        INDArray existing = grads.get(in);
        if (existing == null) {
          grads.put(in, contribution);
        } else if (owned.containsKey(in)) {
          existing.addi(contribution);
        } else {
          grads.put(in, existing.add(contribution));
          owned.put(in, Boolean.TRUE);
        }
      }
      if (!node.isLeaf()) {
        grads.remove(node); // intermediate gradients are not kept
      }
    }
    return new Gradients(grads);
  }

  private static List<Var> topologicalOrder(Var root) {
    List<Var> order = new ArrayList<>();
    Map<Var, Boolean> visited = new IdentityHashMap<>();
    Deque<Object[]> stack = new ArrayDeque<>();
    stack.push(new Object[] {root, 0});
    visited.put(root, Boolean.TRUE);
    while (!stack.isEmpty()) {
      Object[] frame = stack.peek();
      Var v = (Var) frame[0];
      int next = (Integer) frame[1];
      Var[] inputs = v.inputs();
      if (inputs != null && next < inputs.length) {
        frame[1] = next + 1;
        Var in = inputs[next];
        if (in.requiresGrad() && visited.put(in, Boolean.TRUE) == null) {
          stack.push(new Object[] {in, 0});
        }
      } else {
        stack.pop();
        order.add(v);
      }
    }
    return order;
  }

  /** Sums a broadcast gradient back to the input's shape. */
  static INDArray sumToShape(INDArray g, long[] shape) {
    long[] gs = g.shape();
    if (Arrays.equals(gs, shape)) {
      return g;
    }
    if (shape.length == 0 || g.length() > 1 && lengthOf(shape) == 1) {
      return g.sum().reshape(shape);
    }
    int lead = gs.length - shape.length;
    List<Integer> dims = new ArrayList<>();
    for (int d = 0; d < gs.length; d++) {
      if (d < lead || shape[d - lead] == 1 && gs[d] != 1) {
        dims.add(d);
      }
    }
    INDArray r = dims.isEmpty() ? g : g.sum(true, dims.stream().mapToInt(Integer::intValue).toArray());
    return r.reshape(shape);
  }

  private static long lengthOf(long[] shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    return n;
  }

  /** d output / d {@code v}: zeros of v's shape when the output does not depend on v. */
  public INDArray get(Var v) {
    INDArray g = grads.get(v);
    return g != null ? g : Nd4j.zeros(v.value().dataType(), v.value().shape());
  }

  /** Whether the output depends on {@code v}. */
  public boolean contains(Var v) {
    return grads.containsKey(v);
  }
}
