package io.github.jvi.vi.cavi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.special.Special;
import io.github.jvi.gpu.Rng;
import java.util.Arrays;
import java.util.Comparator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class BayesianGmmTest {
  private static final double[][] I2 = {{1, 0}, {0, 1}};

  private static double det2(double[][] a) {
    return a[0][0] * a[1][1] - a[0][1] * a[1][0];
  }

  private static double[][] inv2(double[][] a) {
    double dt = det2(a);
    return new double[][] {{a[1][1] / dt, -a[0][1] / dt}, {-a[1][0] / dt, a[0][0] / dt}};
  }

  @Test
  void oneComponentIsTheConjugatePosteriorAndTheElboIsTheEvidence() {
    // reference: Murphy (2007), "Conjugate Bayesian analysis of the Gaussian distribution",
    // Normal-inverse-Wishart posterior (eqs. 251-254, scale Lambda = W^-1) and evidence (eq. 266),
    // computed here with the centred scatter matrix
    double[][] w0 = {{0.5, 0.1}, {0.1, 0.8}};
    double[] m0 = {1, -1};
    double beta0 = 0.3, nu0 = 4;
    BayesianGmm model = BayesianGmm.of(1, 2.0, m0, beta0, w0, nu0);
    INDArray xa = BayesianGmm.simulate(new double[] {1}, new double[][] {{3, 1}},
        new double[][][] {{{2, 0.5}, {0.5, 1}}}, 150, Rng.of(21)).x();
    double[][] x = xa.toDoubleMatrix();
    int n = x.length;
    double[] xbar = new double[2];
    for (double[] r : x) {
      xbar[0] += r[0] / n;
      xbar[1] += r[1] / n;
    }
    double[][] lamN = inv2(w0);
    for (double[] r : x) {
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
          lamN[i][j] += (r[i] - xbar[i]) * (r[j] - xbar[j]);
        }
      }
    }
    double c = beta0 * n / (beta0 + n);
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        lamN[i][j] += c * (xbar[i] - m0[i]) * (xbar[j] - m0[j]);
      }
    }
    double betaN = beta0 + n, nuN = nu0 + n;
    double[] mN = {(beta0 * m0[0] + n * xbar[0]) / betaN, (beta0 * m0[1] + n * xbar[1]) / betaN};
    double logEv = -n * 2 / 2.0 * Math.log(Math.PI) + BayesianGmm.multiLgamma(nuN / 2, 2)
        - BayesianGmm.multiLgamma(nu0 / 2, 2) + nu0 / 2 * Math.log(det2(inv2(w0))) - nuN / 2 * Math.log(det2(lamN))
        + Math.log(beta0 / betaN);

    BayesianGmmFit fit = model.fit(xa, CaviOptions.defaults(), Rng.of(1));
    assertArrayEquals(mN, fit.means()[0], 1e-10);
    assertEquals(betaN, fit.betas()[0], 1e-9);
    assertEquals(nuN, fit.dofs()[0], 1e-9);
    double[][] wN = inv2(lamN);
    for (int i = 0; i < 2; i++) {
      assertArrayEquals(wN[i], fit.scales()[0][i], 1e-10);
    }
    assertEquals(logEv, fit.elbo(), 1e-9 * Math.abs(logEv));
  }

  /** Bishop (2006) eqs. 10.71-10.77 written out with loops over points (independent of the engine). */
  static double bishopElbo(double[][] x, BayesianGmm model, BayesianGmmFit f) {
    int n = x.length, d = x[0].length, k = f.components();
    double[][] r = f.responsibilities().toDoubleMatrix();
    double[] alpha = f.alphas(), beta = f.betas(), nu = f.dofs();
    double[][] m = f.means();
    double[][][] w = f.scales();
    double sumAlpha = Arrays.stream(alpha).sum();
    double[][] w0inv = Dense.inverseSpd(model.w0(), "W0");
    double[] m0 = model.m0();
    double total = 0;
    double lnB0 = lnB(model.w0(), model.nu0());
    for (int c = 0; c < k; c++) {
      double nk = 0;
      double[] xb = new double[d];
      for (int i = 0; i < n; i++) {
        nk += r[i][c];
        for (int a = 0; a < d; a++) {
          xb[a] += r[i][c] * x[i][a];
        }
      }
      for (int a = 0; a < d; a++) {
        xb[a] /= nk;
      }
      double[][] sk = new double[d][d];
      for (int i = 0; i < n; i++) {
        for (int a = 0; a < d; a++) {
          for (int b = 0; b < d; b++) {
            sk[a][b] += r[i][c] * (x[i][a] - xb[a]) * (x[i][b] - xb[b]) / nk;
          }
        }
      }
      double lnPi = Special.digamma(alpha[c]) - Special.digamma(sumAlpha);
      double lnLam = BayesianGmm.multiDigamma(nu[c] / 2, d) + d * Math.log(2) + Math.log(detSpd(w[c]));
      double[] dx = new double[d];
      double[] dm = new double[d];
      for (int a = 0; a < d; a++) {
        dx[a] = xb[a] - m[c][a];
        dm[a] = m[c][a] - m0[a];
      }
      // 10.71
      total += 0.5 * nk * (lnLam - d / beta[c] - nu[c] * Dense.traceProduct(sk, w[c])
          - nu[c] * Dense.form(dx, w[c], dx) - d * Math.log(2 * Math.PI));
      // 10.72 and 10.75
      for (int i = 0; i < n; i++) {
        total += r[i][c] * lnPi - (r[i][c] > 0 ? r[i][c] * Math.log(r[i][c]) : 0);
      }
      // 10.73 (per-k part) and 10.76 (per-k part)
      total += (model.alpha0() - 1) * lnPi - (alpha[c] - 1) * lnPi;
      // 10.74
      total += 0.5 * (d * Math.log(model.beta0() / (2 * Math.PI)) + lnLam - d * model.beta0() / beta[c]
          - model.beta0() * nu[c] * Dense.form(dm, w[c], dm)) + lnB0 + (model.nu0() - d - 1) / 2 * lnLam
          - 0.5 * nu[c] * Dense.traceProduct(w0inv, w[c]);
      // 10.77 with H[q(Lambda_k)] = -ln B(W_k, nu_k) - (nu_k - D - 1)/2 E ln|Lambda_k| + nu_k D / 2
      double h = -lnB(w[c], nu[c]) - (nu[c] - d - 1) / 2 * lnLam + nu[c] * d / 2;
      total -= 0.5 * lnLam + d / 2.0 * Math.log(beta[c] / (2 * Math.PI)) - d / 2.0 - h;
    }
    double lnC0 = Special.lgamma(k * model.alpha0()) - k * Special.lgamma(model.alpha0());
    double lnC = Special.lgamma(sumAlpha);
    for (double a : alpha) {
      lnC -= Special.lgamma(a);
    }
    return total + lnC0 - lnC;
  }

  private static double detSpd(double[][] a) {
    return Math.exp(Dense.logDet(Dense.cholesky(a, "a")));
  }

  /** Bishop B.79: ln B(W, nu). */
  private static double lnB(double[][] w, double nu) {
    int d = w.length;
    double s = -nu / 2 * Math.log(detSpd(w)) - nu * d / 2 * Math.log(2) - d * (d - 1) / 4.0 * Math.log(Math.PI);
    for (int i = 1; i <= d; i++) {
      s -= Special.lgamma((nu + 1 - i) / 2);
    }
    return s;
  }

  private static BayesianGmm.Simulation threeClusters(int n, long seed) {
    return BayesianGmm.simulate(new double[] {0.5, 0.3, 0.2}, new double[][] {{-4, 0}, {3, 3}, {3, -3}},
        new double[][][] {{{1, 0.5}, {0.5, 1}}, {{0.5, 0}, {0, 0.5}}, {{1, -0.3}, {-0.3, 0.4}}}, n, Rng.of(seed));
  }

  @Test
  void elboMatchesBishopTermByTerm() {
    BayesianGmm model = BayesianGmm.of(3, 0.5, new double[] {0.5, 0}, 0.2, new double[][] {{0.3, 0.05}, {0.05, 0.6}}, 3);
    INDArray xa = threeClusters(200, 3).x();
    double[][] x = xa.toDoubleMatrix();
    for (int iters : new int[] {1, 4, 40}) {
      BayesianGmmFit fit = model.fit(xa, CaviOptions.defaults().withMaxIter(iters).withInit(Init.RANDOM), Rng.of(5));
      assertEquals(bishopElbo(x, model, fit), fit.elbo(), 1e-9 * Math.abs(fit.elbo()), "after " + iters);
    }
  }

  @Test
  void recoversSeparatedClustersWithMonotoneElbo() {
    BayesianGmm.Simulation sim = threeClusters(3000, 8);
    BayesianGmm model = BayesianGmm.of(3, 1, new double[] {0, 0}, 0.01, I2, 2);
    BayesianGmmFit fit = model.fit(sim.x(), CaviOptions.defaults().withRestarts(3), Rng.of(2));
    double[] t = fit.elboTrace();
    for (int i = 1; i < t.length; i++) {
      assertTrue(t[i] >= t[i - 1] - 1e-9 * Math.abs(t[i - 1]), "ELBO decreased at " + i);
    }
    assertTrue(fit.converged());
    double[][] m = fit.means();
    Arrays.sort(m, Comparator.comparingDouble((double[] r) -> r[0]).thenComparingDouble(r -> r[1]));
    double[][] truth = {{-4, 0}, {3, -3}, {3, 3}};
    // at least 600 points per cluster with unit-scale covariance: standard errors <= 0.05; 0.25 is 5 sigma
    for (int c = 0; c < 3; c++) {
      assertArrayEquals(truth[c], m[c], 0.25, "component " + c);
    }
    double[] w = fit.weights().clone();
    Arrays.sort(w);
    // weights: standard error sqrt(0.25/3000) = 0.009; 5 sigma
    assertArrayEquals(new double[] {0.2, 0.3, 0.5}, w, 0.045);
  }

  @Test
  void permutingTheDataPermutesTheResult() {
    BayesianGmm model = BayesianGmm.of(3, 1, new double[] {0, 0}, 0.1, I2, 3);
    INDArray x = threeClusters(90, 4).x();
    INDArray r0 = Seeding.random(90, 3, Rng.of(1)).transpose().dup();
    int[] p = Rng.of(2).permutation(90);
    INDArray xp = x.dup();
    INDArray rp = r0.dup();
    for (int i = 0; i < p.length; i++) {
      xp.putRow(i, x.getRow(p[i]));
      rp.putRow(i, r0.getRow(p[i]));
    }
    CaviOptions o = CaviOptions.defaults().withMaxIter(25);
    BayesianGmmFit a = model.fit(x, r0, o);
    BayesianGmmFit b = model.fit(xp, rp, o);
    for (int c = 0; c < 3; c++) {
      assertArrayEquals(a.means()[c], b.means()[c], 1e-9);
    }
    assertArrayEquals(a.alphas(), b.alphas(), 1e-9);
    assertArrayEquals(a.elboTrace(), b.elboTrace(), 1e-9 * Math.abs(a.elbo()));
  }

  @Test
  void badInputIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BayesianGmm.of(0, 1, new double[] {0}, 1, new double[][] {{1}}, 1));
    assertTrue(e.getMessage().contains("K") && e.getMessage().contains("0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> BayesianGmm.of(2, 1, new double[] {0, 0}, 1, new double[][] {{1, 2}, {2, 1}}, 3));
    assertTrue(e.getMessage().contains("W0") && e.getMessage().contains("positive definite"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> BayesianGmm.of(2, 1, new double[] {0, 0}, 1, I2, 0.5));
    assertTrue(e.getMessage().contains("nu0") && e.getMessage().contains("0.5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> BayesianGmm.of(2, 0, new double[] {0, 0}, 1, I2, 3));
    assertTrue(e.getMessage().contains("alpha0"), e.getMessage());
    BayesianGmm m = BayesianGmm.of(2, 1, new double[] {0, 0}, 1, I2, 3);
    e = assertThrows(IllegalArgumentException.class,
        () -> m.fit(new double[][] {{1, 2, 3}}, CaviOptions.defaults(), Rng.of(1)));
    assertTrue(e.getMessage().contains("[N, 2]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> m.fit(new double[][] {{1, 2}, {Double.NaN, 0}}, CaviOptions.defaults(), Rng.of(1)));
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> m.fit(new double[][] {{1, 2}}, CaviOptions.defaults(), Rng.of(1)));
    assertTrue(e.getMessage().contains("K = 2") && e.getMessage().contains("N = 1"), e.getMessage());
  }

  @Test
  void theDataDependentPriorInvertsTheScaledDataCovariance() {
    // reference: the covariance of three points computed by hand; W0^-1 = nu0 S / K^(2/D)
    double[][] x = {{0, 0}, {2, 0}, {1, 3}};
    double[][] s = {{2.0 / 3, 0}, {0, 2}}; // mean (1, 1): deviations (-1,-1), (1,-1), (0,2)
    BayesianGmm m = BayesianGmm.fromData(org.nd4j.linalg.factory.Nd4j.createFromArray(x), 4);
    assertEquals(0.25, m.alpha0(), 0.0);
    assertArrayEquals(new double[] {1, 1}, m.m0(), 1e-15);
    assertEquals(1, m.beta0(), 0.0);
    assertEquals(2, m.nu0(), 0.0);
    double[][] w0 = m.w0();
    double c = 2 / Math.pow(4, 2.0 / 2); // nu0 / K^(2/D) = 1/2
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        double expected = i == j ? 1 / (c * s[i][i]) : 0;
        assertEquals(expected, w0[i][j], 1e-14, "W0(" + i + "," + j + ")");
      }
    }
    // a column with a perfect linear relation to another: singular covariance
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BayesianGmm.dataScale(org.nd4j.linalg.factory.Nd4j.createFromArray(new double[][] {{0, 0}, {1, 2}, {2, 4}}),
            2, 2));
    assertTrue(e.getMessage().contains("singular") && e.getMessage().contains("W0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> BayesianGmm.dataScale(org.nd4j.linalg.factory.Nd4j.createFromArray(x), 2, 0.5));
    assertTrue(e.getMessage().contains("nu0") && e.getMessage().contains("0.5"), e.getMessage());
  }
}
