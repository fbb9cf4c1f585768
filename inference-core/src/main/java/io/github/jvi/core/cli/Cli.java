package io.github.jvi.core.cli;

import io.github.jvi.core.io.Json;
import java.io.PrintWriter;
import java.util.Map;

/**
 * Shared command-line behaviour: results printed either as aligned {@code key: value} lines or
 * as one JSON object ({@code --json}), the exception type whose message is shown to the user as
 * is, and the process CPU clock of the benchmarks.
 */
public final class Cli {
  private Cli() {}

  /** A user-facing error: the launcher prints {@code jvi: <message>} and exits with status 2. */
  public static final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a message for the user. */
    public UserError(String message) {
      super(message);
    }

    /** An error with a message for the user and its cause (logged, not shown). */
    public UserError(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Prints {@code result} as JSON, or as {@code key: value} lines (arrays abbreviated). */
  public static void print(PrintWriter out, Map<String, Object> result, boolean json) {
    if (json) {
      out.println(Json.write(result));
    } else {
      int width = result.keySet().stream().mapToInt(String::length).max().orElse(0);
      for (Map.Entry<String, Object> e : result.entrySet()) {
        out.printf("%-" + width + "s  %s%n", e.getKey(), human(e.getValue()));
      }
    }
    out.flush();
  }

  /**
   * The process's CPU time over all its threads (the computation's, the JIT's, the GC's), in
   * nanoseconds, for the benchmarks' CPU figures.
   */
  public static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static String human(Object v) {
    String s = v instanceof Double d ? String.format("%.10g", d) : Json.write(v);
    return s.length() > 200 ? s.substring(0, 197) + "..." : s;
  }
}
