package io.github.jvi.verification;

import io.github.jvi.core.autodiff.GradCheck;
import io.github.jvi.core.autodiff.Gradients;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.Normal;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Assertions;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The autodiff's host path for small float64 arrays agrees with its ND4J path
 * ({@link Var#withoutHostPath}) and with float64 central differences at generated points.
 * References: the ND4J path (the two differ by the rounding of libm functions and the order of a
 * reduction's additions: tolerance 1e-13 relative to max(1, |value|)); the finite-difference
 * quotient (error about 1e-8, tolerance 1e-6 as in {@link AutodiffProperties}). Every property
 * has a fixed seed; both comparisons are deterministic, so no failure budget is needed.
 */
class HostPathProperties {
  private static final double TOL = 1e-13;

  /** A normal log-likelihood of rows under a regression, summed per draw (an ADVI factor). */
  private static Var regression(Var[] v, double[] x, double[] y) {
    int s = (int) v[0].shape()[0];
    Var b1 = v[0].select(1, 0).reshape(s, 1);
    Var b2 = v[0].select(1, 1).reshape(s, 1);
    Var sigma = v[0].select(1, 2).exp().reshape(s, 1);
    Var loc = b1.add(b2.mul(Var.constant(x, 1, x.length)));
    return Normal.of(loc, sigma).logProb(Var.constant(y, 1, y.length)).sum(1).mul(v[1]).sum();
  }

  private static double[] values(int n, double a, double b) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = a * Math.sin(1.3 * i + b) + b * Math.cos(0.7 * i);
    }
    return v;
  }

  private static void agree(Function<Var[], Var> f, double[][] in, long[][] shapes) {
    java.util.function.Supplier<double[][]> run = () -> {
      Var[] p = new Var[in.length];
      for (int i = 0; i < in.length; i++) {
        p[i] = Var.param(in[i], shapes[i]);
      }
      Var out = f.apply(p);
      Gradients g = Gradients.of(out);
      double[][] r = new double[in.length + 1][];
      r[0] = out.doubles();
      for (int i = 0; i < in.length; i++) {
        r[i + 1] = g.getDoubles(p[i]);
      }
      return r;
    };
    double[][] host = run.get();
    double[][] nd4j = Var.withoutHostPath(run);
    for (int k = 0; k < host.length; k++) {
      for (int i = 0; i < host[k].length; i++) {
        double rel = Math.abs(host[k][i] - nd4j[k][i]) / Math.max(1.0, Math.abs(nd4j[k][i]));
        Assertions.assertTrue(rel <= TOL, "result " + k + " element " + i + ": host " + host[k][i]
            + " nd4j " + nd4j[k][i]);
      }
    }
  }

  @Property(tries = 30, seed = "20261202")
  void regressionLikelihoodAgreesWithNd4jAndDifferences(@ForAll @IntRange(min = 1, max = 12) int draws,
      @ForAll @IntRange(min = 1, max = 60) int rows, @ForAll @DoubleRange(min = -2, max = 2) double a,
      @ForAll @DoubleRange(min = 0.1, max = 3) double b) {
    double[] z = values(draws * 3, 0.5 * a, b * 0.3);
    double[] w = values(draws, 1, b);
    double[] x = values(rows, 3, a);
    double[] y = values(rows, 2, b);
    agree(v -> regression(v, x, y), new double[][] {z, w}, new long[][] {{draws, 3}, {draws}});
    GradCheck.Result r = GradCheck.checkOnHost(v -> regression(v, x, y),
        Nd4j.createFromArray(z).reshape(draws, 3), Nd4j.createFromArray(w));
    Assertions.assertTrue(r.passes(1e-6), r.toString());
  }

  @Property(tries = 30, seed = "20261203")
  void smoothCompositionsAgreeWithNd4jAndDifferences(@ForAll @IntRange(min = 1, max = 5) int m,
      @ForAll @IntRange(min = 1, max = 5) int n, @ForAll @DoubleRange(min = -3, max = 3) double a) {
    double[] u = values(m * n, a, 0.4);
    double[] c = values(n, 1, a);
    Function<Var[], Var> f = v -> v[0].mul(v[1]).tanh().add(v[1].exp().log1p()).logSumExp(1)
        .add(v[0].matmul(v[0].transpose()).softplus().sum(0)).sum()
        .add(Var.stack(0, v[1], v[1].square()).logSoftmax(0).mul(v[1]).sum());
    agree(f, new double[][] {u, c}, new long[][] {{m, n}, {n}});
    GradCheck.Result r = GradCheck.checkOnHost(f, Nd4j.createFromArray(u).reshape(m, n), Nd4j.createFromArray(c));
    Assertions.assertTrue(r.passes(1e-6), r.toString());
  }
}
