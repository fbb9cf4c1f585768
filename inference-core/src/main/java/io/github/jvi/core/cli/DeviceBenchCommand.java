package io.github.jvi.core.cli;

import io.github.jvi.gpu.Backend;
import io.github.jvi.gpu.DeviceBenchmark;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jvi bench device}: GEMM throughput of the active backend. */
@Command(name = "device", mixinStandardHelpOptions = true,
    description = "Measure matrix-product throughput (GFLOP/s) of the active backend: square sizes and VAE-shaped products.")
public final class DeviceBenchCommand implements Callable<Integer> {
  @Option(names = "--size", defaultValue = "2048", description = "Square size n (default: ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--repetitions", defaultValue = "5", description = "Timed repetitions, best kept (default: ${DEFAULT-VALUE}).")
  int repetitions;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    List<Map<String, Object>> rows = new ArrayList<>();
    double peak = 0;
    int[][] shapes = {{size, size, size}, {128, 784, 512}, {128, 512, 512}, {512, 128, 784}};
    for (int[] s : shapes) {
      for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
        DeviceBenchmark.Gemm g = DeviceBenchmark.gemm(s[0], s[1], s[2], t, repetitions);
        if (s[0] == size && t == DataType.FLOAT) {
          peak = g.gflops();
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("shape", s[0] + "x" + s[1] + "x" + s[2]);
        row.put("type", t.toString());
        row.put("ms", g.seconds() * 1e3);
        row.put("gflops", g.gflops());
        row.put("fraction_of_peak", peak > 0 ? g.gflops() / peak : 1.0);
        rows.add(row);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("backend", Backend.current().describe());
    out.put("sgemm_peak_gflops", peak);
    out.put("products", rows);
    var w = spec.commandLine().getOut();
    if (json) {
      Cli.print(w, out, true);
    } else {
      w.printf("%-16s %-7s %10s %10s %8s%n", "product", "type", "ms", "GFLOP/s", "of peak");
      for (Map<String, Object> r : rows) {
        w.printf("%-16s %-7s %10.3f %10.1f %7.0f%%%n", r.get("shape"), r.get("type"), (Double) r.get("ms"),
            (Double) r.get("gflops"), 100 * (Double) r.get("fraction_of_peak"));
      }
      w.flush();
    }
    return 0;
  }
}
