package io.github.jvi.gpu;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The active ND4J backend: its name (CPU or CUDA), device, memory, default data type and
 * native thread count. Every {@code jvi} command prints {@link #describe()} first, so that a
 * figure or a benchmark always says what it ran on.
 *
 * <p>Thread settings are read when the natives load: {@code OMP_NUM_THREADS} (and
 * {@code OMP_WAIT_POLICY}) must be set by the launcher. On 2-core machines the default setting
 * ran training 2-3x slower (two OpenMP pools busy-waiting against each other), which is why the
 * {@code jvi} launcher sets {@code OMP_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE}, and
 * {@code OPENBLAS_THREAD_TIMEOUT=16}: OpenBLAS's workers then spin about 2^16 cycles after a
 * matrix product before sleeping instead of 2^28, which leaves the second core to Java's threads
 * between products (a VAE epoch: 8.5 s against 9.6 s).
 */
public final class Backend {
  private final String name;
  private final String device;
  private final long memoryBytes;
  private final DataType defaultType;
  private final int threads;
  private final String blas;
  private final String blasCore;

  private Backend(String name, String device, long memoryBytes, DataType defaultType, int threads,
      String blas, String blasCore) {
    this.name = name;
    this.device = device;
    this.memoryBytes = memoryBytes;
    this.defaultType = defaultType;
    this.threads = threads;
    this.blas = blas;
    this.blasCore = blasCore;
  }

  /** Loads ND4J (if not yet loaded) and reads what backend is active. */
  public static Backend current() {
    Map<Object, Object> info = Nd4j.getExecutioner().getEnvironmentInformation();
    String backend = String.valueOf(info.getOrDefault("backend", Nd4j.getBackend().getClass().getSimpleName()));
    String device = "CPU".equalsIgnoreCase(backend)
        ? "cpu (" + info.getOrDefault("cores", Runtime.getRuntime().availableProcessors()) + " cores)"
        : String.valueOf(info.getOrDefault("cuda.deviceName", "cuda:0"));
    long mem = toLong(info.get("memory.available"), Runtime.getRuntime().maxMemory());
    int threads = (int) toLong(info.get("omp.threads"), Nd4j.getEnvironment().maxThreads());
    String blas = String.valueOf(info.getOrDefault("blas.vendor", "?"));
    OpenBlasCore.warnIfGeneric();
    String core = OpenBlasCore.current().orElse("n/a");
    return new Backend(backend, device, mem, Nd4j.dataType(), threads, blas, core);
  }

  private static long toLong(Object o, long fallback) {
    if (o instanceof Number n) {
      return n.longValue();
    }
    try {
      return o == null ? fallback : Long.parseLong(o.toString());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** "CPU" or "CUDA". */
  public String name() {
    return name;
  }

  /** The device, e.g. "cpu (2 cores)". */
  public String device() {
    return device;
  }

  /** Memory available to ND4J, in bytes. */
  public long memoryBytes() {
    return memoryBytes;
  }

  /** ND4J's default floating-point type. */
  public DataType defaultDataType() {
    return defaultType;
  }

  /** Native (OpenMP) threads. */
  public int threads() {
    return threads;
  }

  /** BLAS vendor, e.g. OPENBLAS. */
  public String blas() {
    return blas;
  }

  /**
   * The OpenBLAS kernel in use ({@link OpenBlasCore#current()}), e.g. "SkylakeX", or "n/a" when no
   * OpenBLAS is loaded.
   */
  public String blasCore() {
    return blasCore;
  }

  /**
   * One line: {@code backend=CPU device=cpu (2 cores) threads=2 blas=OPENBLAS blas_core=SkylakeX
   * dtype=FLOAT memory=6.0GiB ...}.
   */
  public String describe() {
    return String.format("backend=%s device=%s threads=%d blas=%s blas_core=%s simd=%s dtype=%s memory=%.1fGiB omp_wait=%s blas_spin=%s",
        name, device, threads, blas, blasCore, io.github.jvi.gpu.kernel.Kernels.describe(), defaultType,
        memoryBytes / (1024.0 * 1024 * 1024),
        Objects.requireNonNullElse(System.getenv("OMP_WAIT_POLICY"), "default"),
        Objects.requireNonNullElse(System.getenv("OPENBLAS_THREAD_TIMEOUT"), "default"));
  }

  @Override
  public String toString() {
    return describe();
  }
}
