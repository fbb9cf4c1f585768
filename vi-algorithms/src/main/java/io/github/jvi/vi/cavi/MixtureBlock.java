package io.github.jvi.vi.cavi;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A block of points in the form the mixtures' E-step reads ({@link MixtureEngine#blockEStep}): the
 * features phi_n = (1, u_n, x_n, x_ni x_nj for i &lt;= j) of B points as one float64 [F, B] array,
 * F = 1 + U + D + D(D+1)/2. Made once from rows ({@link MixtureLocalStep#block}) and kept, e.g.
 * cached in a Spark partition, so that every later E-step on these points is the vectorised block
 * step of single-machine CAVI. Memory: 8 F bytes per point, off the Java heap. Serialisable (the
 * features are written as plain doubles).
 */
public final class MixtureBlock implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int u;
  private final int d;
  private final int points;
  private transient INDArray phi;

  MixtureBlock(int u, int d, INDArray phi) {
    this.u = u;
    this.d = d;
    this.points = (int) phi.size(1);
    this.phi = phi;
  }

  /**
   * The features of rows [from, to) of a row-major array of U + D numbers per row (U non-location
   * features, then the D coordinates of the location, centred as the model's step expects),
   * [F, to - from].
   *
   * @param u number of non-location features, &gt;= 0
   * @param d location dimension, &gt;= 1
   */
  public static MixtureBlock of(double[] rows, int from, int to, int u, int d) {
    java.util.Objects.requireNonNull(rows, "rows");
    if (u < 0) {
      throw new IllegalArgumentException("u must be >= 0, found " + u);
    }
    if (d < 1) {
      throw new IllegalArgumentException("d must be >= 1, found " + d);
    }
    int w = u + d;
    if (from < 0 || to <= from || (long) to * w > rows.length) {
      throw new IllegalArgumentException("rows [" + from + ", " + to + ") of " + w + " numbers each must be a "
          + "non-empty range of an array of " + rows.length + " numbers");
    }
    int m = to - from;
    int f = MixtureEngine.featureCount(u, d);
    double[] a = new double[f * m];
    for (int p = 0; p < m; p++) {
      int o = (from + p) * w;
      a[p] = 1.0;
      for (int i = 0; i < w; i++) { // u_n, then x_n
        a[(1 + i) * m + p] = rows[o + i];
      }
      for (int i = 0; i < d; i++) {
        for (int j = i; j < d; j++) {
          a[MixtureEngine.pair(u, d, i, j) * m + p] = rows[o + u + i] * rows[o + u + j];
        }
      }
    }
    return new MixtureBlock(u, d, Nd4j.create(a, new long[] {f, m}, 'c'));
  }

  /** Number of points B. */
  public int points() {
    return points;
  }

  /** U, the non-location features per point. */
  public int otherFeatures() {
    return u;
  }

  /** D, the location dimension. */
  public int dimension() {
    return d;
  }

  /** The features [F, B] (the block's own array: read it, do not change it). */
  INDArray features() {
    return phi;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    double[] a = phi.data().asDouble();
    out.writeObject(a);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    double[] a = (double[]) in.readObject();
    phi = Nd4j.create(a, new long[] {MixtureEngine.featureCount(u, d), points}, 'c').castTo(DataType.DOUBLE);
  }

  @Override
  public String toString() {
    return "MixtureBlock(points=" + points + ", U=" + u + ", D=" + d + ")";
  }
}
