package io.github.jvi.core.plot;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how a figure is rendered: the output directory, the seed, and whether to run the
 * full (course-length, slow) version or the quick default that finishes in seconds to minutes.
 *
 * @param outDir directory for the figure's files
 * @param seed the seed for every random stream the figure uses
 * @param full true for the course-length runs (e.g. 20 VAE epochs), false for short runs
 * @param dataDir the MNIST directory given with --data, or null for the default lookup
 */
public record FigureContext(Path outDir, long seed, boolean full, Path dataDir) {
  /** Validates. */
  public FigureContext {
    Objects.requireNonNull(outDir, "outDir");
  }

  /** A file in the output directory. */
  public Path file(String name) {
    return outDir.resolve(name);
  }
}
