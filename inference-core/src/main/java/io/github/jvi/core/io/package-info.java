/**
 * Reading and writing files: plain-text data files (one number per line, CSV with an optional
 * header; {@code #} comments), a small JSON writer for {@code --json} output, and atomic file
 * replacement (write to a temporary name, then move into place).
 */
package io.github.jvi.core.io;
