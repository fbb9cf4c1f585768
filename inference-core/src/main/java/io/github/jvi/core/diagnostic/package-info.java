/** Diagnostics of approximate inference: Pareto-smoothed importance sampling's k-hat. */
package io.github.jvi.core.diagnostic;
