package io.github.jvi.core.plot;

import java.nio.file.Path;
import java.util.List;

/**
 * Runs one {@link Figure} from a {@code main} method: {@code [--out DIR] [--seed N] [--full]
 * [--data DIR]}. Every figure class has a {@code main} that calls this, so each course figure can
 * be reproduced on its own (e.g. {@code java -cp ... io.github.jvi.vi.figures.X --out figs}).
 */
public final class FigureMain {
  private FigureMain() {}

  /** Parses the arguments, renders the figure and returns the files written. */
  public static List<Path> run(Figure figure, String[] args) throws Exception {
    Path out = Path.of("figures");
    long seed = 20141222L;
    boolean full = false;
    Path data = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--out" -> out = Path.of(value(args, ++i, "--out"));
        case "--seed" -> seed = Long.parseLong(value(args, ++i, "--seed"));
        case "--full" -> full = true;
        case "--data" -> data = Path.of(value(args, ++i, "--data"));
        default -> throw new IllegalArgumentException("unknown argument '" + args[i]
            + "'; usage: [--out DIR] [--seed N] [--full] [--data DIR]");
      }
    }
    return figure.render(new FigureContext(out.resolve(figure.name()), seed, full, data));
  }

  private static String value(String[] args, int i, String name) {
    if (i >= args.length) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    return args[i];
  }
}
