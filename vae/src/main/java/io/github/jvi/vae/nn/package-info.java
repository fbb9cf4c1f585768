/**
 * Neural-network building blocks on {@link io.github.jvi.core.autodiff.Var}: named parameter
 * arrays ({@link io.github.jvi.vae.nn.Parameters}) and views of them as graph leaves
 * ({@link io.github.jvi.vae.nn.Params}), and layers whose forward pass is a fused op with a
 * hand-written backward rule: dense layers (matrix product, bias and ReLU in one graph node),
 * two-dimensional convolution and transposed convolution (ND4J's native conv2d / deconv2d and
 * their _bp ops), composed into multilayer perceptrons and convolutional stacks.
 *
 * <p>Layers hold parameter indices, not arrays: the same network runs on float32 leaves in
 * training, on constants in evaluation (no graph is recorded), and on the float64 leaves of a
 * finite-difference gradient check.
 */
package io.github.jvi.vae.nn;
