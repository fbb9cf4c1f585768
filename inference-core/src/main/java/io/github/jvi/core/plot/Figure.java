package io.github.jvi.core.plot;

import java.nio.file.Path;
import java.util.List;

/**
 * One reproducible figure (or a small set of them) of the course. Register implementations in
 * {@code META-INF/services/io.github.jvi.core.plot.Figure}; {@code jvi reproduce} runs every one
 * and writes an HTML report that shows its files with its caption.
 */
public interface Figure {
  /** Short unique name, used by {@code jvi reproduce --only NAME} (e.g. "cavi-normal-gamma"). */
  String name();

  /** One or two sentences shown under the figure: what it shows and what to look for. */
  String caption();

  /**
   * Produces the figure files in {@code ctx.outDir()} and returns their paths (PNG files shown in
   * the report, in order). Must be deterministic given {@code ctx.seed()}.
   */
  List<Path> render(FigureContext ctx) throws Exception;
}
