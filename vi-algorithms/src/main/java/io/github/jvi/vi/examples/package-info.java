/**
 * Models written as a user of jvi writes them: seven posteriordb posteriors (stan-dev/posteriordb,
 * BSD 3-Clause; their data ship in this package's resources with the attribution), the course's
 * Normal-Gamma model and a Bayesian logistic regression. Each is a static factory from a
 * posteriordb/Stan JSON data file to a {@link io.github.jvi.core.model.Model}, a line-by-line
 * transcription of the Stan program in its Javadoc; {@link io.github.jvi.vi.examples.Examples}
 * names them for {@code jvi fit}.
 */
package io.github.jvi.vi.examples;
