/**
 * Kullback-Leibler divergences: one registry of closed forms ({@link io.github.jvi.core.kl.Kl}) and
 * a Monte Carlo estimator for any pair.
 */
package io.github.jvi.core.kl;
