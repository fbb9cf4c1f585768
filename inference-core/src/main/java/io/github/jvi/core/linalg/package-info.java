/**
 * Small dense linear algebra written once for the whole library: the Cholesky factor of a
 * symmetric positive-definite matrix, its inverse and log-determinant
 * ({@link io.github.jvi.core.linalg.Cholesky}). Used by the distributions (MultivariateNormal), the
 * CAVI mixtures (Wishart factors), EM and the data-dependent priors.
 */
package io.github.jvi.core.linalg;
