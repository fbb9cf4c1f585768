package io.github.jvi.verification.cli;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.jvi.verification.support.Exploration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The two seed modes of the property suites, through the code path of {@code jvi verify}
 * ({@link VerifyCommand#execute}): without {@code --random} a property with a fixed seed
 * generates the same values in every run (and the test-run database, which records the runs, does
 * not change them); with {@code --random} ({@link Exploration}) every run draws a fresh seed and
 * so different values. The probe draws ten longs from [0, 10^12] without edge cases; two fresh
 * seeds giving the same ten values has probability far below 1e-20 (each value has probability
 * below 1e-3 even under jqwik's bias towards small values), the only stochastic comparison here.
 */
class SeedModeChecks {
  /** The property launched by the checks (a nested class, so no suite runs it on its own). */
  static final class Probe {
    static final List<Long> DRAWN = new ArrayList<>();

    @Property(tries = 10, seed = "4242", edgeCases = EdgeCasesMode.NONE)
    void draws(@ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long x) {
      DRAWN.add(x);
    }
  }

  private static List<Long> run(boolean random, String database) {
    Probe.DRAWN.clear();
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Probe.class))
        .configurationParameter("jqwik.database", database).build();
    VerifyCommand.execute(LauncherFactory.create(), request, new TestExecutionListener() {}, random);
    Assertions.assertEquals(10, Probe.DRAWN.size(), "tries of the probe");
    return new ArrayList<>(Probe.DRAWN);
  }

  @Test
  void fixedSeedsRepeatAndRandomSeedsDoNot() throws Exception {
    String mode = System.getProperty(Exploration.PROPERTY);
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("jvi-seeds");
    String db = dir.resolve("database").toString();
    try {
      List<Long> first = run(false, db);
      // the second run reads the database the first one wrote
      Assertions.assertEquals(first, run(false, db), "fixed seed, second run");
      List<Long> explore = run(true, db);
      Assertions.assertNotEquals(first, explore, "--random drew the fixed seed's values");
      Assertions.assertNotEquals(explore, run(true, db), "--random drew the same values twice");
      Assertions.assertEquals(first, run(false, db), "fixed seed after exploration runs");
      Assertions.assertEquals(mode, System.getProperty(Exploration.PROPERTY), "the mode is left as it was found");
    } finally {
      java.nio.file.Files.deleteIfExists(dir.resolve("database"));
      java.nio.file.Files.deleteIfExists(dir);
    }
  }
}
