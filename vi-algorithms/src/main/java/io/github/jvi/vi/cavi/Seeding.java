package io.github.jvi.vi.cavi;

import io.github.jvi.gpu.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Initial responsibilities, as float64 [K, N] arrays whose columns sum to one: k-means++ seeding
 * with nearest-centre assignment, or flat-Dirichlet random rows. Each step is an array operation
 * over all points; the loops run over the K centres.
 */
final class Seeding {
  private Seeding() {}

  /** Responsibilities for {@code init} on points given as [D, N]. */
  static INDArray initial(Init init, INDArray pointsT, int k, Rng rng) {
    return switch (init) {
      case RANDOM -> random(pointsT.size(1), k, rng);
      case KMEANS_PLUS_PLUS -> kmeansPlusPlus(pointsT, k, rng);
    };
  }

  /** Columns drawn from Dirichlet(1, ..., 1): normalised standard exponentials. */
  static INDArray random(long n, int k, Rng rng) {
    INDArray u = rng.uniform(DataType.DOUBLE, k, n);
    INDArray e = Transforms.log(u.rsubi(1.0), false).negi(); // -log(1 - U), U in [0, 1)
    return e.diviRowVector(e.sum(0));
  }

  /** Squared distances [N] of the points [D, N] to one centre. */
  private static INDArray sqDist(INDArray pointsT, double[] c) {
    INDArray diff = pointsT.subColumnVector(Nd4j.createFromArray(c).reshape(c.length, 1));
    return diff.muli(diff).sum(0);
  }

  /** k-means++ centres (Arthur and Vassilvitskii 2007), then one-hot nearest-centre columns. */
  static INDArray kmeansPlusPlus(INDArray pointsT, int k, Rng rng) {
    long n = pointsT.size(1);
    double[][] centres = new double[k][];
    centres[0] = pointsT.getColumn(rng.nextInt((int) n)).toDoubleVector();
    INDArray d2 = sqDist(pointsT, centres[0]);
    INDArray all = Nd4j.create(DataType.DOUBLE, k, n);
    all.putRow(0, d2);
    for (int j = 1; j < k; j++) {
      double total = d2.sumNumber().doubleValue();
      long idx;
      if (!(total > 0)) {
        idx = rng.nextInt((int) n); // every point sits on a centre: any choice is as good
      } else {
        double u = rng.nextDouble() * total;
        INDArray cs = d2.cumsum(0);
        // first index whose cumulative sum exceeds u: P(idx = i) = d2_i / total
        idx = Math.min(n - 1, cs.lte(u).castTo(DataType.DOUBLE).sumNumber().longValue());
      }
      centres[j] = pointsT.getColumn(idx).toDoubleVector();
      INDArray dj = sqDist(pointsT, centres[j]);
      all.putRow(j, dj);
      d2 = Transforms.min(d2, dj, true);
    }
    INDArray nearest = all.subRowVector(all.min(0)).lte(0.0).castTo(DataType.DOUBLE);
    return nearest.diviRowVector(nearest.sum(0)); // ties share the point
  }
}
