package io.github.jvi.core.optim;

import io.github.jvi.core.util.Check;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * AdaGrad (Duchi, Hazan &amp; Singer 2011), the step-size rule of Ranganath, Gerrish &amp; Blei (2014):
 * G &lt;- G + g^2, theta &lt;- theta - eta g / (sqrt(G) + eps), element-wise (the diagonal of the
 * outer-product sum in their Algorithm 1).
 *
 * <p>The rule is applied in float64 on Java arrays, in one place ({@code update}), by both entry
 * points: {@link #step(List, List)} for INDArray parameters (copied in and out; float32 parameters
 * are updated in float64 and rounded back) and {@link #step(double[], double[])} for one parameter
 * vector already held in a Java array, which makes no array operation at all. That is the form for
 * a handful of parameters updated many thousands of times (black-box VI: four parameters, where
 * each ND4J call costs some 30 us and the arithmetic nanoseconds). The accumulator G is kept as
 * float64 per parameter, keyed by the identity of the parameter array (the INDArray, or the
 * {@code double[]} of the array form), so the order in which parameters are passed does not
 * matter; pass the same arrays every step (see {@link Optimizer} for the in-place rule).
 */
public final class AdaGrad implements Optimizer {
  private final double eta;
  private final double eps;
  private final ParameterKeyed<Accumulator> sumSquares = new ParameterKeyed<>();
  private long steps;

  private AdaGrad(double eta, double eps) {
    this.eta = eta;
    this.eps = eps;
  }

  /** AdaGrad with base step eta &gt; 0 and eps = 1e-8. */
  public static AdaGrad of(double eta) {
    return of(eta, 1e-8);
  }

  /** AdaGrad with base step eta &gt; 0 and stabiliser eps &gt; 0. */
  public static AdaGrad of(double eta, double eps) {
    return new AdaGrad(Check.positive("eta", eta), Check.positive("eps", eps));
  }

  @Override
  public void step(List<INDArray> params, List<INDArray> grads) {
    StateSlots.checkSizes(params, grads);
    for (int i = 0; i < params.size(); i++) {
      INDArray p = params.get(i);
      INDArray g = grads.get(i);
      Check.shape(g.length() == p.length(), "grads[" + i + "]", p.length() + " elements like params[" + i + "]",
          g.shape());
      double[] theta = doubles(p);
      update(theta, doubles(g), accumulator(p, p.shape()));
      p.assign(Nd4j.create(theta, p.shape(), DataType.DOUBLE).castTo(p.dataType()));
    }
    steps++;
  }

  /**
   * One step of a single parameter vector held in a Java array, in place: the same rule as
   * {@code step(List.of(p), List.of(g))} for a vector p of this length, with no array operation.
   * The accumulator is that of this array (by identity); after {@link #restore} the first
   * restored accumulator attaches to it if it is the first parameter met.
   */
  public void step(double[] params, double[] grads) {
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(grads, "grads");
    if (grads.length != params.length) {
      throw new IllegalArgumentException("grads must have " + params.length + " elements like params, found "
          + grads.length);
    }
    update(params, grads, accumulator(params, new long[] {params.length}));
    steps++;
  }

  /** The rule: G += g^2, theta -= eta g / (sqrt(G) + eps), element-wise, in place. */
  private void update(double[] theta, double[] g, double[] sumSq) {
    for (int k = 0; k < theta.length; k++) {
      sumSq[k] += g[k] * g[k];
      theta[k] -= g[k] * eta / (Math.sqrt(sumSq[k]) + eps);
    }
  }

  /** G and the shape of its parameter. */
  private record Accumulator(double[] sum, long[] shape) {}

  /** G of a parameter (by identity), zeros of the parameter's length on first use. */
  private double[] accumulator(Object parameter, long[] shape) {
    long length = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
    return sumSquares.get(parameter, () -> new Accumulator(new double[Math.toIntExact(length)], shape.clone()), (a, i) -> {
      if (a.sum().length != length) {
        throw new IllegalArgumentException("restored state of parameter " + i + " has shape "
            + Arrays.toString(a.shape()) + " but the parameter passed has shape " + Arrays.toString(shape)
            + "; pass parameters in the order of the first step before the checkpoint");
      }
    }).sum();
  }

  /** The elements of a in C order, as float64. */
  private static double[] doubles(INDArray a) {
    return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
  }

  @Override
  public long steps() {
    return steps;
  }

  /** The accumulators G (float64 copies shaped like their parameters, in order of first use). */
  @Override
  public List<INDArray> state() {
    List<INDArray> out = new ArrayList<>();
    try (org.nd4j.linalg.api.memory.MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      for (Accumulator a : sumSquares.inOrder()) {
        out.add(a == null ? null : Nd4j.create(a.sum().clone(), a.shape(), DataType.DOUBLE));
      }
    }
    return out;
  }

  @Override
  public void restore(long steps, List<INDArray> state) {
    this.steps = steps;
    List<Accumulator> restored = new ArrayList<>();
    for (INDArray s : state) {
      restored.add(s == null ? null : new Accumulator(doubles(s), s.shape()));
    }
    sumSquares.restore(restored);
  }
}
