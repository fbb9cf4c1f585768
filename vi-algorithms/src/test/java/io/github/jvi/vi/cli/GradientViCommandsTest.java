package io.github.jvi.vi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.io.DataFiles;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.bbvi.NormalGammaModel;
import io.github.jvi.vi.em.GaussianMixtureEm;
import io.github.jvi.vi.natgrad.GammaNll;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;

class GradientViCommandsTest {
  @TempDir
  Path dir;

  record Run(int code, String out, String err) {}

  /** Runs a command with errors reported as the jvi root does (IllegalArgumentException: exit 2). */
  private static Run run(Object command, String... args) {
    CommandLine cl = new CommandLine(command);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    cl.setExecutionExceptionHandler((ex, c, parsed) -> {
      c.getErr().println("jvi: " + ex.getMessage());
      return 2;
    });
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static double number(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\":(-?[0-9.eE+-]+)").matcher(json);
    assertTrue(m.find(), "no key " + key + " in " + json);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void providersContributeTheirCommands() {
    assertEquals(6, new GradientViCommands().commands().size()); // bbvi, ngd, klfit, em, ppca, fit
    assertEquals("bench", new GradientViBenchCommands().parent());
    assertEquals("simulate", new GradientViSimulateCommands().parent());
  }

  @Test
  void bbviReportsTheExactElboAndTheCaviReference() throws Exception {
    INDArray x = Rng.of(5).normal(DataType.DOUBLE, 60).muli(0.5).addi(2);
    Path f = dir.resolve("ng.txt");
    DataFiles.writeVector(f, x.toDoubleVector(), "test data");
    Run r = run(new BbviCommand(), "normal-gamma", "--data", f.toString(), "--estimator", "control-variate",
        "--samples", "50", "--iterations", "400", "--seed", "3", "--json");
    assertEquals(0, r.code(), r.err());
    NormalGammaModel model = NormalGammaModel.of(x);
    double caviElbo = model.elbo(model.caviOptimum());
    double elbo = number(r.out(), "elbo");
    assertTrue(elbo <= caviElbo + 1e-9 && elbo > caviElbo - 2, elbo + " vs CAVI " + caviElbo);
    assertEquals(2, number(r.out(), "E_mu"), 0.3);
    for (String key : List.of("\"E_tau\"", "\"elbo_trace\"", "\"grad_variance\"", "\"log_b\"")) {
      assertTrue(r.out().contains(key), key);
    }
  }

  @Test
  void bbviRejectsTooFewSamplesForControlVariatesAndUnknownEstimators() throws Exception {
    Path f = dir.resolve("ng.txt");
    Files.writeString(f, "1.0\n2.0\n");
    Run r = run(new BbviCommand(), "normal-gamma", "--data", f.toString(), "--samples", "1", "--iterations", "5");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("at least 2 samples") && r.err().contains("S = 1"), r.err());
    r = run(new BbviCommand(), "normal-gamma", "--data", f.toString(), "--estimator", "magic");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--estimator must be one of"), r.err());
    Files.writeString(f, "1.0\nNaN\n");
    r = run(new BbviCommand(), "normal-gamma", "--data", f.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("NaN"), r.err());
  }

  @Test
  void simulateThenNgdReachesTheMle() throws Exception {
    Path f = dir.resolve("gamma.txt");
    Run sim = run(new GammaSimulateCommand(), "--n", "500", "--seed", "4", "--out", f.toString());
    assertEquals(0, sim.code(), sim.err());
    double[] x = DataFiles.readVector(f);
    assertEquals(500, x.length);
    double[] mle = GammaNll.of(Nd4j.createFromArray(x)).mle();
    Run r = run(new NgdCommand(), "gamma", "--data", f.toString(), "--method", "ngd", "--iterations", "50", "--json");
    assertEquals(0, r.code(), r.err());
    assertEquals(mle[0], number(r.out(), "alpha"), 1e-8);
    assertEquals(mle[1], number(r.out(), "beta"), 1e-8);
    assertTrue(r.out().contains("\"nll_trace\""));
    Files.writeString(f, "1.0\n-2.0\n");
    r = run(new NgdCommand(), "gamma", "--data", f.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("Gamma data") && r.err().contains("-2.0"), r.err());
  }

  @Test
  void klfitReportsBothExclusiveMinimaAndTheMomentMatch() {
    Run r = run(new KlFitCommand(), "--json");
    assertEquals(0, r.code(), r.err());
    assertEquals(1, number(r.out(), "mu"), 1e-12); // the inclusive fit comes first
    assertEquals(3, number(r.out(), "sigma"), 1e-12);
    Matcher m = Pattern.compile("\"starts\":").matcher(r.out());
    int minima = 0;
    while (m.find()) {
      minima++;
    }
    assertEquals(2, minima, r.out());
  }

  @Test
  void emAndPpcaReadCsvFiles() throws Exception {
    GaussianMixtureEm.Parameters truth = new GaussianMixtureEm.Parameters(Nd4j.createFromArray(0.5, 0.5),
        Nd4j.createFromArray(new double[][] {{0, 0, 0}, {5, 5, 0}}),
        Nd4j.createFromArray(new double[][][] {{{1, 0, 0}, {0, 1, 0}, {0, 0, 0.2}}, {{1, 0.3, 0}, {0.3, 1, 0}, {0, 0, 0.2}}}));
    INDArray x = GaussianMixtureEm.sample(truth, 300, Rng.of(2));
    Path f = dir.resolve("pts.csv");
    DataFiles.writeTable(f, List.of("a", "b", "c"), x.toDoubleMatrix(), null);
    Run r = run(new EmCommand(), "--data", f.toString(), "--k", "2", "--json");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("\"free_energy_after_e\"") && r.out().contains("\"covariances\""));
    r = run(new PpcaCommand(), "--data", f.toString(), "--m", "1", "--json");
    assertEquals(0, r.code(), r.err());
    assertTrue(number(r.out(), "sigma2") > 0);
    r = run(new PpcaCommand(), "--data", f.toString(), "--m", "3");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("m must be in [1, 2]"), r.err());
    r = run(new EmCommand(), "--data", f.toString(), "--k", "0");
    assertEquals(2, r.code());
  }
}
