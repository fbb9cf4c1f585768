/**
 * Small helpers shared by the suites: sample statistics with their standard errors, array
 * conversions, and generators of matrices and probability vectors from jqwik-generated numbers.
 */
package io.github.jvi.verification.support;
