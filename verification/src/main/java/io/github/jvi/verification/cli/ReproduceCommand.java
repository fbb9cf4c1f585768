package io.github.jvi.verification.cli;

import io.github.jvi.core.io.AtomicFiles;
import io.github.jvi.core.plot.Figure;
import io.github.jvi.core.plot.FigureContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jvi reproduce}: runs every registered figure and writes an HTML report. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
    description = "Render every registered course figure into --out and write index.html showing them.")
final class ReproduceCommand implements Callable<Integer> {
  @Option(names = "--out", description = "Output directory (default: ${DEFAULT-VALUE}).", defaultValue = "figures")
  Path out;

  @Option(names = "--only", split = ",", description = "Render only these figures (names, comma-separated).")
  List<String> only;

  @Option(names = "--list", description = "List the registered figures and exit.")
  boolean list;

  @Option(names = "--full", description = "Course-length runs (e.g. 20 VAE epochs) instead of the quick defaults.")
  boolean full;

  @Option(names = "--seed", defaultValue = "20141222", description = "Seed for every figure (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--data", description = "MNIST directory (default: $JVI_MNIST_DIR, else ~/.jvi/data/mnist).")
  Path data;

  @Spec
  CommandSpec spec;

  /**
   * The registered figures, sorted by name.
   *
   * @throws io.github.jvi.core.cli.Cli.UserError naming the entry when a registered figure class
   *     cannot be loaded (a packaging error, reported as one line rather than a stack trace)
   */
  static List<Figure> figures() {
    List<Figure> all = new ArrayList<>();
    java.util.Iterator<Figure> it = ServiceLoader.load(Figure.class).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        all.add(it.next());
      } catch (java.util.ServiceConfigurationError e) {
        throw new io.github.jvi.core.cli.Cli.UserError("a registered figure cannot be loaded: " + e.getMessage(), e);
      }
    }
    all.sort(Comparator.comparing(Figure::name));
    return all;
  }

  @Override
  public Integer call() throws Exception {
    var outw = spec.commandLine().getOut();
    List<Figure> all = figures();
    if (list) {
      for (Figure f : all) {
        outw.printf("%-32s %s%n", f.name(), f.caption());
      }
      outw.flush();
      return 0;
    }
    List<Figure> chosen = all;
    if (only != null && !only.isEmpty()) {
      List<String> known = all.stream().map(Figure::name).toList();
      for (String name : only) {
        if (!known.contains(name)) {
          throw new IllegalArgumentException("--only: no figure named '" + name + "'; known: " + String.join(", ", known));
        }
      }
      chosen = all.stream().filter(f -> only.contains(f.name())).toList();
    }
    List<String> sections = new ArrayList<>();
    int failures = 0;
    for (Figure f : chosen) {
      long t0 = System.nanoTime();
      outw.printf("%-32s ", f.name());
      outw.flush();
      try {
        Path dir = out.resolve(f.name());
        List<Path> files = f.render(new FigureContext(dir, seed, full, data));
        double secs = (System.nanoTime() - t0) / 1e9;
        outw.printf("ok  %6.1f s  %d file(s)%n", secs, files.size());
        StringBuilder sb = new StringBuilder();
        sb.append("<section><h2>").append(esc(f.name())).append("</h2><p>").append(esc(f.caption()))
            .append("</p>\n");
        for (Path p : files) {
          String rel = out.toAbsolutePath().relativize(p.toAbsolutePath()).toString();
          sb.append("<figure><img src=\"").append(esc(rel)).append("\" alt=\"").append(esc(rel))
              .append("\"><figcaption>").append(esc(rel)).append("</figcaption></figure>\n");
        }
        sb.append(String.format("<p class=meta>rendered in %.1f s</p></section>%n", secs));
        sections.add(sb.toString());
      } catch (Exception | Error e) {
        failures++;
        outw.printf("FAILED: %s%n", e.getMessage());
        sections.add("<section><h2>" + esc(f.name()) + "</h2><p class=fail>failed: " + esc(String.valueOf(e.getMessage()))
            + "</p></section>\n");
      }
      outw.flush();
    }
    String html = "<!doctype html><html><head><meta charset=utf-8><title>jvi figures</title><style>"
        + "body{font-family:sans-serif;max-width:1100px;margin:2em auto}figure{display:inline-block;margin:.5em}"
        + "img{max-width:520px;border:1px solid #ddd}.meta{color:#888}.fail{color:#b00}</style></head><body>"
        + "<h1>jvi: reproduced figures</h1><p>seed " + seed + (full ? ", full runs" : ", quick runs") + "</p>\n"
        + String.join("", sections) + "</body></html>\n";
    Path index = out.resolve("index.html");
    AtomicFiles.writeString(index, html);
    outw.printf("wrote %s (%d figure(s), %d failed)%n", index, chosen.size(), failures);
    outw.flush();
    return failures == 0 ? 0 : 1;
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
