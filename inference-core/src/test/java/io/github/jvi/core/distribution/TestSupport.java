package io.github.jvi.core.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.Gradients;
import io.github.jvi.core.autodiff.Var;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Shared test oracles: composite Simpson quadrature, sample moments, finite-difference Hessians. */
final class TestSupport {
  private TestSupport() {}

  /** Composite Simpson on [lo, hi] with n (even) intervals of a vectorised integrand. */
  static double simpson(Function<INDArray, INDArray> f, double lo, double hi, int n) {
    INDArray x = Nd4j.linspace(lo, hi, n + 1, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
    double[] y = f.apply(x).dup('c').data().asDouble();
    return simpsonWeights(y, (hi - lo) / n);
  }

  /** Composite Simpson on [lo, hi] of a scalar integrand. */
  static double simpsonScalar(DoubleUnaryOperator f, double lo, double hi, int n) {
    double h = (hi - lo) / n;
    double[] y = new double[n + 1];
    for (int i = 0; i <= n; i++) {
      y[i] = f.applyAsDouble(lo + i * h);
    }
    return simpsonWeights(y, h);
  }

  private static double simpsonWeights(double[] y, double h) {
    int n = y.length - 1;
    double s = y[0] + y[n];
    for (int i = 1; i < n; i++) {
      s += (i % 2 == 1 ? 4 : 2) * y[i];
    }
    return s * h / 3;
  }

  /** Integral of exp(logProb) over [lo, hi] for a univariate distribution (Simpson). */
  static double totalMass(Distribution d, double lo, double hi, int n) {
    return simpson(x -> org.nd4j.linalg.ops.transforms.Transforms.exp(d.logProb(x).value(), true), lo, hi, n);
  }

  /** Per-column sample mean and variance of draws arranged as [n, k]. */
  static double[][] moments(INDArray draws) {
    INDArray m = draws.mean(0);
    INDArray v = draws.var(false, 0);
    return new double[][] {m.dup('c').data().asDouble(), v.dup('c').data().asDouble()};
  }

  /** Central-difference Hessian of a scalar function of a vector, step h. */
  static double[][] hessian(Function<INDArray, Double> f, double[] x, double h) {
    int k = x.length;
    double[][] out = new double[k][k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        double[] pp = x.clone();
        double[] pm = x.clone();
        double[] mp = x.clone();
        double[] mm = x.clone();
        pp[i] += h; pp[j] += h;
        pm[i] += h; pm[j] -= h;
        mp[i] -= h; mp[j] += h;
        mm[i] -= h; mm[j] -= h;
        out[i][j] = (f.apply(Nd4j.createFromArray(pp)) - f.apply(Nd4j.createFromArray(pm))
            - f.apply(Nd4j.createFromArray(mp)) + f.apply(Nd4j.createFromArray(mm))) / (4 * h * h);
      }
    }
    return out;
  }

  /** Asserts grad A(eta) = E[t] by reverse mode, at this distribution's eta. */
  static void assertGradLogNormalizerIsMeanOfT(ExponentialFamily p, double tol) {
    Var eta = Var.param(p.naturalParameters().value());
    INDArray g = Gradients.of(p.logNormalizer(eta).sum()).get(eta);
    assertTrue(g.equalsWithEps(p.expectedSufficientStatistics().value(), tol),
        g + " vs " + p.expectedSufficientStatistics().value());
  }

  /** Asserts the closed-form Fisher information of a scalar-batch family equals the FD Hessian of A. */
  static void assertFisherIsHessian(ExponentialFamily p, double h, double tol) {
    double[] eta = p.naturalParameters().value().dup('c').data().asDouble();
    double[][] num = hessian(e -> p.logNormalizer(Var.constant(e)).item(), eta, h);
    INDArray f = p.fisherInformation().value();
    for (int i = 0; i < eta.length; i++) {
      for (int j = 0; j < eta.length; j++) {
        double exact = eta.length == 1 && f.rank() == 2 ? f.getDouble(0, 0) : f.getDouble(i, j);
        assertEquals(num[i][j], exact, tol * Math.max(1, Math.abs(exact)), "F[" + i + "][" + j + "]");
      }
    }
  }

  /** Asserts that the call throws IllegalArgumentException whose message has every fragment. */
  static void assertRejects(Executable call, String... fragments) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String s : fragments) {
      assertTrue(e.getMessage().contains(s), "message '" + e.getMessage() + "' lacks '" + s + "'");
    }
  }
}
