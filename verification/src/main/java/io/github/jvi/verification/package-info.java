/**
 * Evidence: the jqwik property suites over every module (classes named {@code *Properties} or
 * {@code *Checks}, run by {@code mvn test} and by {@code jvi verify}), and the {@code jvi} command.
 */
package io.github.jvi.verification;
