package io.github.jvi.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code jvi bench autodiff} in-process on a few iterations: both paths run the same ADVI
 * trajectory (deterministic: same seed, same draws), and bad options are one-line errors. Timings
 * are printed, never asserted.
 */
class AutodiffBenchCommandTest {
  private static String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new AutodiffBenchCommand());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    assertEquals(0, cl.execute(args), err.toString());
    return out.toString();
  }

  private static double number(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*(-?[0-9.eE+-]+)").matcher(json);
    assertTrue(m.find(), key + " in " + json);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void bothPathsFollowTheSameTrajectory(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("kidiq.json");
    Files.writeString(data, "{\"N\": 4, \"kid_score\": [65, 98, 85, 83], \"mom_iq\": [121.1, 89.4, 115.4, 99.4]}");
    String json = run("--data", data.toString(), "--iterations", "20", "--warmup", "5", "--repetitions", "2", "--json");
    assertTrue(number(json, "max_rel_difference_of_q_params") < 1e-12, json);
    assertEquals(4, number(json, "N"), json);
    assertTrue(number(json, "host_speedup") > 0, json);
    String text = run("--iterations", "3", "--warmup", "0", "--repetitions", "1", "--paths", "host");
    assertTrue(text.contains("synthetic N=434") && text.contains("host"), text);
  }

  @Test
  void badOptionsAreOneLineErrors(@TempDir Path dir) throws Exception {
    assertEquals("--paths must name nd4j and/or host, found gpu", failure("--paths", "gpu").getMessage());
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"N\": 2, \"kid_score\": [1, 2]}");
    assertTrue(failure("--data", bad.toString()).getMessage().contains("\"mom_iq\""));
    assertTrue(failure("--samples", "0").getMessage().contains("--samples"));
  }

  private static RuntimeException failure(String... args) {
    AutodiffBenchCommand cmd = new AutodiffBenchCommand();
    CommandLine cl = new CommandLine(cmd);
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.parseArgs(args);
    RuntimeException e = assertThrows(Cli.UserError.class, cmd::call);
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    return e;
  }
}
