/**
 * Property suites for the CAVI models of {@code io.github.jvi.vi.cavi}: the ELBO never decreases,
 * it stays below the exact log evidence (closed form for the Normal-Gamma model, enumeration of
 * every labelling for small mixtures), one component reproduces the conjugate posterior, simulated
 * parameters are recovered with an error that shrinks as N grows, results do not depend on the
 * order of the data, and bad input is rejected with a message that names the problem.
 */
package io.github.jvi.verification.cavi;
