package io.github.jvi.core.distribution;

import io.github.jvi.core.autodiff.Var;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Log-densities restricted to a half-line support, shared by {@link HalfCauchy},
 * {@link HalfNormal} and {@link LogNormal}: the formula's value inside, -infinity outside (as
 * PyTorch's half-line families return), NaN where x is NaN, and a zero gradient (in x and in the
 * parameters) at points outside. The formula is evaluated at a finite "cut" input outside, so
 * that neither its value nor its gradient leaks an infinity or a NaN into the result.
 */
final class Support {
  private Support() {}

  /**
   * logDensity(x) where x &gt;= 0 (strict: x &gt; 0), -infinity elsewhere.
   *
   * @param cut an input inside the support at which logDensity is finite, used outside
   */
  static Var halfLine(Var x, boolean strict, double cut, UnaryOperator<Var> logDensity) {
    double[] v = Ops.doubles(x.value());
    double[] inside = new double[v.length];
    boolean all = true;
    for (int i = 0; i < v.length; i++) {
      boolean out = strict ? v[i] <= 0 : v[i] < 0; // NaN counts as inside: the formula returns NaN
      inside[i] = out ? 0 : 1;
      all &= !out;
    }
    if (all) {
      return logDensity.apply(x);
    }
    INDArray mask = v.length == 0 ? x.value() : Ops.fromDoubles(inside, x.shape(), x.dataType());
    Var lp = logDensity.apply(select(mask, x, cut));
    return select(mask, lp, Double.NEGATIVE_INFINITY);
  }

  /**
   * {@code a} where {@code mask} is 1, {@code fill} where it is 0 (the mask broadcast to a's
   * shape, or a to the mask's); the gradient is g * mask.
   */
  static Var select(INDArray mask, Var a, double fill) {
    long[] shape = Shapes.broadcast(a.shape(), mask.shape());
    Var av = Ops.broadcastTo(a, shape);
    INDArray m = Ops.broadcastTo(Var.constant(mask.castTo(a.dataType())), shape).value();
    double[] value = Ops.doubles(av.value());
    double[] mk = Ops.doubles(m);
    for (int i = 0; i < value.length; i++) {
      if (mk[i] == 0) {
        value[i] = fill;
      }
    }
    INDArray out = value.length == 0 ? av.value() : Ops.fromDoubles(value, shape, a.dataType());
    return Var.op(out, g -> new INDArray[] {g.mul(m)}, av);
  }
}
