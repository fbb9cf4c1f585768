package io.github.jvi.verification.cavi;

import io.github.jvi.gpu.Rng;
import io.github.jvi.verification.cli.Jvi;
import io.github.jvi.vi.cavi.BayesianGmm;
import io.github.jvi.vi.cavi.CaviOptions;
import io.github.jvi.vi.cavi.EarthquakeModel;
import io.github.jvi.vi.cavi.GmmLight;
import io.github.jvi.vi.cavi.NormalGammaModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Assertions;
import picocli.CommandLine;

/**
 * Bad input is rejected before any computation with an {@link IllegalArgumentException} whose
 * message names the offending parameter and the value found: non-positive, infinite or NaN
 * hyperparameters, empty data, NaN in the data, K &lt; 1 or K &gt; N, weights that do not sum to 1;
 * and a malformed data file given to {@code jvi cavi} produces one line naming the file and line,
 * with exit status 2.
 */
class CaviInputProperties {
  @Provide
  Arbitrary<Double> notPositive() {
    return Arbitraries.oneOf(Arbitraries.of(0.0, -0.0, Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY),
        Arbitraries.doubles().between(-1e6, -1e-9).ofScale(12));
  }

  private static void rejects(String name, double value, Runnable r) {
    IllegalArgumentException e = Assertions.assertThrows(IllegalArgumentException.class, r::run);
    String v = Double.toString(value);
    Assertions.assertTrue(e.getMessage().contains(name), "message should name " + name + ": " + e.getMessage());
    Assertions.assertTrue(e.getMessage().contains(v) || (value == 0 && e.getMessage().contains("0")),
        "message should give the value " + v + ": " + e.getMessage());
  }

  @Property(tries = 30, seed = "1009")
  void nonPositiveHyperparametersAreRejected(@ForAll("notPositive") double v) {
    double[] w = {0.5, 0.5};
    double[] nu = {0, 0};
    double[][] id = {{1, 0}, {0, 1}};
    rejects("lambda0", v, () -> NormalGammaModel.of(0, v, 1, 1));
    rejects("a0", v, () -> NormalGammaModel.of(0, 1, v, 1));
    rejects("b0", v, () -> NormalGammaModel.of(0, 1, 1, v));
    rejects("lambda0", v, () -> GmmLight.of(w, 0, v, 1, 1));
    rejects("a0", v, () -> GmmLight.of(w, 0, 1, v, 1));
    rejects("b0", v, () -> GmmLight.of(w, 0, 1, 1, v));
    rejects("alpha0", v, () -> BayesianGmm.of(2, v, nu, 1, id, 3));
    rejects("beta0", v, () -> BayesianGmm.of(2, 1, nu, v, id, 3));
    rejects("nu0", v, () -> BayesianGmm.of(2, 1, nu, 1, id, v));
    rejects("alpha", v, () -> EarthquakeModel.of(w, v, 1, 1, nu, 1));
    rejects("beta", v, () -> EarthquakeModel.of(w, 1, v, 1, nu, 1));
    rejects("tau", v, () -> EarthquakeModel.of(w, 1, 1, v, nu, 1));
    rejects("rho", v, () -> EarthquakeModel.of(w, 1, 1, 1, nu, v));
    rejects("weights[1]", v, () -> GmmLight.of(new double[] {1, v}, 0, 1, 1, 1));
  }

  @Property(tries = 30, seed = "1010")
  void weightsThatDoNotSumToOneAreRejected(@ForAll @IntRange(min = 1, max = 6) int k,
      @ForAll @DoubleRange(min = 0.01, max = 3) double total) {
    if (Math.abs(total - 1) <= 1e-6) {
      return;
    }
    double[] w = new double[k];
    java.util.Arrays.fill(w, total / k);
    double[] nu = {0, 0};
    for (Runnable r : new Runnable[] {() -> GmmLight.of(w, 0, 1, 1, 1), () -> EarthquakeModel.of(w, 1, 1, 1, nu, 1)}) {
      IllegalArgumentException e = Assertions.assertThrows(IllegalArgumentException.class, r::run);
      Assertions.assertTrue(e.getMessage().contains("sum to 1"), e.getMessage());
    }
  }

  @Property(tries = 20, seed = "1011")
  void componentCountsOutsideOneToNAreRejected(@ForAll @IntRange(min = 1, max = 8) int n,
      @ForAll @IntRange(min = 1, max = 12) int k) {
    if (k <= n) {
      return;
    }
    double[] w = new double[k];
    java.util.Arrays.fill(w, 1.0 / k);
    double[] x = new double[n];
    double[][] x2 = new double[n][2];
    for (int i = 0; i < n; i++) {
      x[i] = i;
      x2[i][0] = i;
      x2[i][1] = -i;
    }
    double[] counts = new double[n];
    Consumer<Runnable> tooMany = r -> {
      IllegalArgumentException e = Assertions.assertThrows(IllegalArgumentException.class, r::run);
      Assertions.assertTrue(e.getMessage().contains("K = " + k) && e.getMessage().contains("N = " + n), e.getMessage());
    };
    tooMany.accept(() -> GmmLight.of(w, 0, 1, 1, 1).fit(x, CaviOptions.defaults(), Rng.of(1)));
    tooMany.accept(() -> BayesianGmm.of(k, 1, new double[] {0, 0}, 1, new double[][] {{1, 0}, {0, 1}}, 3)
        .fit(x2, CaviOptions.defaults(), Rng.of(1)));
    tooMany.accept(() -> EarthquakeModel.of(w, 1, 1, 1, new double[] {0, 0}, 1)
        .fit(x2, counts, CaviOptions.defaults(), Rng.of(1)));
    IllegalArgumentException e = Assertions.assertThrows(IllegalArgumentException.class,
        () -> BayesianGmm.of(0, 1, new double[] {0}, 1, new double[][] {{1}}, 1));
    Assertions.assertTrue(e.getMessage().contains("K") && e.getMessage().contains("0"), e.getMessage());
  }

  @Property(tries = 20, seed = "1012")
  void emptyOrNonFiniteDataAreRejected(@ForAll @IntRange(min = 1, max = 20) int n, @ForAll @IntRange(min = 0, max = 19) int at,
      @ForAll("nonFinite") double bad) {
    int i = at % n;
    double[] x = new double[n];
    x[i] = bad;
    double[][] x2 = new double[n][2];
    x2[i][1] = bad;
    double[] w = {1};
    String v = Double.toString(bad);
    for (Runnable r : new Runnable[] {
        () -> NormalGammaModel.of(0, 1, 1, 1).fit(x, CaviOptions.defaults()),
        () -> GmmLight.of(w, 0, 1, 1, 1).fit(x, CaviOptions.defaults(), Rng.of(1)),
        () -> BayesianGmm.of(1, 1, new double[] {0, 0}, 1, new double[][] {{1, 0}, {0, 1}}, 3)
            .fit(x2, CaviOptions.defaults(), Rng.of(1)),
        () -> EarthquakeModel.of(w, 1, 1, 1, new double[] {0, 0}, 1).fit(x2, new double[n], CaviOptions.defaults(),
            Rng.of(1))}) {
      IllegalArgumentException e = Assertions.assertThrows(IllegalArgumentException.class, r::run);
      Assertions.assertTrue(e.getMessage().contains(v), e.getMessage());
    }
    for (Runnable r : new Runnable[] {
        () -> NormalGammaModel.of(0, 1, 1, 1).fit(new double[0], CaviOptions.defaults()),
        () -> GmmLight.of(w, 0, 1, 1, 1).fit(new double[0], CaviOptions.defaults(), Rng.of(1)),
        () -> BayesianGmm.of(1, 1, new double[] {0}, 1, new double[][] {{1}}, 3)
            .fit(new double[0][], CaviOptions.defaults(), Rng.of(1))}) {
      IllegalArgumentException e = Assertions.assertThrows(IllegalArgumentException.class, r::run);
      Assertions.assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }
  }

  @Provide
  Arbitrary<Double> nonFinite() {
    return Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
  }

  /** Runs the jvi command tree; returns exit status and standard error. */
  private static String[] jvi(String... args) {
    CommandLine cl = Jvi.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new String[] {Integer.toString(code), err.toString()};
  }

  @Example
  void malformedFilesNameTheLine() throws Exception {
    Path dir = Files.createTempDirectory("jvi-cavi");
    try {
      Path v = dir.resolve("v.txt");
      Files.writeString(v, "# data\n1.0\n2.5\n3,5\n");
      String[] r = jvi("cavi", "normal-gamma", "--data", v.toString());
      Assertions.assertEquals("2", r[0], r[1]);
      Assertions.assertTrue(r[1].startsWith("jvi: ") && r[1].contains("v.txt:4") && r[1].contains("3,5"), r[1]);
      Assertions.assertEquals(1, r[1].strip().lines().count(), "one line, no stack trace: " + r[1]);

      Path c = dir.resolve("c.csv");
      Files.writeString(c, "x1,x2\n0,1\n2,3\n4\n");
      r = jvi("cavi", "gmm", "--data", c.toString(), "--k", "1");
      Assertions.assertTrue(r[0].equals("2") && r[1].contains("c.csv:4") && r[1].contains("columns"), r[1]);

      Files.writeString(c, "x,y,count\n0,1,2\n2,3,NaN\n");
      r = jvi("cavi", "earthquake", "--data", c.toString(), "--k", "1");
      Assertions.assertTrue(r[0].equals("2") && r[1].contains("c.csv:3") && r[1].contains("NaN"), r[1]);

      Files.writeString(v, "# nothing here\n");
      r = jvi("cavi", "gmm-light", "--data", v.toString(), "--k", "2");
      Assertions.assertTrue(r[0].equals("2") && r[1].contains("no data"), r[1]);
    } finally {
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(dir);
    }
  }
}
