package io.github.jvi.verification.kl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jvi.core.distribution.Independent;
import io.github.jvi.core.distribution.MultivariateNormal;
import io.github.jvi.core.distribution.Normal;
import io.github.jvi.core.kl.Kl;
import io.github.jvi.verification.oracle.ReferenceKl;
import io.github.jvi.verification.support.Generators;
import io.github.jvi.verification.support.Generators.GaussianPair;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The d-dimensional Gaussian KL, (tr(S2^-1 S1) + (m2-m1)' S2^-1 (m2-m1) - d + log det S2 - log det S1) / 2,
 * as jvi computes it (Cholesky factors, triangular solves) against: the same formula evaluated
 * with Commons Math's LU and Cholesky decompositions ({@link ReferenceKl#multivariateNormal});
 * the sum of univariate KLs for diagonal covariances (through {@link Independent}); and its
 * invariance under invertible affine maps x -&gt; A x + b. Deterministic; tolerance 1e-9 relative or
 * 1e-12 absolute.
 */
class GaussianKlProperties {
  private static MultivariateNormal mvn(double[] m, double[][] s) {
    return MultivariateNormal.of(Nd4j.createFromArray(m), Nd4j.createFromArray(s));
  }

  private static void close(double expected, double actual, String what) {
    assertEquals(expected, actual, Math.max(1e-9 * Math.abs(expected), 1e-12), what);
  }

  @Provide
  Arbitrary<GaussianPair> pairs() {
    return Generators.gaussianPairs(8);
  }

  @Property(tries = 60, seed = "1054")
  void formulaAgreesWithCommonsMath(@ForAll("pairs") GaussianPair g) {
    close(ReferenceKl.multivariateNormal(g.m1(), g.s1(), g.m2(), g.s2()),
        Kl.divergence(mvn(g.m1(), g.s1()), mvn(g.m2(), g.s2())).item(), g.toString());
  }

  @Provide
  Arbitrary<double[][]> diagonalPairs() {
    return Arbitraries.integers().between(1, 8).flatMap(d -> Arbitraries.doubles().between(0.1, 3).ofScale(6)
        .array(double[].class).ofSize(d).list().ofSize(4).map(l -> l.toArray(double[][]::new)));
  }

  @Property(tries = 40, seed = "1055")
  void diagonalCovarianceIsASumOfUnivariateDivergences(@ForAll("diagonalPairs") double[][] v) {
    // v = {mean1 (shifted), sd1, mean2 (shifted), sd2}
    int d = v[0].length;
    double[] m1 = new double[d];
    double[] m2 = new double[d];
    double[][] s1 = new double[d][d];
    double[][] s2 = new double[d][d];
    for (int i = 0; i < d; i++) {
      m1[i] = v[0][i] - 1.5;
      m2[i] = v[2][i] - 1.5;
      s1[i][i] = v[1][i] * v[1][i];
      s2[i][i] = v[3][i] * v[3][i];
    }
    double sum = Kl.divergence(Independent.of(Normal.of(Nd4j.createFromArray(m1), Nd4j.createFromArray(v[1])), 1),
        Independent.of(Normal.of(Nd4j.createFromArray(m2), Nd4j.createFromArray(v[3])), 1)).item();
    close(sum, Kl.divergence(mvn(m1, s1), mvn(m2, s2)).item(), "d=" + d);
  }

  @Provide
  Arbitrary<double[]> maps() {
    return Arbitraries.doubles().between(-1, 1).ofScale(6).array(double[].class).ofSize(8 * 8 + 8);
  }

  private static double[][] symmetric(RealMatrix m) {
    double[][] a = m.getData();
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < i; j++) {
        a[i][j] = a[j][i] = 0.5 * (a[i][j] + a[j][i]);
      }
    }
    return a;
  }

  @Property(tries = 40, seed = "1056")
  void invariantUnderInvertibleAffineMaps(@ForAll("pairs") GaussianPair g, @ForAll("maps") double[] v) {
    // A lower triangular with diagonal in [0.5, 1.5] (invertible), b from the remaining entries
    int d = g.d();
    double[][] a = new double[d][d];
    double[] b = new double[d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < i; j++) {
        a[i][j] = v[i * 8 + j];
      }
      a[i][i] = 1 + 0.5 * v[i * 8 + i];
      b[i] = 3 * v[64 + i];
    }
    RealMatrix am = new Array2DRowRealMatrix(a);
    ArrayRealVector bv = new ArrayRealVector(b);
    double[] n1 = am.operate(new ArrayRealVector(g.m1())).add(bv).toArray();
    double[] n2 = am.operate(new ArrayRealVector(g.m2())).add(bv).toArray();
    double[][] t1 = symmetric(am.multiply(new Array2DRowRealMatrix(g.s1())).multiply(am.transpose()));
    double[][] t2 = symmetric(am.multiply(new Array2DRowRealMatrix(g.s2())).multiply(am.transpose()));
    close(Kl.divergence(mvn(g.m1(), g.s1()), mvn(g.m2(), g.s2())).item(), Kl.divergence(mvn(n1, t1), mvn(n2, t2)).item(),
        g.toString());
  }
}
