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
 * <p>Why not SameDiff: in ND4J 1.0.0-M2.1 several SameDiff ops give silently wrong gradients
 * (sigmoidCrossEntropy ignores the incoming gradient; logSumExp over a dimension throws) and its
 * training step measured ~1.5x slower than hand-written INDArray code.
 */
package io.github.jvi.core.autodiff;
