package io.github.jvi.core.model;

import io.github.jvi.core.autodiff.Var;
import java.util.Arrays;
import java.util.List;

/**
 * One term of a model's log joint: a name, the latents it reads (its Markov blanket), and either a
 * log density of the latents alone ({@link Density}) or a sum over the rows of a data table
 * ({@link RowDensity}).
 *
 * <p>A row-summed factor evaluated on a minibatch B of its N rows and scaled by N / |B| is an
 * unbiased estimate of the full sum when B is drawn uniformly (Hoffman et al. 2013, sec. 2.4):
 * E_B[(N / |B|) sum_{n in B} l_n] = sum_n l_n.
 */
public final class Factor {
  /** log f(z) of the latents. */
  @FunctionalInterface
  public interface Density {
    /** A single-element value (rank 0, or one element). */
    Var logDensity(Values z);
  }

  /** sum over the given rows of log f(x_n, z). */
  @FunctionalInterface
  public interface RowDensity {
    /** A single-element value: the sum over {@code rows}' rows. */
    Var logDensity(Values z, Data rows);
  }

  private final String name;
  private final List<String> latents;
  private final Density density;
  private final RowDensity rowDensity;
  private final Data data;

  private Factor(String name, List<String> latents, Density density, RowDensity rowDensity, Data data) {
    this.name = name;
    this.latents = latents;
    this.density = density;
    this.rowDensity = rowDensity;
    this.data = data;
  }

  static Factor of(String name, List<String> latents, Density density) {
    return new Factor(name, List.copyOf(latents), density, null, null);
  }

  static Factor rows(String name, List<String> latents, Data data, RowDensity density) {
    return new Factor(name, List.copyOf(latents), null, density, data);
  }

  /** The factor's name. */
  public String name() {
    return name;
  }

  /** The latents this factor reads. */
  public List<String> latents() {
    return latents;
  }

  /** Whether the factor reads latent {@code latent}. */
  public boolean touches(String latent) {
    return latents.contains(latent);
  }

  /** Whether this factor is a sum over the rows of {@link #data()}. */
  public boolean isRowSum() {
    return rowDensity != null;
  }

  /** The data of a row-summed factor (null otherwise). */
  public Data data() {
    return data;
  }

  /** The factor's log density on all its data. */
  public Var evaluate(Values z) {
    Values mine = z.restrictedTo(name, latents);
    return scalar(isRowSum() ? rowDensity.logDensity(mine, data) : density.logDensity(mine));
  }

  /**
   * (N / |B|) sum_{n in B} log f(x_n, z): a row-summed factor on the minibatch {@code rows} of
   * its data, scaled to the full data.
   *
   * @param rows the minibatch, drawn from this factor's data (or a stream of the same rows)
   * @param total N, the number of rows the minibatch stands for
   */
  public Var evaluate(Values z, Data rows, long total) {
    if (!isRowSum()) {
      throw new IllegalStateException("factor '" + name + "' is not a sum over data rows");
    }
    Var sum = scalar(rowDensity.logDensity(z.restrictedTo(name, latents), rows));
    return rows.rows() == total ? sum : sum.mul((double) total / rows.rows());
  }

  private Var scalar(Var v) {
    if (v == null || v.value().length() != 1) {
      throw new IllegalStateException("factor '" + name + "' must return a single value (sum its terms), found shape "
          + (v == null ? "null" : Arrays.toString(v.shape())));
    }
    return v.rank() == 0 ? v : v.sum();
  }

  @Override
  public String toString() {
    return name + latents + (isRowSum() ? " (sum over " + data.rows() + " rows)" : "");
  }
}
