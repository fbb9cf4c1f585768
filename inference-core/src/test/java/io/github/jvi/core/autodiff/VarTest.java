package io.github.jvi.core.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.gpu.Rng;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Reverse-mode gradients of every op against float64 central differences. */
class VarTest {
  private static final Rng RNG = Rng.of(7);

  private static INDArray n(long... shape) {
    return RNG.normal(DataType.DOUBLE, shape);
  }

  private static INDArray pos(long... shape) {
    return RNG.uniform(DataType.DOUBLE, shape).addi(0.5);
  }

  private static void ok(Function<Var[], Var> f, INDArray... in) {
    GradCheck.Result r = GradCheck.check(f, in);
    assertTrue(r.passes(1e-6), r.toString());
  }

  @Test
  void broadcastingBinaryOps() {
    ok(v -> v[0].add(v[1]).mul(v[0]).sum(), n(3, 4), n(1, 4));
    ok(v -> v[0].sub(v[1]).square().sum(), n(3, 4), n(3, 1));
    ok(v -> v[0].mul(v[1]).sum(), n(3, 4), n(4));
    ok(v -> v[0].div(v[1]).sum(), n(3, 4), pos(3, 1));
    ok(v -> v[0].div(v[1]).sum(), n(2, 3), pos());
    ok(v -> v[0].max(v[1]).sum(), n(5), n(5));
  }

  @Test
  void broadcastingAcrossRanks() {
    // [n,1] against [K]: NumPy broadcasts to [n,K]; ND4J alone does not
    ok(v -> v[0].add(v[1]).square().sum(), n(3, 1), n(4));
    ok(v -> v[1].sub(v[0]).square().sum(), n(3, 1), n(4));
    ok(v -> v[0].mul(v[1]).sum(), n(3, 1), n(4));
    ok(v -> v[0].div(v[1]).sum(), n(3, 1), pos(4));
    ok(v -> v[1].div(v[0]).sum(), pos(3, 1), n(4));
    ok(v -> v[0].max(v[1]).sum(), n(2, 3, 1), n(4));
    org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {3, 4},
        Var.constant(n(3, 1)).add(Var.constant(n(4))).shape());
  }

  @Test
  void unaryOps() {
    ok(v -> v[0].exp().sum(), n(2, 3));
    ok(v -> v[0].log().sum(), pos(2, 3));
    ok(v -> v[0].log1p().sum(), pos(2, 3));
    ok(v -> v[0].expm1().sum(), n(2, 3));
    ok(v -> v[0].sqrt().sum(), pos(2, 3));
    ok(v -> v[0].pow(3.5).sum(), pos(2, 3));
    ok(v -> v[0].reciprocal().sum(), pos(2, 3));
    ok(v -> v[0].tanh().sum(), n(2, 3));
    ok(v -> v[0].sigmoid().sum(), n(2, 3));
    ok(v -> v[0].softplus().sum(), n(2, 3).muli(10));
    ok(v -> v[0].logSigmoid().sum(), n(2, 3).muli(10));
    ok(v -> v[0].lgamma().sum(), pos(2, 3).muli(3));
    ok(v -> v[0].digamma().sum(), pos(2, 3).muli(3));
    ok(v -> v[0].rsub(1.0).rdiv(2.0).sum(), pos(4).negi());
  }

  @Test
  void reductionsAndShapes() {
    ok(v -> v[0].sum(1).square().sum(), n(3, 4));
    ok(v -> v[0].mean(0).square().sum(), n(3, 4));
    ok(v -> v[0].sumKeep(1).mul(v[0]).sum(), n(3, 4));
    ok(v -> v[0].logSumExp(1).sum(), n(3, 4).muli(30));
    ok(v -> v[0].logSoftmax(0).mul(v[1]).sum(), n(3, 4), n(3, 4));
    ok(v -> v[0].softmax(1).square().sum(), n(3, 4));
    ok(v -> v[0].matmul(v[1]).tanh().sum(), n(3, 4), n(4, 2));
    ok(v -> v[0].transpose().reshape(2, 6).permute(1, 0).square().sum(), n(3, 4));
    ok(v -> Var.concat(1, v[0], v[1]).square().sum(), n(2, 3), n(2, 2));
    ok(v -> v[0].get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
        org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3)).square().sum(), n(2, 4));
  }

  @Test
  void reusedNodesAccumulate() {
    ok(v -> {
      Var a = v[0].exp();
      return a.mul(a).add(a).sum();
    }, n(3));
  }

  @Test
  void logSumExpIsStableForDistantRows() {
    INDArray x = org.nd4j.linalg.factory.Nd4j.create(new double[][] {{-1000, -1001}, {0, 1}});
    INDArray lse = Var.constant(x).logSumExp(1).value();
    assertEquals(-1000 + Math.log1p(Math.exp(-1)), lse.getDouble(0), 1e-12);
    assertEquals(1 + Math.log1p(Math.exp(-1)), lse.getDouble(1), 1e-12);
  }

  @Test
  void logSumExpOfAnAllMinusInfinitySliceIsMinusInfinityWithZeroGradient() {
    double ninf = Double.NEGATIVE_INFINITY;
    Var x = Var.param(org.nd4j.linalg.factory.Nd4j.create(new double[][] {{ninf, ninf}, {0, Math.log(3)}}));
    Var lse = x.logSumExp(1);
    assertEquals(ninf, lse.value().getDouble(0), 0.0);
    assertEquals(Math.log(4), lse.value().getDouble(1), 1e-15);
    INDArray g = Gradients.of(lse.sum()).get(x);
    assertEquals(0.0, g.getDouble(0, 0), 0.0);
    assertEquals(0.0, g.getDouble(0, 1), 0.0);
    assertEquals(0.25, g.getDouble(1, 0), 1e-15);
    assertEquals(0.75, g.getDouble(1, 1), 1e-15);
  }

  @Test
  void constantsRecordNothing() {
    Var c = Var.constant(n(3)).exp().add(1.0);
    assertTrue(c.isLeaf());
    Var p = Var.param(n(3));
    Gradients g = Gradients.of(p.mul(c).sum());
    assertArrayEquals(c.value().toDoubleVector(), g.get(p).toDoubleVector(), 0.0);
  }
}
