package io.github.jvi.core.cli;

import io.github.jvi.gpu.Backend;
import io.github.jvi.gpu.MemoryBenchmark;
import io.github.jvi.gpu.kernel.KernelBenchmark;
import io.github.jvi.gpu.kernel.Kernels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jvi bench kernels}: nanoseconds per element of the SIMD kernels against their ND4J
 * fallback, the staging copy alone, and the machine's STREAM copy/triad bandwidth.
 */
@Command(name = "kernels", mixinStandardHelpOptions = true,
    description = "Nanoseconds per element of the SIMD kernels (Vector API) against their ND4J fallback, the cost of "
        + "the staging copy, and STREAM-like memory bandwidth.")
public final class KernelBenchCommand implements Callable<Integer> {
  @Option(names = "--rows", defaultValue = "128", description = "Rows (default: ${DEFAULT-VALUE}).")
  int rows;

  @Option(names = "--cols", defaultValue = "784", description = "Columns (default: ${DEFAULT-VALUE}).")
  int cols;

  @Option(names = "--repetitions", defaultValue = "50", description = "Timed repetitions, best kept (default: ${DEFAULT-VALUE}).")
  int repetitions;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    if (rows < 1 || cols < 1 || repetitions < 1) {
      throw new Cli.UserError("--rows, --cols and --repetitions must be >= 1, found " + rows + ", " + cols + ", "
          + repetitions);
    }
    List<Map<String, Object>> table = new ArrayList<>();
    for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      for (KernelBenchmark.Row r : KernelBenchmark.run(rows, cols, t, repetitions)) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("kernel", r.kernel());
        row.put("type", t.toString());
        row.put("fast_ns_per_element", r.fastNs());
        row.put("fallback_ns_per_element", r.fallbackNs());
        row.put("speedup", r.fallbackNs() / r.fastNs());
        table.add(row);
      }
    }
    List<Map<String, Object>> bw = new ArrayList<>();
    for (int threads : new int[] {1, Runtime.getRuntime().availableProcessors()}) {
      for (MemoryBenchmark.Bandwidth b : MemoryBenchmark.stream(1 << 24, threads, 5)) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("kernel", b.kernel());
        row.put("threads", threads);
        row.put("gb_per_s", b.gbPerSecond());
        bw.add(row);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("backend", Backend.current().describe());
    out.put("simd", Kernels.describe());
    out.put("shape", rows + "x" + cols);
    out.put("kernels", table);
    out.put("stream_bandwidth", bw);
    var w = spec.commandLine().getOut();
    if (json) {
      Cli.print(w, out, true);
    } else {
      w.printf("%-30s %-7s %12s %14s %8s%n", "kernel (" + rows + "x" + cols + ")", "type", "fast ns/el", "fallback ns/el", "speedup");
      for (Map<String, Object> r : table) {
        w.printf("%-30s %-7s %12.3f %14.3f %7.1fx%n", r.get("kernel"), r.get("type"), (Double) r.get("fast_ns_per_element"),
            (Double) r.get("fallback_ns_per_element"), (Double) r.get("speedup"));
      }
      for (Map<String, Object> r : bw) {
        w.printf("stream %-6s threads=%d %8.1f GB/s%n", r.get("kernel"), r.get("threads"), (Double) r.get("gb_per_s"));
      }
      w.flush();
    }
    return 0;
  }
}
