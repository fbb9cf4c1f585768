/**
 * Property suite for the bijectors of {@code core.bijector} (issue 10): round trips, the
 * log-Jacobian against finite differences of the Jacobian's log-determinant, float64 gradient
 * checks of the map and its log-Jacobian, constrained values inside the support over wide ranges,
 * and clear errors on bad input.
 */
package io.github.jvi.verification.bijector;
