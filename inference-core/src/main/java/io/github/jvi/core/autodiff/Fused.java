package io.github.jvi.core.autodiff;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fused element-wise and row-wise ops written as scalar float64 kernels: the value and the
 * gradient of each element (or row) computed together in one loop. For formulas whose accurate
 * form needs branches and series per element (the near-equal KL forms, Loader's saddle-point
 * densities), which a chain of array ops cannot express without cancellation.
 *
 * <p>The differentiable inputs and the value-only side inputs are broadcast together (NumPy
 * rules); the kernel sees float64 values, the result has the data type of the first
 * differentiable input. Side inputs carry information the value needs at full accuracy (for
 * example the parameter as the caller gave it, before a conversion that rounds) but receive no
 * gradient: the kernel's gradient must be that of its value as a function of the differentiable
 * inputs alone.
 */
public final class Fused {
  private Fused() {}

  /** One element: reads x (differentiable inputs first, then side inputs), writes d value / d x_i. */
  @FunctionalInterface
  public interface Kernel {
    /**
     * @param x the element's inputs, differentiable ones first
     * @param grad to fill with the partial derivatives for the differentiable inputs
     * @return the value
     */
    double apply(double[] x, double[] grad);
  }

  /** One row (the last dimension): rows[i] is input i's row, grads[i] its gradient row. */
  @FunctionalInterface
  public interface RowKernel {
    /**
     * @param rows the row of every input, differentiable ones first
     * @param grads to fill with the partial derivatives for the differentiable inputs' rows
     * @return the value
     */
    double apply(double[][] rows, double[][] grads);
  }

  /** The element-wise op of {@code kernel}, shape the broadcast of all input shapes. */
  public static Var map(Kernel kernel, Var[] differentiable, INDArray... side) {
    INDArray[] all = values(differentiable, side);
    long[] shape = broadcastShape(all);
    int n = Math.toIntExact(length(shape));
    double[][] x = new double[all.length][];
    for (int i = 0; i < all.length; i++) {
      x[i] = flat(all[i], shape);
    }
    int nd = differentiable.length;
    double[] value = new double[n];
    double[][] grad = new double[nd][n];
    double[] in = new double[all.length];
    double[] g = new double[nd];
    for (int e = 0; e < n; e++) {
      for (int i = 0; i < all.length; i++) {
        in[i] = x[i][e];
      }
      Arrays.fill(g, 0);
      value[e] = kernel.apply(in, g);
      for (int i = 0; i < nd; i++) {
        grad[i][e] = g[i];
      }
    }
    DataType type = differentiable[0].dataType();
    return Var.op(array(value, shape, type), gOut -> {
      INDArray[] out = new INDArray[nd];
      for (int i = 0; i < nd; i++) {
        out[i] = differentiable[i].requiresGrad() ? array(grad[i], shape, gOut.dataType()).muli(gOut) : null;
      }
      return out;
    }, differentiable);
  }

  /**
   * The row-wise op of {@code kernel} over the last dimension, shape the broadcast of all input
   * shapes without its last dimension.
   */
  public static Var rows(RowKernel kernel, Var[] differentiable, INDArray... side) {
    INDArray[] all = values(differentiable, side);
    long[] shape = broadcastShape(all);
    if (shape.length == 0) {
      throw new IllegalArgumentException("Fused.rows needs inputs of rank >= 1, found rank 0");
    }
    int k = Math.toIntExact(shape[shape.length - 1]);
    long[] outShape = Arrays.copyOf(shape, shape.length - 1);
    int n = Math.toIntExact(length(outShape));
    double[][] x = new double[all.length][];
    for (int i = 0; i < all.length; i++) {
      x[i] = flat(all[i], shape);
    }
    int nd = differentiable.length;
    double[] value = new double[n];
    double[][] grad = new double[nd][n * k];
    double[][] rows = new double[all.length][k];
    double[][] g = new double[nd][k];
    for (int r = 0; r < n; r++) {
      for (int i = 0; i < all.length; i++) {
        System.arraycopy(x[i], r * k, rows[i], 0, k);
      }
      for (double[] gi : g) {
        Arrays.fill(gi, 0);
      }
      value[r] = kernel.apply(rows, g);
      for (int i = 0; i < nd; i++) {
        System.arraycopy(g[i], 0, grad[i], r * k, k);
      }
    }
    DataType type = differentiable[0].dataType();
    long[] keep = Arrays.copyOf(shape, shape.length);
    keep[keep.length - 1] = 1;
    return Var.op(array(value, outShape, type), gOut -> {
      INDArray gk = gOut.reshape(keep);
      INDArray[] out = new INDArray[nd];
      for (int i = 0; i < nd; i++) {
        out[i] = differentiable[i].requiresGrad() ? array(grad[i], shape, gOut.dataType()).muli(gk) : null;
      }
      return out;
    }, differentiable);
  }

  private static INDArray[] values(Var[] differentiable, INDArray[] side) {
    if (differentiable.length == 0) {
      throw new IllegalArgumentException("a fused op needs at least one differentiable input, found none");
    }
    INDArray[] all = new INDArray[differentiable.length + side.length];
    for (int i = 0; i < differentiable.length; i++) {
      all[i] = differentiable[i].value();
    }
    System.arraycopy(side, 0, all, differentiable.length, side.length);
    return all;
  }

  private static long[] broadcastShape(INDArray[] all) {
    int rank = 0;
    for (INDArray a : all) {
      rank = Math.max(rank, a.rank());
    }
    long[] out = new long[rank];
    Arrays.fill(out, 1);
    for (INDArray a : all) {
      long[] s = a.shape();
      for (int i = 0; i < s.length; i++) {
        int j = rank - s.length + i;
        if (s[i] != 1) {
          if (out[j] != 1 && out[j] != s[i]) {
            throw new IllegalArgumentException("shapes do not broadcast: found " + Arrays.toString(s) + " against "
                + Arrays.toString(out));
          }
          out[j] = s[i];
        }
      }
    }
    return out;
  }

  private static long length(long[] shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    return n;
  }

  /** The C-ordered float64 values of a broadcast to shape. */
  private static double[] flat(INDArray a, long[] shape) {
    INDArray d = a.castTo(DataType.DOUBLE);
    if (!Arrays.equals(d.shape(), shape)) {
      if (d.rank() == 0 || d.length() == 1) {
        return filled(d.getDouble(0), length(shape));
      }
      long[] lead = new long[shape.length];
      Arrays.fill(lead, 1L);
      System.arraycopy(d.shape(), 0, lead, shape.length - d.rank(), d.rank());
      d = Nd4j.zeros(DataType.DOUBLE, shape).addi(d.reshape(lead));
    }
    return d.dup('c').data().asDouble();
  }

  private static double[] filled(double v, long n) {
    double[] out = new double[Math.toIntExact(n)];
    Arrays.fill(out, v);
    return out;
  }

  private static INDArray array(double[] v, long[] shape, DataType type) {
    INDArray a = shape.length == 0 ? Nd4j.scalar(v[0]) : Nd4j.create(v, shape, 'c');
    return a.castTo(type);
  }
}
