package io.github.jvi.gpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which OpenBLAS kernel ("core") the process loaded, and a warning when it is the generic one on a
 * CPU that has better.
 *
 * <p>OpenBLAS built with {@code DYNAMIC_ARCH} (the one bundled with ND4J 1.0.0-M2.1 is 0.3.19) picks
 * a kernel table when it loads, from {@code OPENBLAS_CORETYPE} if set, else from the CPU id. CPUs
 * newer than the library fall back to the generic "Prescott" kernel: on an Intel Emerald Rapids
 * Xeon (family 6, model 207) that gave 39.5 GFLOP/s sgemm against 154.6 with
 * {@code OPENBLAS_CORETYPE=SkylakeX}. JavaCPP's {@code org.bytedeco.openblas.global.openblas} does
 * not bind {@code openblas_get_corename}, so the core is read without a native call: the library's
 * exported global {@code gotoblas} points at the selected table, and each table is an exported
 * symbol {@code gotoblas_<CORE>}; the one whose address matches is the core in use. The variable
 * is read, never written.
 */
public final class OpenBlasCore {
  private static final Logger LOG = LoggerFactory.getLogger(OpenBlasCore.class);

  /** OpenBLAS 0.3.19's x86-64 DYNAMIC_ARCH tables, named as {@code openblas_get_corename} names them. */
  private static final String[] CORES = {
      "Prescott", "Haswell", "SkylakeX", "Cooperlake", "Zen", "SandyBridge", "Nehalem", "Core2",
      "Barcelona", "Bulldozer", "Piledriver", "Steamroller", "Excavator", "Athlon", "Banias", "Katmai",
      "Coppermine", "Northwood", "Atom", "Penryn", "Dunnington", "Opteron", "Opteron_SSE3", "Nano",
      "Bobcat"};

  private static volatile boolean checked;

  private OpenBlasCore() {}

  /**
   * The OpenBLAS core loaded in this process, e.g. {@code "SkylakeX"}, or empty when no OpenBLAS
   * with DYNAMIC_ARCH symbols is loaded (CUDA backend, another BLAS) or JavaCPP cannot look symbols
   * up. Loads ND4J's natives first if they are not yet loaded.
   */
  public static Optional<String> current() {
    try {
      org.nd4j.linalg.factory.Nd4j.getExecutioner(); // the natives, and with them OpenBLAS
      Pointer table = Loader.addressof("gotoblas");
      if (table == null || table.isNull()) {
        return Optional.empty();
      }
      long selected = new PointerPointer<Pointer>(table).get(0).address();
      for (String core : CORES) {
        Pointer p = Loader.addressof("gotoblas_" + core.toUpperCase(Locale.ROOT));
        if (p != null && !p.isNull() && p.address() == selected) {
          return Optional.of(core);
        }
      }
      return Optional.of("unknown");
    } catch (RuntimeException | LinkageError e) {
      return Optional.empty();
    }
  }

  /**
   * The {@code OPENBLAS_CORETYPE} this CPU should use, from the flags in {@code /proc/cpuinfo}:
   * {@code SkylakeX} with {@code avx512f}, {@code Haswell} with {@code avx2}, else empty (the
   * library's own choice is then right, or the file is not there).
   */
  public static Optional<String> recommended() {
    try {
      String flags = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("flags")).findFirst().orElse("");
      String padded = " " + flags.substring(flags.indexOf(':') + 1).trim() + " ";
      if (padded.contains(" avx512f ")) {
        return Optional.of("SkylakeX");
      }
      if (padded.contains(" avx2 ")) {
        return Optional.of("Haswell");
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Logs one SLF4J warning per process when OpenBLAS loaded its generic Prescott kernel on a CPU
   * with AVX2 or AVX-512, naming the environment variable to set. Later calls do nothing.
   */
  public static void warnIfGeneric() {
    if (checked) {
      return;
    }
    synchronized (OpenBlasCore.class) {
      if (checked) {
        return;
      }
      checked = true;
      Optional<String> core = current();
      Optional<String> better = recommended();
      if (core.isPresent() && core.get().equals("Prescott") && better.isPresent()) {
        LOG.warn("OpenBLAS loaded its generic Prescott kernel on a CPU with {}: matrix products run 2-4x "
                + "slower. Set OPENBLAS_CORETYPE={} in the environment before the JVM starts (the jvi "
                + "launcher does this).", better.get().equals("SkylakeX") ? "AVX-512" : "AVX2", better.get());
      }
    }
  }
}
