/**
 * MNIST from the original IDX files: a validating IDX reader ({@link io.github.jvi.vae.data.Idx}),
 * the directory lookup and checked download ({@link io.github.jvi.vae.data.Mnist}), and an
 * in-memory data set with seeded minibatches ({@link io.github.jvi.vae.data.Dataset}).
 */
package io.github.jvi.vae.data;
