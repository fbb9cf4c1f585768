/**
 * Special functions on doubles and element-wise on ND4J arrays: log-gamma, digamma, trigamma
 * (Hipparchus), and the stable forms softplus, log-sum-exp, log1mexp.
 */
package io.github.jvi.core.special;
