package io.github.jvi.core.cli;

import java.util.List;

/**
 * Contributes picocli command objects to the {@code jvi} command tree. Register implementations
 * in {@code META-INF/services/io.github.jvi.core.cli.CommandProvider}.
 *
 * <p>{@link #parent()} names the group the commands go under: {@code ""} for the root (e.g.
 * {@code jvi cavi}), or a group name such as {@code "bench"} or {@code "simulate"}, which the
 * root creates when the first provider names it; commands from different modules share groups.
 */
public interface CommandProvider {
  /** The group: "" for the root, otherwise a group name such as "bench". */
  default String parent() {
    return "";
  }

  /** Picocli command objects (annotated with {@code @Command}). */
  List<Object> commands();
}
