package io.github.jvi.vi.cli;

import io.github.jvi.core.cli.Cli;
import io.github.jvi.core.io.Json;
import io.github.jvi.gpu.Rng;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options and the ending every {@code jvi simulate} command shares: {@code --seed},
 * {@code --out}, {@code --json}; the {@code #} comment that records how a file was made and what
 * generated it; and the printed summary (the output path and the generating parameters).
 */
final class SimulateOutput {
  @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "FILE",
      description = "Output file, written atomically (one number per line, or CSV for 2-D data).")
  Path out;

  @Option(names = "--json", description = "Print the summary as JSON.")
  boolean json;

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  /** The stream for this simulation. */
  Rng rng() {
    return Rng.of(seed);
  }

  /** The file's header comment: the command that made it and the generating parameters. */
  String comment(String command, Map<String, Object> truth) {
    return "simulated by jvi simulate " + command + " --seed " + seed + "\ntruth: " + Json.write(truth);
  }

  /** Prints the output path and the generating parameters. */
  void report(Map<String, Object> truth) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("out", out.toString());
    m.putAll(truth);
    Cli.print(spec.commandLine().getOut(), m, json);
  }
}
