package io.github.jvi.verification.bijector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.GradCheck;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.bijector.Affine;
import io.github.jvi.core.bijector.Bijector;
import io.github.jvi.core.bijector.Chain;
import io.github.jvi.core.bijector.CorrCholesky;
import io.github.jvi.core.bijector.Exp;
import io.github.jvi.core.bijector.Identity;
import io.github.jvi.core.bijector.Interval;
import io.github.jvi.core.bijector.Ordered;
import io.github.jvi.core.bijector.StickBreaking;
import io.github.jvi.gpu.Rng;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every bijector of {@code core.bijector} (each family, vector and matrix shapes, and chains):
 *
 * <ul>
 *   <li>round trip: inverse(forward(u)) = u to 1e-9 (absolute, |u| &lt;= 3) and
 *       forward(inverse(x)) = x to 1e-12 relative;</li>
 *   <li>log |det J| against the log |det| (Commons Math LU) of the central-difference Jacobian
 *       (h = 1e-5) of u -&gt; the free coordinates of x: all of x for the element-wise, ordered and
 *       chained maps, the first K - 1 components for the simplex, the strict lower triangle (row
 *       by row) for the Cholesky factor of a correlation matrix; tolerance 1e-6 absolute (the
 *       difference error is O(h^2) ~ 1e-10 per entry, |u| &lt;= 2 keeps J well conditioned);</li>
 *   <li>float64 reverse-mode gradients of a random linear functional of forward(u) and of
 *       log |det J| against central differences ({@link GradCheck}, 1e-6 relative);</li>
 *   <li>constrained values always inside the support ({@code inSupport}) over wide u ranges, per
 *       family the widest in which the support is representable in doubles (|u| &lt;= 30 for most;
 *       see {@link #cases()}), with a finite log-Jacobian;</li>
 *   <li>bad input: a wrong length, a value outside the support, NaN, bad factory arguments are
 *       IllegalArgumentExceptions that name the parameter and the value.</li>
 * </ul>
 * Points are drawn from fixed seeds; the checks are deterministic (no failure budget needed: no
 * comparison is statistical).
 */
class BijectorProperties {
  /**
   * A bijector under test: the map x -&gt; its free coordinates (the ones the Jacobian is taken
   * over), and per-coordinate bounds of the wide range of u in which the support is representable.
   */
  record Case(String name, Bijector b, UnaryOperator<double[]> free, double[] wideLo, double[] wideHi) {
    static Case of(String name, Bijector b, UnaryOperator<double[]> free, double lo, double hi) {
      double[] l = new double[b.unconstrainedSize()];
      double[] h = new double[l.length];
      Arrays.fill(l, lo);
      Arrays.fill(h, hi);
      return new Case(name, b, free, l, h);
    }

    static Case all(String name, Bijector b, double lo, double hi) {
      return of(name, b, x -> x, lo, hi);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static UnaryOperator<double[]> firstK1(int k) {
    return x -> Arrays.copyOf(x, k - 1);
  }

  private static UnaryOperator<double[]> strictLower(int k) {
    return x -> {
      double[] out = new double[k * (k - 1) / 2];
      int n = 0;
      for (int i = 1; i < k; i++) {
        for (int j = 0; j < i; j++) {
          out[n++] = x[i * k + j];
        }
      }
      return out;
    };
  }

  /**
   * The bijectors and their wide ranges. |u| &lt;= 30 keeps sigmoid(u) &lt; 1 and b + exp(u) &gt; b
   * (both fail past |u| ~ 36 in doubles: no value lies strictly between); an ordered vector's
   * increments exp(u_k) must stay above the spacing of doubles near x_K, so u_k (k &gt;= 2) lies in
   * [-20, 10] there.
   */
  static List<Case> cases() {
    double[] ordLo = {-30, -20, -20, -20};
    double[] ordHi = {30, 10, 10, 10};
    return List.of(
        Case.all("Identity()", Identity.of(), -30, 30),
        Case.all("Identity(3)", Identity.of(3), -30, 30),
        Case.all("Identity(2,2)", Identity.of(2, 2), -30, 30),
        Case.all("Exp.positive()", Exp.positive(), -30, 30),
        Case.all("Exp.positive(3)", Exp.positive(3), -30, 30),
        Case.all("Exp.lowerBound(-2.5, 2)", Exp.lowerBound(-2.5, 2), -30, 30),
        Case.all("Exp.upperBound(4, 2)", Exp.upperBound(4, 2), -30, 30),
        Case.all("Interval.unit()", Interval.unit(), -30, 30),
        Case.all("Interval(-1, 3, 3)", Interval.of(-1, 3, 3), -30, 30),
        Case.all("Affine(1.5, -2, 3)", Affine.of(1.5, -2, 3), -30, 30),
        Case.all("Ordered(1)", Ordered.of(1), -30, 30),
        new Case("Ordered(4)", Ordered.of(4), x -> x, ordLo, ordHi),
        Case.of("StickBreaking(2)", StickBreaking.of(2), firstK1(2), -30, 30),
        Case.of("StickBreaking(4)", StickBreaking.of(4), firstK1(4), -30, 30),
        Case.of("CorrCholesky(2)", CorrCholesky.of(2), strictLower(2), -30, 30),
        Case.of("CorrCholesky(3)", CorrCholesky.of(3), strictLower(3), -30, 30),
        Case.of("CorrCholesky(4)", CorrCholesky.of(4), strictLower(4), -30, 30),
        Case.all("Affine(1, 2) o Exp (lower bound 1)", Affine.of(1, 2, 3).after(Exp.positive(3)), -30, 30),
        Case.all("Exp o Ordered (increasing positives)", Chain.of(Exp.positive(3), Ordered.of(3)), -5, 5),
        Case.all("Interval(0, 2) o Affine(0.5, 3)", Interval.of(0, 2, 2).after(Affine.of(0.5, 3, 2)), -10, 10));
  }

  private static double[] uniform(Rng rng, double[] lo, double[] hi) {
    double[] u = new double[lo.length];
    for (int i = 0; i < u.length; i++) {
      u[i] = lo[i] + (hi[i] - lo[i]) * rng.nextDouble();
    }
    return u;
  }

  private static double[] uniform(Rng rng, int d, double r) {
    double[] lo = new double[d];
    double[] hi = new double[d];
    Arrays.fill(lo, -r);
    Arrays.fill(hi, r);
    return uniform(rng, lo, hi);
  }

  @Property(tries = 6, seed = "1001")
  void inverseUndoesForwardAndForwardUndoesInverse(@ForAll @LongRange(min = 1, max = 1_000_000_000) long seed) {
    Rng rng = Rng.of(seed);
    for (Case c : cases()) {
      double[] u = uniform(rng, c.b().unconstrainedSize(), 3);
      double[] x = c.b().forward(u);
      assertEquals(c.b().constrainedSize(), x.length, c.name());
      assertTrue(c.b().inSupport(x), c + ": forward(" + Arrays.toString(u) + ") = " + Arrays.toString(x));
      double[] back = c.b().inverse(x);
      assertArrayEquals(u, back, 1e-9, c + ": inverse(forward(u)) at u = " + Arrays.toString(u));
      double[] again = c.b().forward(back);
      for (int i = 0; i < x.length; i++) {
        assertEquals(x[i], again[i], 1e-12 * Math.max(1, Math.abs(x[i])), c + ": forward(inverse(x))[" + i + "]");
      }
    }
  }

  @Property(tries = 5, seed = "1002")
  void logDetJacobianMatchesFiniteDifferences(@ForAll @LongRange(min = 1, max = 1_000_000_000) long seed) {
    Rng rng = Rng.of(seed);
    double h = 1e-5;
    for (Case c : cases()) {
      int d = c.b().unconstrainedSize();
      double[] u = uniform(rng, d, 2);
      double[][] jac = new double[d][d];
      for (int j = 0; j < d; j++) {
        double[] up = u.clone();
        double[] um = u.clone();
        up[j] += h;
        um[j] -= h;
        double[] fp = c.free().apply(c.b().forward(up));
        double[] fm = c.free().apply(c.b().forward(um));
        assertEquals(d, fp.length, c + ": free coordinates");
        for (int i = 0; i < d; i++) {
          jac[i][j] = (fp[i] - fm[i]) / (2 * h);
        }
      }
      double det = new LUDecomposition(new Array2DRowRealMatrix(jac)).getDeterminant();
      double numeric = Math.log(Math.abs(det));
      assertEquals(numeric, c.b().logDetJacobian(u), 1e-6, c + " at u = " + Arrays.toString(u));
    }
  }

  @Property(tries = 3, seed = "1003")
  void forwardAndLogDetHaveCorrectFloat64Gradients(@ForAll @LongRange(min = 1, max = 1_000_000_000) long seed) {
    Rng rng = Rng.of(seed);
    for (Case c : cases()) {
      int d = c.b().unconstrainedSize();
      int n = c.b().constrainedSize();
      double[] u = uniform(rng, d, 2);
      double[] w = uniform(rng, n, 1);
      Var weights = Var.constant(Nd4j.createFromArray(w));
      GradCheck.Result value = GradCheck.check(p -> c.b().forward(p[0]).value().reshape(n).mul(weights).sum(),
          Nd4j.createFromArray(u));
      assertTrue(value.passes(1e-6), c + ", forward: " + value);
      GradCheck.Result logDet = GradCheck.check(p -> c.b().forward(p[0]).logDetJacobian(), Nd4j.createFromArray(u));
      assertTrue(logDet.passes(1e-6), c + ", log |det J|: " + logDet);
    }
  }

  @Property(tries = 12, seed = "1004")
  void constrainedValuesStayInsideTheSupportOverWideRanges(@ForAll @LongRange(min = 1, max = 1_000_000_000) long seed) {
    Rng rng = Rng.of(seed);
    for (Case c : cases()) {
      double[] u = uniform(rng, c.wideLo(), c.wideHi());
      // the corners of the range too, where saturation shows first
      double[] corner = new double[u.length];
      for (int i = 0; i < u.length; i++) {
        corner[i] = rng.nextDouble() < 0.5 ? c.wideLo()[i] : c.wideHi()[i];
      }
      for (double[] point : List.of(u, corner)) {
        double[] x = c.b().forward(point);
        assertTrue(c.b().inSupport(x), c + ": forward(" + Arrays.toString(point) + ") = " + Arrays.toString(x)
            + " is outside the support");
        double ld = c.b().logDetJacobian(point);
        assertTrue(Double.isFinite(ld), c + ": log |det J| at " + Arrays.toString(point) + " = " + ld);
      }
    }
  }

  @Test
  void intervalLogJacobianIsAccurateWhereTheSigmoidSaturates() {
    // log sigmoid(u) + log sigmoid(-u) = -|u| - 2 log(1 + exp(-|u|)), exactly representable in the tails
    for (double u : new double[] {-700, -60, -40, 40, 60, 700}) {
      double expected = -Math.abs(u) - 2 * Math.log1p(Math.exp(-Math.abs(u))) + Math.log(4);
      assertEquals(expected, Interval.of(-1, 3).logDetJacobian(new double[] {u}), 1e-12 * Math.abs(expected), "u=" + u);
    }
  }

  @Test
  void stickBreakingMapsZeroToTheUniformPointAndCorrCholeskyZeroToTheIdentity() {
    assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, StickBreaking.of(4).forward(new double[3]), 1e-15);
    double[] l = CorrCholesky.of(3).forward(new double[3]);
    assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, l, 1e-15);
  }

  @Test
  void corrCholeskyRowsAreUnitVectorsOfAValidCorrelationMatrix() {
    Rng rng = Rng.of(17);
    int k = 4;
    double[] l = CorrCholesky.of(k).forward(uniform(rng, k * (k - 1) / 2, 3));
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        double s = 0;
        for (int m = 0; m < k; m++) {
          s += l[i * k + m] * l[j * k + m];
        }
        if (i == j) {
          assertEquals(1, s, 1e-12, "diagonal of L L^T at " + i);
        } else {
          assertTrue(Math.abs(s) < 1, "|corr(" + i + "," + j + ")| = " + Math.abs(s));
        }
      }
    }
  }

  @Test
  void badInputIsAClearError() {
    for (Case c : cases()) {
      Bijector b = c.b();
      int n = b.constrainedSize();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.inverse(new double[n + 1]),
          c.name());
      assertTrue(e.getMessage().contains("x must have " + n) && e.getMessage().contains(String.valueOf(n + 1)),
          c + ": " + e.getMessage());
      double[] nan = b.forward(new double[b.unconstrainedSize()]);
      nan[0] = Double.NaN;
      assertFalse(b.inSupport(nan), c.name());
      e = assertThrows(IllegalArgumentException.class, () -> b.inverse(nan), c.name());
      assertTrue(e.getMessage().contains("NaN"), c + ": " + e.getMessage());
      e = assertThrows(IllegalArgumentException.class,
          () -> b.forward(Var.constant(Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, b.unconstrainedSize() + 1))),
          c.name());
      assertTrue(e.getMessage().contains("u must be a vector of " + b.unconstrainedSize()), c + ": " + e.getMessage());
    }
    // values outside the support
    double[][] outside = {{-1.0}, {1.5}, {2.0, 1.0, 3.0}, {0.5, 0.6}, {1, 0.5, 0, 1}};
    Bijector[] owners = {Exp.positive(), Interval.unit(), Ordered.of(3), StickBreaking.of(2), CorrCholesky.of(2)};
    for (int i = 0; i < owners.length; i++) {
      Bijector b = owners[i];
      double[] x = outside[i];
      assertFalse(b.inSupport(x), b + " " + Arrays.toString(x));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.inverse(x), b.toString());
      assertTrue(e.getMessage().startsWith("x must lie in") && e.getMessage().contains(Arrays.toString(x)),
          b + ": " + e.getMessage());
    }
    assertMessage(() -> Interval.of(1, 1), "lower must be < upper");
    assertMessage(() -> Interval.of(Double.NaN, 1), "lower must be finite, found NaN");
    assertMessage(() -> Affine.of(0, 0), "scale must be non-zero");
    assertMessage(() -> Affine.of(0, Double.NaN), "scale must be finite, found NaN");
    assertMessage(() -> Exp.lowerBound(Double.POSITIVE_INFINITY), "lower must be finite, found Infinity");
    assertMessage(() -> Ordered.of(0), "k must be >= 1, found 0");
    assertMessage(() -> StickBreaking.of(1), "k must be >= 2, found 1");
    assertMessage(() -> CorrCholesky.of(1), "k must be >= 2, found 1");
    assertMessage(() -> Identity.of(3, 0), "shape entries must be >= 1");
    assertMessage(() -> Chain.of(Exp.positive(2), Identity.of(3)), "outer takes 2 reals but inner's values have 3");
    // the simplex is 3-dimensional in R^4: an outer map's 4-dimensional volume change would be wrong there
    assertMessage(() -> Chain.of(Affine.of(0, 10, 4), StickBreaking.of(4)), "a lower-dimensional support");
    assertMessage(() -> Exp.positive(9).after(CorrCholesky.of(3)), "a lower-dimensional support");
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable call, String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call, text);
    assertTrue(e.getMessage().contains(text), "expected '" + text + "' in: " + e.getMessage());
  }
}
