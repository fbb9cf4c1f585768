/**
 * The array layer: which ND4J backend is active ({@link io.github.jvi.gpu.Backend}) and
 * explicitly seeded random streams ({@link io.github.jvi.gpu.Rng}). This is the only module
 * whose build names an ND4J backend artifact; every other module sees only {@code nd4j-api}.
 */
package io.github.jvi.gpu;
