package io.github.jvi.verification.cli;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import io.github.jvi.core.cli.Cli;
import io.github.jvi.verification.support.Exploration;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jvi verify}: runs the property suites (classes named {@code *Properties} or
 * {@code *Checks} under {@code io.github.jvi.verification}) through the JUnit Platform launcher
 * and prints one row per suite: properties, tries (as reported by jqwik), failures.
 *
 * <p>Every property has a fixed seed, so two runs print the same table. {@code --random} is the
 * opt-in exploration mode ({@link Exploration}): fresh seeds for every property, the seed of each
 * failure printed so that it can be pinned; CI never uses it.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Run the property-based verification suites and print a table; exit 1 on any failure.")
final class VerifyCommand implements Callable<Integer> {
  @Option(names = "--only", description = "Run only suites whose class name contains this text.")
  String only;

  @Option(names = "--json", description = "Print the table as JSON.")
  boolean json;

  @Option(names = "--random", description = "Exploration: run every property with a fresh random seed instead of its "
      + "fixed one (failures print their seed). Not deterministic; CI never sets it.")
  boolean random;

  private static final java.util.regex.Pattern TRIES = java.util.regex.Pattern.compile("(?m)^tries = (\\d+)");
  private static final java.util.regex.Pattern SEED = java.util.regex.Pattern.compile("(?m)^seed = (\\S+)");

  @Spec
  CommandSpec spec;

  static final class Row {
    int properties;
    long tries;
    int failures;
    final List<String> failed = new java.util.ArrayList<>();
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    LauncherDiscoveryRequestBuilder req = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectPackage("io.github.jvi.verification"))
        .filters(ClassNameFilter.includeClassNamePatterns(".*Properties", ".*Checks"))
        .configurationParameter("jqwik.database", tempDatabase());
    if (only != null) {
      req.filters(ClassNameFilter.includeClassNamePatterns(".*" + java.util.regex.Pattern.quote(only) + ".*"));
    }
    LauncherDiscoveryRequest request = req.build();
    Map<String, Row> rows = new LinkedHashMap<>();
    Map<String, String> seeds = new java.util.HashMap<>();
    Launcher launcher = LauncherFactory.create();
    TestExecutionListener listener = new TestExecutionListener() {
      @Override
      public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        // jqwik publishes one entry per property whose value is its report table
        entry.getKeyValuePairs().values().forEach(v -> {
          java.util.regex.Matcher m = TRIES.matcher(v);
          if (m.find()) {
            row(id).tries += Long.parseLong(m.group(1));
          }
          java.util.regex.Matcher sm = SEED.matcher(v);
          if (sm.find()) {
            seeds.put(id.getUniqueId(), sm.group(1));
          }
        });
      }

      @Override
      public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (!id.isTest()) {
          return;
        }
        Row r = row(id);
        r.properties++;
        if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
          r.failures++;
          String seed = seeds.containsKey(id.getUniqueId()) ? " [seed " + seeds.get(id.getUniqueId()) + "]" : "";
          r.failed.add(id.getDisplayName() + seed + ": " + result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
        }
      }

      private Row row(TestIdentifier id) {
        return rows.computeIfAbsent(suiteOf(id), k -> new Row());
      }
    };
    execute(launcher, request, listener, random);
    int failures = rows.values().stream().mapToInt(r -> r.failures).sum();
    if (rows.isEmpty()) {
      throw new Cli.UserError("no verification suites found" + (only == null ? "" : " matching '" + only + "'"));
    }
    if (json) {
      Map<String, Object> res = new LinkedHashMap<>();
      rows.forEach((k, r) -> res.put(k, Map.of("properties", r.properties, "tries", r.tries, "failures", r.failures,
          "failed", r.failed)));
      Cli.print(out, Map.of("suites", res, "failures", failures, "seeds", random ? "random" : "fixed"), true);
    } else {
      out.printf("%-44s %10s %10s %9s%n", "suite", "properties", "tries", "failures");
      rows.forEach((k, r) -> out.printf("%-44s %10d %10d %9d%n", k, r.properties, r.tries, r.failures));
      rows.values().forEach(r -> r.failed.forEach(f -> out.println("  FAILED " + f)));
      out.printf("%d passed, %d failed%s%n", rows.values().stream().mapToInt(r -> r.properties - r.failures).sum(), failures,
          random ? " (fresh random seeds: a failure gives its seed; pin it with @Property(seed = ...) to replay)" : "");
      out.flush();
    }
    return failures == 0 ? 0 : 1;
  }

  /**
   * Runs the request with {@link Exploration}'s system property set to {@code random} for its
   * duration (restored afterwards): the jqwik hook reads it in the same JVM.
   */
  static void execute(Launcher launcher, LauncherDiscoveryRequest request, TestExecutionListener listener, boolean random) {
    String previous = System.getProperty(Exploration.PROPERTY);
    System.setProperty(Exploration.PROPERTY, Boolean.toString(random));
    try {
      launcher.execute(request, listener);
    } finally {
      if (previous == null) {
        System.clearProperty(Exploration.PROPERTY);
      } else {
        System.setProperty(Exploration.PROPERTY, previous);
      }
    }
  }

  private static String tempDatabase() {
    try {
      java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("jvi-jqwik");
      dir.toFile().deleteOnExit();
      java.nio.file.Path db = dir.resolve("database");
      db.toFile().deleteOnExit();
      return db.toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }


  private static String suiteOf(TestIdentifier id) {
    String uid = id.getUniqueId();
    int i = uid.indexOf("[class:");
    if (i < 0) {
      return id.getDisplayName();
    }
    String cls = uid.substring(i + 7, uid.indexOf(']', i));
    return cls.substring(cls.lastIndexOf('.') + 1);
  }
}
