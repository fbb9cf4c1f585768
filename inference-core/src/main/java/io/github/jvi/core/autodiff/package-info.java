/**
 * Reverse-mode automatic differentiation over ND4J arrays.
 *
 * <p>A {@link io.github.jvi.core.autodiff.Var} wraps an {@code INDArray} value and, when any of
 * its inputs needs a gradient, remembers its inputs and a backward rule (the vector-Jacobian
 * product). {@link io.github.jvi.core.autodiff.Gradients#of} walks the graph from a scalar output
 * in reverse topological order. Element-wise ops broadcast like NumPy; gradients are summed back
 * to each input's shape. Values that need no gradient record nothing, so the same code computes
 * plain forward values at no graph cost. Every op is checked against float64 central differences
 * by {@link io.github.jvi.core.autodiff.GradCheck} in the verification suites.
 *
 * <p><b>The host path for small arrays.</b> At the sizes of small models (a few parameters, S
 * draws, hundreds of data rows) ND4J's fixed cost per call (5-30 us measured) is the whole cost of
 * an op. A {@code Var} may therefore hold a float64 value of at most 2^14 elements as a C-ordered
 * {@code double[]} and a shape, and compute on it in plain Java loops, forward and backward:
 * <ul>
 *   <li>Host values are made by {@link io.github.jvi.core.autodiff.Var#param(double[], long...)}
 *       and {@link io.github.jvi.core.autodiff.Var#constant(double[], long...)}, and by every op
 *       whose operands include a host value and are all small float64 arrays (an ND4J operand is
 *       then copied to the host; an op output once, a leaf each time it is read). Graphs of ND4J
 *       values alone, float32 values and arrays above 2^14 elements take the ND4J path exactly as
 *       before: same calls, same bits.</li>
 *   <li>{@code value()} makes the ND4J array of a host value on first request;
 *       {@link io.github.jvi.core.autodiff.Gradients#get} likewise, and
 *       {@link io.github.jvi.core.autodiff.Gradients#getDoubles} returns the host gradient
 *       without one (for {@link io.github.jvi.core.optim.Adam#step(double[][], double[][])}).</li>
 *   <li>Custom ops ({@link io.github.jvi.core.autodiff.Var#op}) may take host inputs: their rule
 *       runs on ND4J arrays and the gradient crosses between the paths by one copy.</li>
 *   <li>Accuracy: the host path agrees with the ND4J path within 4.2e-15 relative to
 *       max(1, |value|) (the worst case measured, a sum of ~4000 elements; the tests require
 *       1e-13): the only differences are the last-bit rounding of
 *       exp, log and friends (Java's {@code Math} against libnd4j's) and the order in which a
 *       reduction adds (in row-major order of the input here). Determinism: same inputs, same
 *       bits; nothing depends on threads.</li>
 *   <li>{@link io.github.jvi.core.autodiff.Var#withoutHostPath} turns the host path off on one
 *       thread for a block (benchmarks, tests comparing the paths).</li>
 * </ul>
 * {@code jvi bench autodiff} measures both paths on an ADVI iteration of kidscore_momiq.
 *
 * <p>Why not SameDiff: in ND4J 1.0.0-M2.1 several SameDiff ops give silently wrong gradients
 * (sigmoidCrossEntropy ignores the incoming gradient; logSumExp over a dimension throws) and its
 * training step measured ~1.5x slower than hand-written INDArray code.
 */
package io.github.jvi.core.autodiff;
