/** Figures of the foundation: distribution samples against densities, KL closed forms against Monte Carlo. */
package io.github.jvi.verification.figures;
