package io.github.jvi.vi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.io.DataFiles;
import io.github.jvi.vi.cavi.CaviOptions;
import io.github.jvi.vi.cavi.NormalGammaModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CaviCommandTest {
  @TempDir
  Path dir;

  /** Output and exit code of a command line, with errors reported as the jvi root does. */
  record Run(int code, String out, String err) {}

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

  private static Run simulate(String name, String... args) {
    for (Object c : CaviSimulateCommands.all()) {
      if (c.getClass().getAnnotation(CommandLine.Command.class).name().equals(name)) {
        return run(c, args);
      }
    }
    throw new AssertionError("no simulate command " + name);
  }

  private static double number(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\":(-?[0-9.eE+-]+)").matcher(json);
    assertTrue(m.find(), "no key " + key + " in " + json);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void normalGammaPrintsTheFitAndTheExactPosterior() throws Exception {
    Path f = dir.resolve("ng.txt");
    Run sim = simulate("normal-gamma", "--n", "40", "--mu", "1", "--tau", "2", "--seed", "3", "--out", f.toString());
    assertEquals(0, sim.code(), sim.err());
    Run r = run(new CaviCommand(), "normal-gamma", "--data", f.toString(), "--mu0", "0.5", "--json");
    assertEquals(0, r.code(), r.err());
    String json = r.out();
    for (String key : new String[] {"E_mu", "E_tau", "elbo", "elbo_trace", "q", "log_evidence", "posterior", "lambda"}) {
      assertTrue(json.contains("\"" + key + "\":"), key + " missing in " + json);
    }
    // reference: the library's own closed forms on the same file
    double[] x = DataFiles.readVector(f);
    NormalGammaModel m = NormalGammaModel.of(0.5, 1, 1, 1);
    assertEquals(m.logEvidence(x), number(json, "log_evidence"), 1e-12 * Math.abs(m.logEvidence(x)));
    assertEquals(m.fit(x, CaviOptions.defaults()).meanTau(), number(json, "E_tau"), 1e-12);
    assertTrue(number(json, "elbo") <= number(json, "log_evidence"));
  }

  @Test
  void mixturesPrintMeansTracesAndResponsibilitiesOnRequest() {
    Path g = dir.resolve("gl.txt");
    assertEquals(0, simulate("gmm-light", "--n", "120", "--k", "2", "--out", g.toString()).code());
    Run r = run(new CaviCommand(), "gmm-light", "--data", g.toString(), "--weights", "0.5,0.5", "--json",
        "--responsibilities");
    assertEquals(0, r.code(), r.err());
    for (String key : new String[] {"elbo", "elbo_trace", "iterations", "means", "responsibilities"}) {
      assertTrue(r.out().contains("\"" + key + "\":"), key + " missing");
    }
    Path csv = dir.resolve("g.csv");
    assertEquals(0, simulate("gmm", "--n", "300", "--k", "3", "--out", csv.toString()).code());
    r = run(new CaviCommand(), "gmm", "--data", csv.toString(), "--k", "3", "--json", "--max-iter", "50");
    assertEquals(0, r.code(), r.err());
    for (String key : new String[] {"elbo", "elbo_trace", "iterations", "means", "weights", "covariances"}) {
      assertTrue(r.out().contains("\"" + key + "\":"), key + " missing");
    }
    assertTrue(!r.out().contains("responsibilities"), "responsibilities only on request");
    Path eq = dir.resolve("e.csv");
    assertEquals(0, simulate("earthquake", "--n", "200", "--k", "2", "--out", eq.toString()).code());
    r = run(new CaviCommand(), "earthquake", "--data", eq.toString(), "--k", "2", "--json");
    assertEquals(0, r.code(), r.err());
    for (String key : new String[] {"elbo", "elbo_trace", "iterations", "means", "rates"}) {
      assertTrue(r.out().contains("\"" + key + "\":"), key + " missing");
    }
  }

  private static String text(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\":\"([^\"]*)\"").matcher(json);
    assertTrue(m.find(), "no key " + key + " in " + json);
    return m.group(1);
  }

  @Test
  void theJsonSaysWhichCriterionStoppedTheFit() {
    Path g = dir.resolve("stop.txt");
    assertEquals(0, simulate("gmm-light", "--n", "150", "--k", "2", "--out", g.toString()).code());
    String[] common = {"gmm-light", "--data", g.toString(), "--k", "2", "--restarts", "1", "--json"};
    Run byElbo = run(new CaviCommand(), concat(common, "--max-iter", "5000"));
    assertEquals(0, byElbo.code(), byElbo.err());
    assertEquals("elbo-tolerance", text(byElbo.out(), "stopped_by"));
    assertTrue(number(byElbo.out(), "elbo_change") <= 1e-8, byElbo.out());
    Run byParams = run(new CaviCommand(), concat(common, "--tol", "0", "--param-tol", "1e-11", "--max-iter", "5000"));
    assertEquals(0, byParams.code(), byParams.err());
    assertEquals("parameter-tolerance", text(byParams.out(), "stopped_by"));
    assertTrue(number(byParams.out(), "parameter_change") <= 1e-11, byParams.out());
    assertTrue(number(byParams.out(), "iterations") >= number(byElbo.out(), "iterations"));
    // --tol 0 (and no parameter test): every sweep of --max-iter
    Run all = run(new CaviCommand(), concat(common, "--tol", "0", "--max-iter", "37"));
    assertEquals(0, all.code(), all.err());
    assertEquals("iteration-limit", text(all.out(), "stopped_by"));
    assertEquals(37, number(all.out(), "iterations"));
    assertTrue(all.out().contains("\"converged\":false"), all.out());
    Run bad = run(new CaviCommand(), concat(common, "--param-tol", "-1"));
    assertTrue(bad.code() == 2 && bad.err().contains("paramTol") && bad.err().contains("-1"), bad.err());
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void badInputGetsOneClearMessage() throws Exception {
    Path bad = dir.resolve("bad.txt");
    Files.writeString(bad, "# a comment\n1.5\n2.0\nabc\n");
    Run r = run(new CaviCommand(), "normal-gamma", "--data", bad.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("bad.txt:4") && r.err().contains("abc"), r.err());

    Path ok = dir.resolve("ok.txt");
    Files.writeString(ok, "1\n2\n3\n");
    r = run(new CaviCommand(), "gmm-light", "--data", ok.toString(), "--weights", "0.5,0.6");
    assertTrue(r.code() == 2 && r.err().contains("sum to 1"), r.err());
    r = run(new CaviCommand(), "gmm-light", "--data", ok.toString(), "--k", "4");
    assertTrue(r.code() == 2 && r.err().contains("K = 4") && r.err().contains("N = 3"), r.err());
    r = run(new CaviCommand(), "normal-gamma", "--data", ok.toString(), "--b0", "-1");
    assertTrue(r.code() == 2 && r.err().contains("b0") && r.err().contains("-1"), r.err());

    Path csv = dir.resolve("q.csv");
    Files.writeString(csv, "x,y,count\n0,0,3\n1,1\n");
    r = run(new CaviCommand(), "earthquake", "--data", csv.toString(), "--k", "1");
    assertTrue(r.code() == 2 && r.err().contains("q.csv:3") && r.err().contains("columns"), r.err());
    Files.writeString(csv, "x,y,n\n0,0,3\n1,1,2\n");
    r = run(new CaviCommand(), "earthquake", "--data", csv.toString(), "--k", "1");
    assertTrue(r.code() == 2 && r.err().contains("x, y and count"), r.err());
    Files.writeString(csv, "0,0,3.5\n1,1,2\n");
    r = run(new CaviCommand(), "earthquake", "--data", csv.toString(), "--k", "1");
    assertTrue(r.code() == 2 && r.err().contains("integers"), r.err());
  }
}
