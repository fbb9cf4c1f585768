package io.github.jvi.core.distribution;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.linalg.Cholesky;
import io.github.jvi.core.special.Special;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Small differentiable helpers shared by the distributions: masked selection, broadcasting to a
 * batch shape, trigamma as a value, and dense lower-triangular linear algebra (Cholesky factor,
 * triangular solve) with their reverse-mode rules.
 */
final class Ops {
  private Ops() {}

  /**
   * {@code mask ? a : b} element-wise for a constant 0/1 mask. Both branches must be finite (the
   * selection is {@code a * mask + b * (1 - mask)}, so a NaN or infinity in the unselected branch
   * would leak); callers evaluate each branch at "cut" inputs that keep it finite.
   */
  static Var where(INDArray mask, Var a, Var b) {
    Var m = Var.constant(mask.castTo(a.dataType()));
    return a.mul(m).add(b.mul(m.rsub(1.0)));
  }

  /** {@code x} broadcast to {@code shape} (a no-op when it already has that shape). */
  static Var broadcastTo(Var x, long[] shape) {
    if (java.util.Arrays.equals(x.shape(), shape)) {
      return x;
    }
    return x.add(Var.constant(Nd4j.zeros(x.dataType(), shape)));
  }

  /** A float array of the given shape (rank 0 allowed) from C-ordered values. */
  static INDArray fromDoubles(double[] values, long[] shape, DataType type) {
    INDArray flat = Nd4j.createFromArray(values);
    INDArray out = shape.length == 0 ? Nd4j.scalar(values[0]) : flat.reshape('c', shape);
    return out.castTo(type);
  }

  /** The C-ordered float64 values of an array. */
  static double[] doubles(INDArray x) {
    return x.castTo(DataType.DOUBLE).dup('c').data().asDouble();
  }

  /**
   * psi'(x) element-wise as a value. Its derivative (the tetragamma function) is not implemented:
   * differentiating through it throws rather than returning a wrong gradient.
   */
  static Var trigamma(Var x) {
    return Var.op(Special.trigamma(x.value()), g -> {
      throw new UnsupportedOperationException("the gradient of trigamma (tetragamma) is not implemented");
    }, x);
  }

  // ------------------------------------------------------------ lower-triangular linear algebra

  /** The Cholesky factor of a symmetric positive-definite matrix, or null if a pivot is not &gt; 0 ({@link Cholesky}). */
  static double[][] choleskyOrNull(double[][] a) {
    return Cholesky.factorOrNull(a);
  }

  /** The inverse of a lower-triangular matrix with a non-zero diagonal ({@link Cholesky#lowerInverse}). */
  static double[][] lowerInverse(double[][] l) {
    return Cholesky.lowerInverse(l);
  }

  static INDArray matrix(double[][] m, DataType type) {
    return Nd4j.create(m).castTo(type);
  }

  /** The lower triangle of a square matrix (diagonal included), zeros above. */
  static INDArray tril(INDArray m) {
    int d = (int) m.size(0);
    double[][] v = m.castTo(DataType.DOUBLE).toDoubleMatrix();
    for (int i = 0; i < d; i++) {
      for (int j = i + 1; j < d; j++) {
        v[i][j] = 0;
      }
    }
    return matrix(v, m.dataType());
  }

  /**
   * The Cholesky factor L (lower, L L^T = A) of a symmetric positive-definite matrix, with the
   * reverse-mode rule of Murray (2016), "Differentiation of the Cholesky decomposition", as in
   * PyTorch: P = tril(L^T gL), P = (P + tril(P, -1)^T) / 2, gA = L^-T P L^-1 (a symmetric
   * gradient: the derivative along symmetric perturbations of A).
   *
   * @param a a [d, d] matrix already checked to be symmetric positive definite
   */
  static Var cholesky(Var a, String name) {
    double[][] l = choleskyOrNull(a.value().castTo(DataType.DOUBLE).toDoubleMatrix());
    if (l == null) {
      throw new IllegalArgumentException(name + " must be symmetric positive definite, found " + a.value());
    }
    DataType type = a.dataType();
    INDArray lv = matrix(l, type);
    return Var.op(lv, g -> {
      INDArray linv = matrix(lowerInverse(l), type);
      INDArray p = tril(lv.transpose().mmul(tril(g)));
      INDArray lower = tril(p).sub(diag(p));
      p = p.add(lower.transpose()).muli(0.5); // symmetric, diagonal halved
      return new INDArray[] {linv.transpose().mmul(p).mmul(linv)};
    }, a);
  }

  private static INDArray diag(INDArray m) {
    return m.mul(Nd4j.eye(m.size(0)).castTo(m.dataType()));
  }

  /**
   * X = L^-1 B for a lower-triangular [d, d] L with a positive diagonal and a [d, m] B.
   * Reverse mode: gB = L^-T gX, gL = -tril(gB X^T).
   */
  static Var solveLower(Var l, Var b) {
    DataType type = b.dataType();
    double[][] lv = l.value().castTo(DataType.DOUBLE).toDoubleMatrix();
    INDArray linv = matrix(lowerInverse(lv), type);
    INDArray x = linv.mmul(b.value());
    return Var.op(x, g -> {
      INDArray gb = linv.transpose().mmul(g);
      return new INDArray[] {l.requiresGrad() ? tril(gb.mmul(x.transpose())).negi() : null, gb};
    }, l, b);
  }

  /** The diagonal of a square matrix as a vector. */
  static Var diagonal(Var m) {
    return m.mul(Var.constant(Nd4j.eye(m.shape()[0]).castTo(m.dataType()))).sum(1);
  }
}
