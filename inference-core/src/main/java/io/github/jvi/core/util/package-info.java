/** Argument validation with messages that name the parameter and the value found. */
package io.github.jvi.core.util;
