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
 * float64 per parameter, matched by position; the array form is parameter 0.
 */
public final class AdaGrad implements Optimizer {
  private final double eta;
  private final double eps;
  private final List<double[]> sumSquares = new ArrayList<>();
  private final List<long[]> shapes = new ArrayList<>();
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
      update(theta, doubles(g), accumulator(i, p.shape()));
      p.assign(Nd4j.create(theta, p.shape(), DataType.DOUBLE).castTo(p.dataType()));
    }
    steps++;
  }

  /**
   * One step of a single parameter vector held in a Java array, in place: the same rule and state
   * as {@code step(List.of(p), List.of(g))} for a vector p of this length (parameter 0), with no
   * array operation.
   */
  public void step(double[] params, double[] grads) {
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(grads, "grads");
    if (grads.length != params.length) {
      throw new IllegalArgumentException("grads must have " + params.length + " elements like params, found "
          + grads.length);
    }
    update(params, grads, accumulator(0, new long[] {params.length}));
    steps++;
  }

  /** The rule: G += g^2, theta -= eta g / (sqrt(G) + eps), element-wise, in place. */
  private void update(double[] theta, double[] g, double[] sumSq) {
    for (int k = 0; k < theta.length; k++) {
      sumSq[k] += g[k] * g[k];
      theta[k] -= g[k] * eta / (Math.sqrt(sumSq[k]) + eps);
    }
  }

  /** G of parameter i, zeros of the parameter's length on first use. */
  private double[] accumulator(int i, long[] shape) {
    while (sumSquares.size() <= i) {
      sumSquares.add(null);
      shapes.add(null);
    }
    double[] acc = sumSquares.get(i);
    long length = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
    if (acc == null) {
      acc = new double[Math.toIntExact(length)];
      sumSquares.set(i, acc);
      shapes.set(i, shape.clone());
    } else if (acc.length != length) {
      throw new IllegalArgumentException("parameter " + i + " changed shape from "
          + Arrays.toString(shapes.get(i)) + " to " + Arrays.toString(shape)
          + "; pass parameters in the same order every step");
    }
    return acc;
  }

  /** The elements of a in C order, as float64. */
  private static double[] doubles(INDArray a) {
    return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
  }

  @Override
  public long steps() {
    return steps;
  }

  /** The accumulators G (float64 copies, shaped like their parameters; null where none yet). */
  @Override
  public List<INDArray> state() {
    List<INDArray> out = new ArrayList<>();
    try (org.nd4j.linalg.api.memory.MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      for (int i = 0; i < sumSquares.size(); i++) {
        double[] acc = sumSquares.get(i);
        out.add(acc == null ? null : Nd4j.create(acc.clone(), shapes.get(i), DataType.DOUBLE));
      }
    }
    return out;
  }

  @Override
  public void restore(long steps, List<INDArray> state) {
    this.steps = steps;
    sumSquares.clear();
    shapes.clear();
    for (INDArray s : state) {
      sumSquares.add(s == null ? null : doubles(s));
      shapes.add(s == null ? null : s.shape());
    }
  }
}
