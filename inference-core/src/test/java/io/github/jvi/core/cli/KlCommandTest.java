package io.github.jvi.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.distribution.Gamma;
import io.github.jvi.core.kl.Kl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jvi kl} in-process: closed forms, Monte Carlo next to them, batch files, one-line errors. */
class KlCommandTest {
  // KL(N(0.5, 1.2^2) || N(0, 1)) = log(1/1.2) + (1.2^2 + 0.5^2)/2 - 1/2 (the textbook closed form)
  private static final double NORMAL_KL = Math.log(1 / 1.2) + (1.44 + 0.25) / 2 - 0.5;

  /** Runs the command; returns standard output; asserts exit status 0. */
  private static String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new KlCommand());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    assertEquals(0, code, err.toString());
    return out.toString();
  }

  /** The exception the command throws for these arguments (the root turns it into one line and exit 2). */
  private static RuntimeException failure(String... args) {
    KlCommand cmd = new KlCommand();
    CommandLine cl = new CommandLine(cmd);
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.parseArgs(args);
    RuntimeException e = assertThrows(RuntimeException.class, cmd::call);
    assertTrue(e instanceof IllegalArgumentException || e instanceof Cli.UserError, e.toString());
    assertTrue(!e.getMessage().contains("\n") || e.getMessage().contains("^"), "one line: " + e.getMessage());
    return e;
  }

  private static double jsonNumber(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\":(-?[0-9.eE+-]+)").matcher(json);
    assertTrue(m.find(), key + " in " + json);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void printsTheClosedForm() {
    String out = run("Normal(mu=0.5,sigma=1.2)", "Normal(mu=0,sigma=1)");
    assertTrue(out.contains("closed form   " + Kl.divergence(
        io.github.jvi.core.distribution.Normal.of(0.5, 1.2), io.github.jvi.core.distribution.Normal.of(0, 1)).item()), out);
    double json = jsonNumber(run("Normal(mu=0.5,sigma=1.2)", "Normal(mu=0,sigma=1)", "--json"), "kl");
    assertEquals(NORMAL_KL, json, 1e-15);
  }

  @Test
  void monteCarloSitsNextToTheClosedFormWithinFiveStandardErrors() {
    String json = run("Gamma(shape=2,rate=3)", "Gamma(shape=1.5,scale=0.5)", "--mc", "20000", "--seed", "7", "--json");
    double exact = jsonNumber(json, "kl");
    double mc = jsonNumber(json, "mc");
    double se = jsonNumber(json, "mc_standard_error");
    assertEquals(Kl.divergence(Gamma.of(2, 3), Gamma.ofShapeScale(1.5, 0.5)).item(), exact, 0.0);
    // fixed seed; |mc - exact| <= 5 SE fails with probability below 1e-6 for a fresh seed
    assertTrue(se > 0 && se < 0.05, "se " + se);
    assertEquals(exact, mc, 5 * se);
    // same seed, same estimate; the human form shows both
    assertEquals(json, run("Gamma(shape=2,rate=3)", "Gamma(shape=1.5,scale=0.5)", "--mc", "20000", "--seed", "7", "--json"));
    String human = run("Gamma(shape=2,rate=3)", "Gamma(shape=1.5,scale=0.5)", "--mc", "20000", "--seed", "7");
    assertTrue(human.contains("closed form") && human.contains("Monte Carlo") && human.contains("standard error"), human);
  }

  @Test
  void chunkedMonteCarloAgreesWithTheEstimatorOnTheSameDraws() {
    // n above one chunk (2^18): the combined mean equals Kl.monteCarlo's mean of the same stream's draws
    var p = io.github.jvi.core.distribution.Normal.of(0.3, 0.8);
    var q = io.github.jvi.core.distribution.Normal.of(0, 1);
    int n = (1 << 18) + 1000;
    double[] est = KlCommand.monteCarlo(p, q, n, io.github.jvi.gpu.Rng.of(3));
    var rng = io.github.jvi.gpu.Rng.of(3);
    var a = Kl.logRatios(p, q, 1 << 18, rng).value();
    var b = Kl.logRatios(p, q, 1000, rng).value();
    var all = org.nd4j.linalg.factory.Nd4j.concat(0, a, b);
    assertEquals(all.meanNumber().doubleValue(), est[0], 1e-14);
    assertEquals(all.stdNumber().doubleValue() / Math.sqrt(n), est[1], 1e-12);
  }

  @Test
  void pairsWithoutClosedFormNeedMonteCarloAndSaySo() {
    RuntimeException e = failure("Exponential(rate=2)", "Gamma(shape=2,rate=3)");
    assertTrue(e.getMessage().contains("no closed-form KL for Exponential || Gamma") && e.getMessage().contains("--mc"),
        e.getMessage());
    String json = run("Exponential(rate=2)", "Gamma(shape=1,rate=3)", "--mc", "20000", "--json");
    assertTrue(json.contains("\"kl\":null") && json.contains("\"note\":\"no closed form"), json);
    // Gamma(1, 3) is Exponential(3): KL(Exp(2) || Exp(3)) = log(2/3) + 3/2 - 1 (closed form)
    assertEquals(Math.log(2.0 / 3) + 0.5, jsonNumber(json, "mc"), 5 * jsonNumber(json, "mc_standard_error"));
    e = failure("Poisson(rate=2)", "Normal(mu=2,sigma=1)", "--mc", "100");
    assertTrue(e.getMessage().contains("discrete and a continuous"), e.getMessage());
  }

  @Test
  void infiniteMonteCarloEstimatesCarryANote() {
    // Normal draws below 0 have log-density NaN under a Gamma: KL is infinite
    String out = run("Normal(mu=0,sigma=1)", "Gamma(shape=2,rate=1)", "--mc", "100");
    assertTrue(out.contains("not finite"), out);
  }

  @Test
  void batchPrintsOneValuePerPairInOrder(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("pairs.tsv");
    Files.writeString(f, "# pairs\nNormal(mu=0.5,sigma=1.2)\tNormal(mu=0,sigma=1)\n\n"
        + "Poisson(rate=4)\tPoisson(rate=2)  # comment\nCategorical(probs=[0.2,0.8])\tCategorical(probs=[0.5,0.5])\n");
    String[] lines = run("--batch", f.toString()).split("\n");
    assertEquals(3, lines.length);
    assertEquals(NORMAL_KL, Double.parseDouble(lines[0]), 1e-15);
    // KL(Poisson(4) || Poisson(2)) = 4 log 2 - 4 + 2; categorical by the definition
    assertEquals(4 * Math.log(2) - 2, Double.parseDouble(lines[1]), 1e-14);
    assertEquals(0.2 * Math.log(0.4) + 0.8 * Math.log(1.6), Double.parseDouble(lines[2]), 1e-15);
    String json = run("--batch", f.toString(), "--json");
    assertTrue(json.startsWith("{\"results\":[{\"p\":\"Normal(mu=0.5,sigma=1.2)\""), json);
  }

  @Test
  void errorsAreOneLineAndSayWhere(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.tsv");
    Files.writeString(f, "Normal(mu=0,sigma=1)\tNormal(mu=0,sigma=2)\nNormal(mu=0,sigma=1) Normal(mu=0,sigma=2)\n");
    RuntimeException e = failure("--batch", f.toString());
    assertTrue(e.getMessage().startsWith(f + ":2: expected two specifications separated by one tab"), e.getMessage());
    Files.writeString(f, "Normal(mu=0,sigma=1)\tNormal(mu=0,sigma=-2)\n");
    e = failure("--batch", f.toString());
    assertTrue(e.getMessage().startsWith(f + ":1: Normal: sigma must be finite and > 0, found -2.0"), e.getMessage());
    e = failure("--batch", dir.resolve("missing").toString());
    assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    e = failure("Normal(mu=0,sigma=1)");
    assertTrue(e.getMessage().contains("expected two distributions"), e.getMessage());
    e = failure("Normal(mu=0,sigma=1)", "Normal(mu=0,sigma=1)", "--mc", "1");
    assertTrue(e.getMessage().contains("--mc must be >= 2"), e.getMessage());
    e = failure("Normal(mu=0,sigma=1)", "Nromal(mu=0,sigma=1)");
    assertTrue(e.getMessage().contains("unknown distribution 'Nromal'"), e.getMessage());
    e = failure("Normal(mu=0 sigma=1)", "Normal(mu=0,sigma=1)");
    assertTrue(e.getMessage().contains("at position 13"), e.getMessage());
  }
}
