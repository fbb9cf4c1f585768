package io.github.jvi.gpu;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An explicitly seeded random stream. Library code never touches a global random state: every
 * sampler takes an {@code Rng}. Same seed, same calls, same CPU backend: bit-identical arrays.
 *
 * <p>Bulk uniform and standard-normal draws come from ND4J's native generator (seeded from this
 * stream); scalar algorithms (rejection samplers for Gamma, Poisson) use {@link #nextDouble()}
 * and {@link #nextGaussian()} from a {@link SplittableRandom} with the same seed. {@link #split()}
 * derives an independent child stream (for parallel or nested use) deterministically.
 */
public final class Rng {
  private final SplittableRandom java;
  private final org.nd4j.linalg.api.rng.Random nd4j;
  private final long seed;

  private Rng(long seed) {
    this.seed = seed;
    this.java = new SplittableRandom(seed);
    this.nd4j = Nd4j.getRandomFactory().getNewRandomInstance(java.nextLong());
  }

  private Rng(SplittableRandom java) {
    this.seed = java.nextLong();
    this.java = java;
    this.nd4j = Nd4j.getRandomFactory().getNewRandomInstance(java.nextLong());
  }

  /** A stream with this seed. */
  public static Rng of(long seed) {
    return new Rng(seed);
  }

  /** The seed this stream was made with. */
  public long seed() {
    return seed;
  }

  /** A new independent stream, derived deterministically from this one. */
  public Rng split() {
    return new Rng(java.split());
  }

  /** One uniform draw in [0, 1). */
  public double nextDouble() {
    return java.nextDouble();
  }

  /** One uniform integer in [0, bound). */
  public int nextInt(int bound) {
    return java.nextInt(bound);
  }

  /** A random long. */
  public long nextLong() {
    return java.nextLong();
  }

  /** One standard normal draw (Box-Muller on this stream's uniforms). */
  public double nextGaussian() {
    double u1 = 1.0 - java.nextDouble(); // (0, 1]
    double u2 = java.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
  }

  /** An array of independent standard normal draws. */
  public INDArray normal(DataType type, long... shape) {
    INDArray out = Nd4j.createUninitialized(type, shape);
    Nd4j.getExecutioner().exec(new org.nd4j.linalg.api.ops.random.impl.GaussianDistribution(out, 0.0, 1.0), nd4j);
    return out;
  }

  /** An array of independent uniform draws on [0, 1). */
  public INDArray uniform(DataType type, long... shape) {
    INDArray out = Nd4j.createUninitialized(type, shape);
    Nd4j.getExecutioner().exec(new org.nd4j.linalg.api.ops.random.impl.UniformDistribution(out, 0.0, 1.0), nd4j);
    return out;
  }

  /** A uniformly random permutation of 0..n-1 (Fisher-Yates on this stream). */
  public int[] permutation(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = java.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
