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
  private final Map<Var, Object> grads; // INDArray, or a C-ordered double[] on the host path

  private Gradients(Map<Var, Object> grads) {
    this.grads = grads;
  }

  /**
   * d output / d each node upstream of {@code output}.
   *
   * @param output a single-element value (the loss)
   * @throws IllegalArgumentException if the output has more than one element
   */
  public static Gradients of(Var output) {
    if (output.length() != 1) {
      throw new IllegalArgumentException("output must be a scalar, found shape "
          + Arrays.toString(output.shape()));
    }
    if (output.isHost()) {
      return sweep(output, new double[] {1.0});
    }
    return of(output, Nd4j.onesLike(output.value()));
  }

  /** The vector-Jacobian product: seeds the sweep with {@code seed} = d loss / d output. */
  public static Gradients of(Var output, INDArray seed) {
    return sweep(output, seed);
  }

  /**
   * The reverse sweep. A node made on the host path runs its host rule on a double[] gradient, an
   * ND4J node its {@link Var.Backward} on an INDArray; a gradient crossing between the two is
   * copied once. Contributions to one input are added in the order the sweep produces them
   * (fixed by the graph), so the result is deterministic.
   */
  private static Gradients sweep(Var output, Object seed) {
    Map<Var, Object> grads = new IdentityHashMap<>();
    if (!output.requiresGrad()) {
      return new Gradients(grads);
    }
    List<Var> order = topologicalOrder(output);
    Map<Var, Boolean> owned = new IdentityHashMap<>();
    grads.put(output, seed);
    for (int i = order.size() - 1; i >= 0; i--) {
      Var node = order.get(i);
      Object g = grads.get(node);
      if (g == null || node.isLeaf()) {
        continue;
      }
      Var[] inputs = node.inputs();
      Object[] inGrads;
      if (node.hostBackward() != null) {
        inGrads = node.hostBackward().apply(asHost(g));
      } else {
        inGrads = node.backward().apply(asNd4j(g, node.shapeRef()));
      }
      for (int k = 0; k < inputs.length; k++) {
        Var in = inputs[k];
        if (!in.requiresGrad() || inGrads[k] == null) {
          continue;
        }
        Object contribution;
        if (inGrads[k] instanceof double[] h) {
          contribution = hostToShape(h, node.shapeRef(), in.shapeRef());
        } else {
          contribution = sumToShape((INDArray) inGrads[k], in.shapeRef());
        }
        Object existing = grads.get(in);
        if (existing == null) {
          grads.put(in, contribution);
        } else if (existing instanceof double[] e && (contribution instanceof double[] || in.isHost())) {
          double[] c = asHost(contribution);
          if (owned.containsKey(in)) {
            for (int j = 0; j < e.length; j++) {
              e[j] += c[j];
            }
          } else {
            double[] sum = new double[e.length];
            for (int j = 0; j < e.length; j++) {
              sum[j] = e[j] + c[j];
            }
            grads.put(in, sum);
            owned.put(in, Boolean.TRUE);
          }
        } else if (existing instanceof double[] && !in.isHost()) {
          grads.put(in, asNd4j(existing, in.shapeRef()).addi((INDArray) contribution));
          owned.put(in, Boolean.TRUE);
        } else if (contribution instanceof double[] c && in.isHost()) {
          double[] e = asHost(existing);
          double[] sum = new double[e.length];
          for (int j = 0; j < e.length; j++) {
            sum[j] = e[j] + c[j];
          }
          grads.put(in, sum);
          owned.put(in, Boolean.TRUE);
        } else {
          INDArray e = (INDArray) existing;
          INDArray c = asNd4j(contribution, in.shapeRef());
          if (owned.containsKey(in)) {
            e.addi(c);
          } else {
            grads.put(in, e.add(c));
            owned.put(in, Boolean.TRUE);
          }
        }
      }
      grads.remove(node); // intermediate gradients are not kept
    }
    return new Gradients(grads);
  }

  /** A gradient as C-ordered float64 values (the array itself when it is one). */
  private static double[] asHost(Object g) {
    return g instanceof double[] h ? h : HostArrays.fromNd4j((INDArray) g);
  }

  /** A gradient as an ND4J array of the given shape (the array itself when it is one). */
  private static INDArray asNd4j(Object g, long[] shape) {
    return g instanceof INDArray a ? a : HostArrays.toNd4j((double[]) g, shape);
  }

  /** A host rule's contribution (of the input's or the output's length) in the input's layout. */
  private static double[] hostToShape(double[] g, long[] outShape, long[] inShape) {
    long n = HostArrays.length(inShape);
    if (g.length == n) {
      return g;
    }
    if (g.length != HostArrays.length(outShape)) {
      throw new IllegalStateException("host gradient of " + g.length + " elements fits neither the input "
          + Arrays.toString(inShape) + " nor the output " + Arrays.toString(outShape));
    }
    return HostArrays.reduceTo(g, outShape, inShape);
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

  /**
   * d output / d {@code v}: zeros of v's shape when the output does not depend on v. A gradient
   * computed on the host path is returned as a float64 ND4J array (made on the first call, then
   * the same array). Do not modify it.
   */
  public INDArray get(Var v) {
    Object g = grads.get(v);
    if (g == null) {
      return Nd4j.zeros(v.dataType(), v.shapeRef());
    }
    if (g instanceof double[] h) {
      INDArray a = HostArrays.toNd4j(h, v.shapeRef());
      grads.put(v, a);
      return a;
    }
    return (INDArray) g;
  }

  /**
   * d output / d {@code v} as C-ordered (row-major) float64 values, a fresh copy (zeros when the
   * output does not depend on v): the accessor for optimizers on the host path, which skips the
   * ND4J array.
   */
  public double[] getDoubles(Var v) {
    Object g = grads.get(v);
    if (g == null) {
      return new double[(int) HostArrays.length(v.shapeRef())];
    }
    return g instanceof double[] h ? h.clone() : HostArrays.fromNd4j((INDArray) g);
  }

  /** Whether the output depends on {@code v}. */
  public boolean contains(Var v) {
    return grads.containsKey(v);
  }
}
