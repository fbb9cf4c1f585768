/**
 * The kernel layer: the hot element-wise and reduction work of the VAE step, Adam and the CAVI
 * E-step as single passes of {@code jdk.incubator.vector} code over the memory of ND4J's CPU
 * buffers ({@link io.github.jvi.gpu.kernel.Kernels}), with ND4J's own ops as the fallback when the
 * module is absent or the backend is not the CPU.
 *
 * <p>Every Vector API reference lives in package-private classes ({@code VectorFloat},
 * {@code VectorDouble}) that are loaded only after {@code ModuleLayer.boot()} shows the module,
 * so the jar runs without {@code --add-modules jdk.incubator.vector} (through the fallback).
 * Data are staged through per-thread heap arrays with {@code fromArray}/{@code intoArray} (stable
 * on JDK 17 and 21+; {@code fromByteBuffer} was removed after 17).
 */
package io.github.jvi.gpu.kernel;
