package io.github.jvi.vi.posterior;

import io.github.jvi.core.io.AtomicFiles;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws of a model's named scalars (latents in the constrained space, then derived quantities,
 * with Stan's 1-based names such as {@code beta[1]}), one row per draw.
 *
 * <p>Quantiles are the type-7 sample quantiles (linear interpolation between order statistics,
 * R's and NumPy's default); sd is the sample standard deviation (divisor S - 1), computed in two
 * passes.
 */
public final class PosteriorDraws {
  private final List<String> names;
  private final double[][] draws; // [S][P]

  private PosteriorDraws(List<String> names, double[][] draws) {
    this.names = names;
    this.draws = draws;
  }

  /** Draws with the given names; every row has one value per name. */
  public static PosteriorDraws of(List<String> names, double[][] draws) {
    if (draws.length < 2) {
      throw new IllegalArgumentException("draws must have at least 2 rows, found " + draws.length);
    }
    for (int i = 0; i < draws.length; i++) {
      if (draws[i].length != names.size()) {
        throw new IllegalArgumentException("draws[" + i + "] must have " + names.size() + " values, found " + draws[i].length);
      }
    }
    return new PosteriorDraws(List.copyOf(names), draws);
  }

  /** The scalars' names. */
  public List<String> names() {
    return names;
  }

  /** S. */
  public int size() {
    return draws.length;
  }

  /** The draws of scalar {@code name}. */
  public double[] column(String name) {
    int j = names.indexOf(name);
    if (j < 0) {
      throw new IllegalArgumentException("no scalar named '" + name + "'; the draws have " + names);
    }
    double[] out = new double[draws.length];
    for (int i = 0; i < draws.length; i++) {
      out[i] = draws[i][j];
    }
    return out;
  }

  /** The summary of scalar {@code name}. */
  public Summary summary(String name) {
    return summarize(column(name));
  }

  /** Every scalar's summary, in order. */
  public Map<String, Summary> summaries() {
    Map<String, Summary> out = new LinkedHashMap<>();
    for (String n : names) {
      out.put(n, summary(n));
    }
    return out;
  }

  /** Mean, sd (S - 1) and type-7 quantiles of x. */
  public static Summary summarize(double[] x) {
    int n = x.length;
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= n;
    double ss = 0;
    for (double v : x) {
      ss += (v - mean) * (v - mean);
    }
    double[] sorted = x.clone();
    Arrays.sort(sorted);
    return new Summary(mean, Math.sqrt(ss / (n - 1)), quantile(sorted, 0.05), quantile(sorted, 0.5),
        quantile(sorted, 0.95));
  }

  /** The type-7 quantile of sorted values. */
  static double quantile(double[] sorted, double p) {
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  /** Writes the draws as CSV (a header of names, one row per draw), atomically. */
  public void writeCsv(Path file) {
    StringBuilder b = new StringBuilder(String.join(",", names)).append('\n');
    for (double[] row : draws) {
      for (int j = 0; j < row.length; j++) {
        b.append(j > 0 ? "," : "").append(row[j]);
      }
      b.append('\n');
    }
    AtomicFiles.writeString(file, b.toString());
  }
}
