package io.github.jvi.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenBlasCoreTest {
  private static final List<String> KNOWN = List.of("Prescott", "Haswell", "SkylakeX", "Cooperlake", "Zen",
      "SandyBridge", "Nehalem", "Core2", "Barcelona", "Bulldozer", "Piledriver", "Steamroller", "Excavator");

  @Test
  void readsTheLoadedCoreOfTheBundledOpenBlas() {
    Optional<String> core = OpenBlasCore.current();
    assertTrue(core.isPresent(), "the CPU backend bundles OpenBLAS with DYNAMIC_ARCH symbols");
    assertTrue(KNOWN.contains(core.get()), "a known OpenBLAS core, found " + core.get());
    String forced = System.getenv("OPENBLAS_CORETYPE");
    if (forced != null && forced.equalsIgnoreCase("Prescott")) {
      assertEquals("Prescott", core.get());
    } else if (forced != null && forced.equalsIgnoreCase("Haswell")) {
      // a forced core is what OpenBLAS loads (Haswell runs on every AVX2 machine this runs on)
      assertEquals("Haswell", core.get());
    }
  }

  @Test
  void backendLineNamesTheCore() {
    Backend b = Backend.current();
    assertTrue(b.describe().contains("blas_core=" + b.blasCore()), b.describe());
    assertEquals(OpenBlasCore.current().orElse("n/a"), b.blasCore());
  }

  @Test
  void recommendationFollowsTheCpuFlags() {
    Optional<String> r = OpenBlasCore.recommended();
    r.ifPresent(x -> assertTrue(x.equals("SkylakeX") || x.equals("Haswell"), x));
  }
}
