package io.github.jvi.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.Beta;
import io.github.jvi.core.distribution.Normal;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.factory.Nd4j;

class ModelTest {
  private static final double LOG_2PI = Math.log(2 * Math.PI);
  private static final double[] Y = {1.2, -0.3, 0.8, 2.0, 0.1};
  private static final double[] W = {0.4, -1.1, 0.9, 0.0};

  private static <T extends Throwable> T assertMessage(Class<T> type, Executable call, String... parts) {
    T e = assertThrows(type, call);
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "expected '" + p + "' in: " + e.getMessage());
    }
    return e;
  }

  /**
   * mu ~ N(0, 2); sigma > 0 (flat); p ~ Beta(2, 3); s in the 3-simplex with the kernel
   * 2 sum log s_k; y_n ~ N(mu, sigma) (5 rows); w_n ~ N(mu, 1) (4 rows).
   */
  private static Model model() {
    return Model.builder("test")
        .latent("mu", Support.real())
        .latent("sigma", Support.positive())
        .latent("p", Support.unitInterval())
        .latent("s", Support.simplex(3))
        .factor("mu_prior", z -> Normal.of(0, 2).logProb(z.get("mu")), "mu")
        .factor("p_prior", z -> Beta.of(2, 3).logProb(z.get("p")), "p")
        .factor("s_kernel", z -> z.get("s").log().mul(2.0).sum(), "s")
        .rows("y_lik", Data.of("y", Y), (z, rows) -> Normal.of(z.get("mu"), z.get("sigma"))
            .logProb(rows.column("y")).sum(), "mu", "sigma")
        .rows("w_lik", Data.of("w", W), (z, rows) -> Normal.of(z.get("mu"), Var.scalar(1.0))
            .logProb(rows.column("w")).sum(), "mu")
        .build();
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  /** The log density of {@link #model()} at u, written out by hand. */
  private static double byHand(double[] u, double[] y, double[] w) {
    double mu = u[0];
    double sigma = Math.exp(u[1]);
    double p = sigmoid(u[2]);
    double z1 = sigmoid(u[3] - Math.log(2));
    double z2 = sigmoid(u[4]);
    double[] s = {z1, (1 - z1) * z2, (1 - z1) * (1 - z2)};
    double lp = -0.5 * (mu / 2) * (mu / 2) - Math.log(2) - 0.5 * LOG_2PI;
    lp += Math.log(p) + 2 * Math.log(1 - p) + Math.log(12); // Beta(2, 3): 1 / B(2, 3) = 12
    lp += 2 * (Math.log(s[0]) + Math.log(s[1]) + Math.log(s[2]));
    for (double v : y) {
      lp += -0.5 * Math.pow((v - mu) / sigma, 2) - Math.log(sigma) - 0.5 * LOG_2PI;
    }
    for (double v : w) {
      lp += -0.5 * (v - mu) * (v - mu) - 0.5 * LOG_2PI;
    }
    double logJac = u[1] // exp
        + Math.log(p) + Math.log(1 - p) // sigmoid
        + Math.log(z1) + Math.log(1 - z1) + Math.log(1 - z1) + Math.log(z2) + Math.log(1 - z2); // stick-breaking
    return lp + logJac;
  }

  private static final double[] U = {0.3, -0.4, 0.7, 0.2, -0.5};

  @Test
  void logDensityIsTheSumOfTheFactorsPlusTheLogJacobians() {
    Model m = model();
    assertEquals(5, m.dimension());
    assertEquals(byHand(U, Y, W), m.logDensity(U), 1e-10);
    double[] u2 = {-1.5, 0.9, -2.0, 1.3, 0.4};
    assertEquals(byHand(u2, Y, W), m.logDensity(u2), 1e-10);
    // the same through the Var form, and the constrained values
    Model.Constrained c = m.constrain(Var.constant(Nd4j.createFromArray(U)));
    assertEquals(Math.exp(-0.4), c.values().get("sigma").item(), 1e-15);
    assertEquals(1.0, c.values().get("s").sum().item(), 1e-15);
  }

  @Test
  void minibatchesAreUnbiasedExactlyOverEverySubset() {
    // E_B[(N / |B|) sum_{n in B} l_n] = sum_n l_n for uniform B: the mean over all C(5,2) x C(4,3) = 40
    // pairs of minibatches equals the full-data log density (an identity, checked to rounding)
    Model m = model();
    Factor yLik = m.factors().get(3);
    Factor wLik = m.factors().get(4);
    assertEquals("y_lik", yLik.name());
    assertTrue(yLik.isRowSum() && wLik.isRowSum() && !m.factors().get(0).isRowSum());
    assertEquals(List.of(yLik, wLik), m.rowFactors());
    Var u = Var.constant(Nd4j.createFromArray(U));
    double full = m.logDensity(u).item();
    List<int[]> ySubsets = subsets(5, 2);
    List<int[]> wSubsets = subsets(4, 3);
    assertEquals(10, ySubsets.size());
    assertEquals(4, wSubsets.size());
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int[] yb : ySubsets) {
      for (int[] wb : wSubsets) {
        Map<Factor, Data> batches = new IdentityHashMap<>();
        batches.put(yLik, yLik.data().rows(yb));
        batches.put(wLik, wLik.data().rows(wb));
        double v = m.logDensity(u, batches).item();
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    assertEquals(full, sum / 40, 1e-10 * Math.abs(full));
    assertTrue(max - min > 1, "the minibatch estimates should differ: " + min + " .. " + max);
    // a single minibatch is scaled by N / B: the batch of all rows is the full sum
    Map<Factor, Data> all = new IdentityHashMap<>();
    all.put(yLik, yLik.data().rows(new int[] {4, 3, 2, 1, 0}));
    assertEquals(full, m.logDensity(u, all).item(), 1e-10);
    // one row, scaled by 5
    double mu = U[0];
    double sigma = Math.exp(U[1]);
    double row2 = -0.5 * Math.pow((Y[2] - mu) / sigma, 2) - Math.log(sigma) - 0.5 * LOG_2PI;
    double factor = yLik.evaluate(m.constrain(u).values(), yLik.data().rows(new int[] {2}), 5).item();
    assertEquals(5 * row2, factor, 1e-12);
    assertMessage(IllegalStateException.class,
        () -> m.factors().get(0).evaluate(m.constrain(u).values(), yLik.data(), 5), "'mu_prior' is not a sum over data rows");
  }

  private static List<int[]> subsets(int n, int b) {
    List<int[]> out = new ArrayList<>();
    for (int mask = 0; mask < (1 << n); mask++) {
      if (Integer.bitCount(mask) == b) {
        int[] s = new int[b];
        int k = 0;
        for (int i = 0; i < n; i++) {
          if ((mask & (1 << i)) != 0) {
            s[k++] = i;
          }
        }
        out.add(s);
      }
    }
    return out;
  }

  @Test
  void aFactorReadingAnUndeclaredLatentIsAnError() {
    // declared but not listed among the factor's reads: caught when the factor runs
    Model m = Model.builder("sneaky")
        .latent("mu", Support.real())
        .latent("sigma", Support.positive())
        .factor("prior", z -> Normal.of(z.get("mu"), z.get("sigma")).logProb(Var.scalar(0.0)), "mu")
        .build();
    assertMessage(IllegalStateException.class, () -> m.logDensity(new double[2]),
        "factor 'prior' reads latent 'sigma'", "declared only [mu]");
    // not a latent of the model at all: caught when the model is built
    assertMessage(IllegalArgumentException.class, () -> Model.builder("typo")
        .latent("mu", Support.real())
        .factor("prior", z -> Normal.of(0, 1).logProb(z.get("mu")), "mu", "tau"),
        "factor 'prior' reads latent 'tau', which is not declared");
    Model unknown = Model.builder("unknown")
        .latent("mu", Support.real())
        .factor("prior", z -> z.get("nu"), "mu")
        .build();
    assertMessage(IllegalArgumentException.class, () -> unknown.logDensity(new double[1]), "no latent named 'nu'");
    // a factor must return one value
    Model vector = Model.builder("vector")
        .latent("beta", Support.real(3))
        .factor("prior", z -> Normal.of(0, 1).logProb(z.get("beta")), "beta")
        .build();
    assertMessage(IllegalStateException.class, () -> vector.logDensity(new double[3]),
        "factor 'prior' must return a single value", "[3]");
  }

  @Test
  void builderAndLookupErrorsNameWhatIsWrong() {
    assertMessage(IllegalArgumentException.class, () -> Model.builder("m").latent("a", Support.real())
        .latent("a", Support.positive()), "a latent named 'a' was already declared");
    assertMessage(IllegalArgumentException.class, () -> Model.builder("m").build(), "model 'm' has no latents");
    assertMessage(IllegalArgumentException.class, () -> Model.builder("m").latent("a", Support.real())
        .factor("f", z -> z.get("a"), "a").factor("f", z -> z.get("a"), "a"), "a factor named 'f' was already declared");
    Model m = model();
    assertMessage(IllegalArgumentException.class, () -> m.latent("nu"), "no latent named 'nu'", "[mu, sigma, p, s]");
    assertMessage(IllegalArgumentException.class, () -> m.logDensity(new double[4]),
        "u must be a vector of 5 unconstrained reals", "[4]");
    assertMessage(IllegalArgumentException.class, () -> Support.real(0), "n must be >= 1, found 0");
    Map<String, double[]> values = Map.of("mu", new double[] {0.1}, "sigma", new double[] {-1.0},
        "p", new double[] {0.5}, "s", new double[] {0.2, 0.3, 0.5});
    assertMessage(IllegalArgumentException.class, () -> m.unconstrain(values), "latent 'sigma'", "-1.0");
    assertMessage(IllegalArgumentException.class, () -> m.unconstrain(Map.of("mu", new double[] {0.1})),
        "no value given for latent 'sigma'");
    Values v = m.constrain(Var.constant(Nd4j.createFromArray(U))).values();
    assertMessage(IllegalArgumentException.class, () -> v.get("s", 3), "index 3 out of range for latent 's'");
  }

  @Test
  void unconstrainInvertsConstrain() {
    Model m = model();
    Map<String, double[]> values = Map.of("mu", new double[] {0.1}, "sigma", new double[] {2.5},
        "p", new double[] {0.25}, "s", new double[] {0.2, 0.3, 0.5});
    double[] u = m.unconstrain(values);
    double[] flat = m.flatValues(u);
    assertArrayEquals(new double[] {0.1, 2.5, 0.25, 0.2, 0.3, 0.5}, flat, 1e-14);
  }

  @Test
  void flatNamesUseStansOneBasedIndicesWithDerivedQuantitiesLast() {
    Model m = Model.builder("names")
        .latent("beta", Support.real(2))
        .latent("sigma", Support.positive())
        .latent("L", Support.choleskyCorr(2))
        .factor("prior", z -> Normal.of(0, 1).logProb(z.get("beta")).sum(), "beta")
        .derived("theta", z -> z.get("beta").mul(z.get("sigma")).add(1.0).reshape(2))
        .derived("total", z -> z.get("beta").sum())
        .build();
    assertEquals(List.of("beta[1]", "beta[2]", "sigma", "L[1,1]", "L[1,2]", "L[2,1]", "L[2,2]", "theta[1]", "theta[2]",
        "total"), m.flatNames());
    double[] u = {0.5, -1.0, Math.log(3), 0.2};
    double z = Math.tanh(0.2);
    assertArrayEquals(new double[] {0.5, -1.0, 3.0, 1, 0, z, Math.sqrt(1 - z * z), 2.5, -2.0, -0.5}, m.flatValues(u),
        1e-14);
  }

  @Test
  void dataValidationNamesTheFieldAndTheRow() {
    assertMessage(IllegalArgumentException.class,
        () -> Data.builder().column("y", new double[] {1, Double.NaN, 3}), "y[1] must be finite, found NaN");
    assertMessage(IllegalArgumentException.class, () -> Data.builder().column("y", new double[] {1, 2, 3})
        .column("x", new double[] {1, 2}), "x must have 3 rows like the columns before it, found 2");
    assertMessage(IllegalArgumentException.class, () -> Data.builder().matrix("X", new double[][] {{1, 2}, {3, 4, 5}}),
        "X[1] must have 2 values like row 0, found 3");
    assertMessage(IllegalArgumentException.class,
        () -> Data.builder().matrix("X", new double[][] {{1, 2}, {3, Double.POSITIVE_INFINITY}}),
        "X[1][1] must be finite, found Infinity");
    assertMessage(IllegalArgumentException.class, () -> Data.builder().column("y", new double[] {1})
        .column("y", new double[] {2}), "a column named 'y' was already added");
    assertMessage(IllegalArgumentException.class, () -> Data.builder().build(), "at least one column");
    Data d = Data.builder().column("y", new double[] {1, 2, 3}).matrix("X", new double[][] {{1, 2}, {3, 4}, {5, 6}})
        .build();
    assertEquals(3, d.rows());
    assertEquals(2, d.width("X"));
    assertMessage(IllegalArgumentException.class, () -> d.column("X"), "'X' is a matrix with 2 columns");
    assertMessage(IllegalArgumentException.class, () -> d.matrix("y"), "'y' is a column");
    assertMessage(IllegalArgumentException.class, () -> d.column("z"), "no column named 'z'", "[y, X]");
    assertMessage(IllegalArgumentException.class, () -> d.rows(new int[] {0, 3}), "row index must be in [0, 3), found 3");
    Data b = d.rows(new int[] {2, 0});
    assertArrayEquals(new double[] {3, 1}, b.values("y"));
    assertArrayEquals(new double[] {5, 6, 1, 2}, b.values("X"));
    assertArrayEquals(new long[] {2, 2}, b.matrix("X").shape());
  }
}
