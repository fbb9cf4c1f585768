/**
 * Independent reference computations for the suites, built on Apache Commons Math 3 and plain
 * Java rather than on jvi's own code: adaptive Gauss-Legendre quadrature
 * ({@link io.github.jvi.verification.oracle.Quadrature}), KL divergences by quadrature, exact
 * summation and dense linear algebra ({@link io.github.jvi.verification.oracle.ReferenceKl}).
 */
package io.github.jvi.verification.oracle;
