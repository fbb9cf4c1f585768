package io.github.jvi.verification.advi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.verification.cli.Jvi;
import io.github.jvi.vi.examples.Examples;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code jvi fit} through the real command tree ({@link Jvi#commandLine()}: the same providers and
 * error handling as the launcher): {@code --list}, one-line errors with a non-zero exit for a bad
 * model name and bad data (the field named), and the {@code --json} schema of issue 10,
 * {@code {model, method, iterations, seconds, elbo, khat, params: {name: {mean, sd, q5, q50, q95}}}},
 * on a short fit (fixed seed; only the schema and orderings are asserted, which hold for any
 * draws: q5 &lt;= q50 &lt;= q95 and sd &gt; 0 of 50 distinct draws).
 */
class FitCommandChecks {
  @TempDir
  Path dir;

  record Run(int code, String out, String err) {}

  private static Run jvi(String... args) {
    CommandLine cl = Jvi.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** Exit status 2 and exactly one line {@code jvi: ...} containing every part. */
  private static void assertUserError(Run r, String... parts) {
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("jvi: "), r.err());
    assertEquals(1, r.err().strip().lines().count(), "one line, no stack trace: " + r.err());
    for (String p : parts) {
      assertTrue(r.err().contains(p), "expected '" + p + "' in: " + r.err());
    }
  }

  @Test
  void listNamesEveryExampleModel() {
    Run r = jvi("fit", "--list");
    assertEquals(0, r.code(), r.err());
    List<String> names = new ArrayList<>();
    for (String line : r.out().strip().split("\n")) {
      names.add(line.split("\\s+")[0]);
    }
    assertEquals(new ArrayList<>(Examples.all().keySet()), names);
    assertTrue(names.containsAll(List.of("eight_schools_noncentered", "kidscore_momiq", "logearn_height", "blr",
        "low_dim_gauss_mix", "logmesquite_logvolume", "arK", "normal_gamma", "logistic_regression")), names.toString());
  }

  @Test
  void badModelsOptionsAndDataAreOneLineErrorsNamingTheField() throws Exception {
    assertUserError(jvi("fit", "no_such_model"), "no example model named 'no_such_model'", "kidscore_momiq");
    assertUserError(jvi("fit"), "name a model");
    Path f = dir.resolve("earnings.json");
    Files.writeString(f, "{\"N\": 3, \"earn\": [20000, 31000, 12000]}");
    assertUserError(jvi("fit", "logearn_height", "--data", f.toString()), "earnings.json", "missing field 'height'");
    Files.writeString(f, "{\"N\": 3, \"earn\": [20000, 31000, 12000], \"height\": [60, 70]}");
    assertUserError(jvi("fit", "logearn_height", "--data", f.toString()), "field 'height' must have 3 values, found 2");
    Files.writeString(f, "{\"N\": 3, \"earn\": [20000, -5, 12000], \"height\": [60, 70, 65]}");
    assertUserError(jvi("fit", "logearn_height", "--data", f.toString()), "earn[2] must be > 0, found -5.0");
    Files.writeString(f, "{\"N\": 3,\n \"earn\": [20000, NaN, 12000], \"height\": [60, 70, 65]}");
    assertUserError(jvi("fit", "logearn_height", "--data", f.toString()), "line 2, column 18 (field 'earn')", "NaN");
    Files.writeString(f, "{\"N\": 3, \"earn\": [20000, \"NA\", 12000], \"height\": [60, 70, 65]}");
    assertUserError(jvi("fit", "logearn_height", "--data", f.toString()), "earn[2] must be a number, found the string");
    assertUserError(jvi("fit", "logearn_height", "--data", dir.resolve("absent.json").toString()), "cannot read");
    Files.writeString(f, "{\"N\": 3, \"earn\": [20000, 31000, 12000], \"height\": [60, 70, 65]}");
    assertUserError(jvi("fit", "logearn_height", "--data", f.toString(), "--method", "exact"),
        "--method must be meanfield or fullrank, found 'exact'");
    assertUserError(jvi("fit", "logearn_height", "--data", f.toString(), "--estimator", "magic"),
        "--estimator must be pathwise, stl, score or score-cv, found 'magic'");
  }

  private static final String NUMBER = "(-?[0-9.]+(?:[eE][-+]?[0-9]+)?|NaN|-?Infinity)";

  @Test
  void jsonHasTheIssuesSchemaAndPosteriordbNames() throws Exception {
    Path csv = dir.resolve("draws.csv");
    Run r = jvi("fit", "eight_schools_noncentered", "--iterations", "20", "--samples", "1", "--draws", "50",
        "--tol-rel-obj", "0", "--seed", "3", "--json", "--output-draws", csv.toString());
    assertEquals(0, r.code(), r.err());
    String json = r.out().strip();
    assertEquals(1, json.lines().count(), "one JSON object on one line: " + json);
    assertTrue(json.startsWith("{\"model\":\"eight_schools_noncentered\",\"method\":\"meanfield\""), json);
    for (String key : List.of("iterations", "seconds", "elbo", "khat")) {
      Matcher m = Pattern.compile("\"" + key + "\":" + NUMBER + "[,}]").matcher(json);
      assertTrue(m.find(), "no numeric " + key + " in " + json);
    }
    Matcher it = Pattern.compile("\"iterations\":(\\d+)").matcher(json);
    assertTrue(it.find() && Integer.parseInt(it.group(1)) == 20, json);
    int at = json.indexOf("\"params\":{");
    assertTrue(at > 0, json);
    Matcher p = Pattern.compile("\"([^\"]+)\":\\{\"mean\":" + NUMBER + ",\"sd\":" + NUMBER + ",\"q5\":" + NUMBER
        + ",\"q50\":" + NUMBER + ",\"q95\":" + NUMBER + "}").matcher(json.substring(at));
    List<String> names = new ArrayList<>();
    while (p.find()) {
      names.add(p.group(1));
      double sd = Double.parseDouble(p.group(3));
      double q5 = Double.parseDouble(p.group(4));
      double q50 = Double.parseDouble(p.group(5));
      double q95 = Double.parseDouble(p.group(6));
      assertTrue(sd > 0 && q5 <= q50 && q50 <= q95, p.group(0));
    }
    List<String> expected = new ArrayList<>();
    for (int j = 1; j <= 8; j++) {
      expected.add("theta_trans[" + j + "]");
    }
    expected.add("mu");
    expected.add("tau");
    for (int j = 1; j <= 8; j++) {
      expected.add("theta[" + j + "]");
    }
    assertEquals(expected, names);
    List<String> lines = Files.readAllLines(csv);
    assertEquals(String.join(",", expected), lines.get(0));
    assertEquals(51, lines.size());
  }
}
