package io.github.jvi.core.autodiff;

import java.util.Arrays;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Float64 central-difference gradient check: compares the reverse-mode gradient of a scalar
 * function with (f(x + h e_i) - f(x - h e_i)) / 2h for every input element.
 *
 * <p>The error of a central difference is O(h^2 f''') + O(eps f / h); with h = 1e-6 and float64
 * values of order one, agreement to about 1e-7 relative is expected for smooth functions. The
 * relative error reported per element is |a - n| / max(1, |a|, |n|).
 */
public final class GradCheck {
  /** The largest discrepancies found. */
  public record Result(double maxAbsError, double maxRelError, int input, long element,
      double analytic, double numeric) {
    /** Whether the largest relative error is at most {@code tolerance}. */
    public boolean passes(double tolerance) {
      return maxRelError <= tolerance;
    }

    @Override
    public String toString() {
      return String.format("max rel error %.3g (abs %.3g) at input %d element %d: analytic %.12g numeric %.12g",
          maxRelError, maxAbsError, input, element, analytic, numeric);
    }
  }

  private GradCheck() {}

  /**
   * Checks {@code f} at {@code inputs} (copied to float64) with step {@code h}.
   *
   * @param f a function of parameters returning a single-element value
   */
  public static Result check(Function<Var[], Var> f, double h, INDArray... inputs) {
    return check(f, h, false, inputs);
  }

  /**
   * {@link #check(Function, double, INDArray...)} with the inputs given to {@code f} as host
   * leaves ({@link Var#param(double[], long...)}), so that every op of {@code f} whose operands
   * are small float64 arrays runs on the host path.
   */
  public static Result checkOnHost(Function<Var[], Var> f, double h, INDArray... inputs) {
    return check(f, h, true, inputs);
  }

  /** {@link #checkOnHost(Function, double, INDArray...)} with h = 1e-6. */
  public static Result checkOnHost(Function<Var[], Var> f, INDArray... inputs) {
    return check(f, 1e-6, true, inputs);
  }

  private static Result check(Function<Var[], Var> f, double h, boolean onHost, INDArray... inputs) {
    if (!(h > 0)) {
      throw new IllegalArgumentException("h must be > 0, found " + h);
    }
    INDArray[] x = new INDArray[inputs.length];
    Var[] params = new Var[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      x[i] = inputs[i].castTo(DataType.DOUBLE).dup('c');
      params[i] = onHost ? Var.param(HostArrays.fromNd4j(x[i]), x[i].shape()) : Var.param(x[i]);
    }
    Var out = f.apply(params);
    Gradients grads = Gradients.of(out);
    double worstRel = 0;
    double worstAbs = 0;
    int worstInput = -1;
    long worstElement = -1;
    double wa = 0;
    double wn = 0;
    for (int i = 0; i < inputs.length; i++) {
      INDArray analytic = grads.get(params[i]).castTo(DataType.DOUBLE).dup('c');
      if (!Arrays.equals(analytic.shape(), x[i].shape())) {
        throw new IllegalStateException("gradient shape " + Arrays.toString(analytic.shape())
            + " differs from input shape " + Arrays.toString(x[i].shape()));
      }
      INDArray flat = x[i].reshape(x[i].length());
      INDArray aflat = analytic.reshape(analytic.length());
      for (long e = 0; e < flat.length(); e++) {
        double orig = flat.getDouble(e);
        flat.putScalar(e, orig + h);
        double fp = evaluate(f, x, onHost);
        flat.putScalar(e, orig - h);
        double fm = evaluate(f, x, onHost);
        flat.putScalar(e, orig);
        double numeric = (fp - fm) / (2 * h);
        double a = aflat.getDouble(e);
        double abs = Math.abs(a - numeric);
        double rel = abs / Math.max(1.0, Math.max(Math.abs(a), Math.abs(numeric)));
        if (!(rel <= worstRel)) { // NaN counts as worst
          worstRel = Double.isNaN(rel) ? Double.POSITIVE_INFINITY : rel;
          worstAbs = abs;
          worstInput = i;
          worstElement = e;
          wa = a;
          wn = numeric;
        }
      }
    }
    return new Result(worstAbs, worstRel, worstInput, worstElement, wa, wn);
  }

  /** {@link #check(Function, double, INDArray...)} with h = 1e-6. */
  public static Result check(Function<Var[], Var> f, INDArray... inputs) {
    return check(f, 1e-6, inputs);
  }

  private static double evaluate(Function<Var[], Var> f, INDArray[] x, boolean onHost) {
    Var[] consts = new Var[x.length];
    for (int i = 0; i < x.length; i++) {
      consts[i] = onHost ? Var.constant(HostArrays.fromNd4j(x[i]), x[i].shape()) : Var.constant(x[i]);
    }
    return f.apply(consts).item();
  }
}
