package io.github.jvi.core.distribution;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reinterprets the rightmost n batch dimensions of a base distribution as event dimensions, like
 * {@code torch.distributions.Independent}: a batch [B, D] of Normals with n = 1 becomes a batch [B]
 * of diagonal Gaussians on R^D.
 *
 * <pre>
 * batchShape = base.batchShape[:-n],  eventShape = base.batchShape[-n:] ++ base.eventShape
 * log p(x) = sum over the n reinterpreted dimensions of base.logProb(x)
 * H = sum over the same dimensions of base.entropy();  mean, variance, sample: those of the base
 * KL(Independent(p, n) || Independent(q, n)) = sum over them of KL(p || q)   (registered in Kl)
 * </pre>
 *
 * <p><b>Design.</b> Whether the result can be reparameterised depends on the base, and Java
 * interfaces are static types, so there are two classes in a sealed pair: {@code Independent}
 * (any base) and its subclass {@link ReparameterizedIndependent} (a {@link Reparameterized} base,
 * adding {@code rsample}). Both factories are named {@code of}: given a base whose static type is
 * {@link Reparameterized} the compiler picks {@link #of(Reparameterized, int)}, which returns the
 * reparameterised type; {@link #of(Distribution, int)} also returns a
 * {@code ReparameterizedIndependent} at run time when the base is one, so {@code instanceof
 * Reparameterized} (which {@link io.github.jvi.core.kl.Kl#monteCarlo} uses) is always truthful.
 */
public sealed class Independent implements Distribution permits ReparameterizedIndependent {
  private final Distribution base;
  private final int reinterpreted;

  Independent(Distribution base, int reinterpreted) {
    this.base = base;
    this.reinterpreted = reinterpreted;
  }

  /**
   * Reinterprets the last {@code reinterpretedBatchDims} batch dimensions of {@code base}.
   *
   * @param reinterpretedBatchDims between 0 and the rank of base's batch shape
   */
  public static Independent of(Distribution base, int reinterpretedBatchDims) {
    if (base instanceof Reparameterized r) {
      return of(r, reinterpretedBatchDims);
    }
    check(base, reinterpretedBatchDims);
    return new Independent(base, reinterpretedBatchDims);
  }

  /** As {@link #of(Distribution, int)}, for a reparameterised base: the result has rsample. */
  public static ReparameterizedIndependent of(Reparameterized base, int reinterpretedBatchDims) {
    check(base, reinterpretedBatchDims);
    return new ReparameterizedIndependent(base, reinterpretedBatchDims);
  }

  private static void check(Distribution base, int n) {
    if (base == null) {
      throw new IllegalArgumentException("base must not be null");
    }
    int rank = base.batchShape().length;
    if (n < 0 || n > rank) {
      throw new IllegalArgumentException("reinterpretedBatchDims must be in [0, " + rank
          + "] for base batch shape " + Arrays.toString(base.batchShape()) + ", found " + n);
    }
  }

  /** The base distribution. */
  public Distribution base() {
    return base;
  }

  /** The number of batch dimensions reinterpreted as event dimensions. */
  public int reinterpretedBatchDims() {
    return reinterpreted;
  }

  /** Sums the last {@code reinterpreted} dimensions of v (v unchanged when that is 0). */
  Var sumReinterpreted(Var v) {
    if (reinterpreted == 0) {
      return v;
    }
    int rank = v.rank();
    int[] dims = new int[reinterpreted];
    for (int i = 0; i < reinterpreted; i++) {
      dims[i] = rank - reinterpreted + i;
    }
    return v.sum(dims);
  }

  @Override
  public Var logProb(Var x) {
    return sumReinterpreted(base.logProb(x));
  }

  @Override
  public INDArray sample(Rng rng, long... sampleShape) {
    return base.sample(rng, sampleShape);
  }

  @Override
  public boolean hasMean() {
    return base.hasMean();
  }

  @Override
  public boolean hasVariance() {
    return base.hasVariance();
  }

  @Override
  public boolean hasEntropy() {
    return base.hasEntropy();
  }

  @Override
  public Var mean() {
    return base.mean();
  }

  @Override
  public Var variance() {
    return base.variance();
  }

  @Override
  public Var entropy() {
    return sumReinterpreted(base.entropy());
  }

  @Override
  public long[] batchShape() {
    long[] b = base.batchShape();
    return Arrays.copyOf(b, b.length - reinterpreted);
  }

  @Override
  public long[] eventShape() {
    long[] b = base.batchShape();
    return Shapes.concat(Arrays.copyOfRange(b, b.length - reinterpreted, b.length), base.eventShape());
  }

  @Override
  public DataType dataType() {
    return base.dataType();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + base + ", " + reinterpreted + ")";
  }
}
