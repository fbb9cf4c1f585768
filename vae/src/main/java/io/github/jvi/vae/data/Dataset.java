package io.github.jvi.vae.data;

import io.github.jvi.gpu.Rng;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Images as rows of a float32 matrix {@code [n, rows * cols]} (row-major pixels) with their
 * integer labels, and minibatches over them: in order, or shuffled by a seeded permutation drawn
 * from an {@link Rng} (the same seed gives the same batches). The last batch holds the remainder
 * (no example is dropped), as PyTorch's DataLoader with {@code drop_last=False}.
 */
public final class Dataset {
  private final INDArray images;
  private final int[] labels;
  private final int rows;
  private final int cols;

  private Dataset(INDArray images, int[] labels, int rows, int cols) {
    this.images = images;
    this.labels = labels;
    this.rows = rows;
    this.cols = cols;
  }

  /**
   * A data set from a {@code [n, rows * cols]} matrix and n labels.
   *
   * @throws IllegalArgumentException if the shapes disagree
   */
  public static Dataset of(INDArray images, int[] labels, int rows, int cols) {
    if (images.rank() != 2 || images.size(1) != (long) rows * cols) {
      throw new IllegalArgumentException("images must have shape [n, " + rows * cols + "], found "
          + Arrays.toString(images.shape()));
    }
    if (labels.length != images.size(0)) {
      throw new IllegalArgumentException("labels must have one entry per image: " + labels.length
          + " labels for " + images.size(0) + " images");
    }
    return new Dataset(images, labels.clone(), rows, cols);
  }

  /**
   * Converts IDX images and labels (read from the named files) to a data set.
   *
   * @throws UncheckedIOException naming the files if the counts differ or a label exceeds
   *     {@code maxLabel}
   */
  public static Dataset fromIdx(Idx.Images images, byte[] labels, Pixels pixels, int limit,
      Path imageFile, Path labelFile, int maxLabel) {
    if (images.count() != labels.length) {
      String m = "wrong counts: " + imageFile + " holds " + images.count() + " images but " + labelFile
          + " holds " + labels.length + " labels";
      throw new UncheckedIOException(m, new IOException(m));
    }
    int n = Math.min(limit, images.count());
    int d = images.rows() * images.cols();
    float[] table = new float[256];
    for (int v = 0; v < 256; v++) {
      table[v] = pixels.value(v);
    }
    float[] x = new float[n * d];
    byte[] px = images.pixels();
    for (int i = 0; i < x.length; i++) {
      x[i] = table[px[i] & 0xff];
    }
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = labels[i] & 0xff;
      if (y[i] > maxLabel) {
        String m = "malformed label file " + labelFile + ": label " + y[i] + " at index " + i
            + " is outside 0.." + maxLabel;
        throw new UncheckedIOException(m, new IOException(m));
      }
    }
    INDArray arr = n == 0 ? Nd4j.create(DataType.FLOAT, 0, d) : Nd4j.createFromArray(x).reshape('c', n, d);
    return new Dataset(arr, y, images.rows(), images.cols());
  }

  /** Number of examples. */
  public int size() {
    return labels.length;
  }

  /** Pixels per example. */
  public int dim() {
    return rows * cols;
  }

  /** Image height. */
  public int rows() {
    return rows;
  }

  /** Image width. */
  public int cols() {
    return cols;
  }

  /** The {@code [n, rows * cols]} float32 matrix (shared: do not modify). */
  public INDArray images() {
    return images;
  }

  /** The labels (a copy). */
  public int[] labels() {
    return labels.clone();
  }

  /** The first {@code n} examples (all if n exceeds the size). */
  public Dataset head(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, found " + n);
    }
    if (n >= size()) {
      return this;
    }
    return new Dataset(images.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n),
        org.nd4j.linalg.indexing.NDArrayIndex.all()).dup('c'), Arrays.copyOf(labels, n), rows, cols);
  }

  /** The rows at {@code index}, as a new {@code [index.length, dim]} matrix. */
  public INDArray rows(int[] index) {
    return Nd4j.pullRows(images, 1, index);
  }

  /** Number of minibatches of at most {@code batchSize} examples. */
  public int batchCount(int batchSize) {
    checkBatch(batchSize);
    return (size() + batchSize - 1) / batchSize;
  }

  /**
   * Minibatches of {@code batchSize} rows (the last may be smaller), in order when {@code rng} is
   * null, else in the order of one permutation drawn from {@code rng}.
   */
  public Iterable<INDArray> batches(int batchSize, Rng rng) {
    checkBatch(batchSize);
    int[] order = rng == null ? identity(size()) : rng.permutation(size());
    return () -> new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < order.length;
      }

      @Override
      public INDArray next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int end = Math.min(order.length, next + batchSize);
        int[] idx = Arrays.copyOfRange(order, next, end);
        next = end;
        return rows(idx);
      }
    };
  }

  private static void checkBatch(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, found " + batchSize);
    }
  }

  private static int[] identity(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    return p;
  }
}
