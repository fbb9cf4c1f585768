/**
 * Exponential-family identities for every family that implements
 * {@link io.github.jvi.core.distribution.ExponentialFamily}: the gradient of the log-normaliser
 * is the mean of the sufficient statistics, and the Fisher information is both the Hessian of the
 * log-normaliser and the covariance of the sufficient statistics.
 */
package io.github.jvi.verification.expfam;
