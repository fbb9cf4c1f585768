package io.github.jvi.core.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The host path (small float64 arrays in Java loops) against the ND4J path
 * ({@link Var#withoutHostPath}) on the same inputs: every op's value and gradients, on random
 * shapes with broadcasting, from fixed seeds (java.util.Random 11, 12, ...; deterministic, so no
 * failure budget is needed). Agreement is required to {@value #TOL} relative to
 * max(1, |reference|) element-wise: the two paths differ only in the rounding of the libm
 * functions (at most an ulp or two each) and in the order of additions of a reduction, and the
 * worst case measured over such cases is 4.2e-15 (a sum of ~4000 elements).
 */
class HostPathTest {
  private static final double TOL = 1e-13;

  /** A random shape of rank 0-3 with sizes 1-5. */
  private static long[] shape(Random r) {
    int rank = r.nextInt(4);
    long[] s = new long[rank];
    for (int i = 0; i < rank; i++) {
      s[i] = 1 + r.nextInt(5);
    }
    return s;
  }

  /** A shape that broadcasts with {@code s}: leading dimensions dropped, some sizes set to 1. */
  private static long[] broadcastPartner(Random r, long[] s) {
    int drop = s.length == 0 ? 0 : r.nextInt(s.length + 1);
    long[] t = new long[s.length - drop];
    for (int i = 0; i < t.length; i++) {
      t[i] = r.nextInt(3) == 0 ? 1 : s[i + drop];
    }
    return r.nextBoolean() ? t : s.clone();
  }

  private static INDArray normal(Random r, long... shape) {
    double[] v = new double[(int) HostArrays.length(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextGaussian();
    }
    return HostArrays.toNd4j(v, shape);
  }

  private static INDArray positive(Random r, long... shape) {
    double[] v = new double[(int) HostArrays.length(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = 0.3 + 2 * r.nextDouble();
    }
    return HostArrays.toNd4j(v, shape);
  }

  /** The value of f and the gradient of sum(f * w) for each input, as C-ordered doubles. */
  private static List<double[]> run(Function<Var[], Var> f, INDArray[] in, boolean nd4j) {
    java.util.function.Supplier<List<double[]>> body = () -> {
      Var[] p = new Var[in.length];
      for (int i = 0; i < in.length; i++) {
        p[i] = Var.param(HostArrays.fromNd4j(in[i]), in[i].shape());
      }
      Var out = f.apply(p);
      // a fixed non-uniform seed weight so every gradient element is exercised
      double[] w = new double[(int) out.length()];
      for (int i = 0; i < w.length; i++) {
        w[i] = 0.5 + 0.25 * Math.sin(i + 1.0);
      }
      Var loss = out.mul(Var.constant(HostArrays.toNd4j(w, out.shape()))).sum();
      Gradients g = Gradients.of(loss);
      List<double[]> res = new ArrayList<>();
      res.add(out.doubles());
      res.add(loss.doubles());
      for (Var v : p) {
        res.add(HostArrays.fromNd4j(g.get(v)));
        assertArrayEquals(v.shape(), g.get(v).shape());
      }
      res.add(new double[] {out.rank()});
      for (long s : out.shape()) {
        res.add(new double[] {s});
      }
      return res;
    };
    return nd4j ? Var.withoutHostPath(body) : body.get();
  }

  /** The worst relative difference between the host and the ND4J path for f at in. */
  private static double compare(String name, Function<Var[], Var> f, INDArray... in) {
    List<double[]> h = run(f, in, false);
    List<double[]> n = run(f, in, true);
    assertEquals(n.size(), h.size(), name);
    double worst = 0;
    for (int k = 0; k < h.size(); k++) {
      assertEquals(n.get(k).length, h.get(k).length, name + ": length of result " + k);
      for (int i = 0; i < h.get(k).length; i++) {
        double a = h.get(k)[i];
        double b = n.get(k)[i];
        double rel = Math.abs(a - b) / Math.max(1.0, Math.abs(b));
        if (!(rel <= TOL)) {
          throw new AssertionError(name + ": result " + k + " element " + i + ": host " + a + " nd4j " + b);
        }
        worst = Math.max(worst, rel);
      }
    }
    return worst;
  }

  private interface Binary {
    Var apply(Var a, Var b);
  }

  @Test
  void binaryOpsWithBroadcastingAgreeWithNd4j() {
    Binary[] ops = {Var::add, Var::sub, Var::mul, Var::div, Var::max, Var::min};
    String[] names = {"add", "sub", "mul", "div", "max", "min"};
    Random r = new Random(11);
    for (int trial = 0; trial < 40; trial++) {
      long[] s = shape(r);
      long[] t = broadcastPartner(r, s);
      boolean swap = r.nextBoolean();
      for (int k = 0; k < ops.length; k++) {
        Binary op = ops[k];
        INDArray a = k == 3 ? normal(r, s) : normal(r, s);
        INDArray b = k == 3 ? positive(r, t) : normal(r, t);
        if (swap && k != 3) {
          compare(names[k] + " " + java.util.Arrays.toString(t) + " by " + java.util.Arrays.toString(s),
              v -> op.apply(v[0], v[1]), b, a);
        } else {
          compare(names[k] + " " + java.util.Arrays.toString(s) + " by " + java.util.Arrays.toString(t),
              v -> op.apply(v[0], v[1]), a, b);
        }
      }
    }
    // ranks that ND4J does not broadcast by itself, [n,1] with [K]
    Random q = new Random(12);
    compare("add [3,1] [4]", v -> v[0].add(v[1]), normal(q, 3, 1), normal(q, 4));
    compare("mul [2,3,1] [4]", v -> v[0].mul(v[1]), normal(q, 2, 3, 1), normal(q, 4));
    compare("div [4] [3,1]", v -> v[0].div(v[1]), normal(q, 4), positive(q, 3, 1));
  }

  @Test
  void scalarAndUnaryOpsAgreeWithNd4j() {
    Random r = new Random(13);
    List<Function<Var, Var>> any = List.of(
        v -> v.add(0.7), v -> v.sub(1.3), v -> v.rsub(2.0), v -> v.mul(-3.0), v -> v.div(4.0),
        Var::neg, Var::exp, Var::expm1, Var::square, v -> v.pow(2.0), Var::abs, Var::tanh,
        Var::sigmoid, Var::relu, Var::softplus, Var::logSigmoid, v -> v.clamp(-0.5, 0.8));
    List<Function<Var, Var>> pos = List.of(
        Var::log, Var::log1p, Var::sqrt, v -> v.pow(3.5), v -> v.pow(-1.5), Var::reciprocal,
        v -> v.rdiv(3.0), Var::lgamma, Var::digamma);
    double worst = 0;
    for (int trial = 0; trial < 10; trial++) {
      long[] s = shape(r);
      for (int k = 0; k < any.size(); k++) {
        Function<Var, Var> f = any.get(k);
        worst = Math.max(worst, compare("unary " + k, v -> f.apply(v[0]), normal(r, s).muli(3)));
      }
      for (int k = 0; k < pos.size(); k++) {
        Function<Var, Var> f = pos.get(k);
        worst = Math.max(worst, compare("positive unary " + k, v -> f.apply(v[0]), positive(r, s)));
      }
    }
    assertTrue(worst <= TOL);
  }

  @Test
  void reductionsAgreeWithNd4j() {
    Random r = new Random(14);
    for (int trial = 0; trial < 10; trial++) {
      long[] s = {1 + r.nextInt(5), 1 + r.nextInt(5), 1 + r.nextInt(5)};
      INDArray x = normal(r, s).muli(5);
      compare("sum", v -> v[0].sum(), x);
      compare("mean", v -> v[0].mean(), x);
      for (int d = -3; d < 3; d++) {
        int dim = d;
        compare("sum " + d, v -> v[0].sum(dim), x);
        compare("sumKeep " + d, v -> v[0].sumKeep(dim), x);
        compare("mean " + d, v -> v[0].mean(dim), x);
        compare("logSumExp " + d, v -> v[0].logSumExp(dim), x);
        compare("logSoftmax " + d, v -> v[0].logSoftmax(dim), x);
        compare("softmax " + d, v -> v[0].softmax(dim), x);
      }
      compare("sum 0 2", v -> v[0].sum(0, 2), x);
      compare("sumKeep 1 2", v -> v[0].sumKeep(1, 2), x);
      compare("mean 0 1", v -> v[0].mean(0, 1), x);
    }
    // the row sums of a [10, 434] likelihood: long sums in another order than ND4J's
    Random q = new Random(15);
    compare("sum [10,434] over 1", v -> v[0].sum(1), normal(q, 10, 434));
    compare("sum [10,434]", v -> v[0].sum(), normal(q, 10, 434));
  }

  @Test
  void shapesAndLinearAlgebraAgreeWithNd4j() {
    Random r = new Random(16);
    for (int trial = 0; trial < 10; trial++) {
      int m = 1 + r.nextInt(5);
      int k = 1 + r.nextInt(5);
      int n = 1 + r.nextInt(5);
      compare("matmul", v -> v[0].matmul(v[1]), normal(r, m, k), normal(r, k, n));
      compare("transpose", v -> v[0].transpose(), normal(r, m, k));
      compare("reshape", v -> v[0].reshape(k, m), normal(r, m, k));
      compare("reshape -1", v -> v[0].reshape(-1), normal(r, m, k));
      compare("permute", v -> v[0].permute(2, 0, 1), normal(r, m, k, n));
      compare("permute 1 0 2", v -> v[0].permute(1, 0, 2), normal(r, m, k, n));
      int dim = r.nextInt(3);
      long[] s = {m, k, n};
      long start = r.nextInt((int) s[dim]);
      long len = 1 + r.nextInt((int) (s[dim] - start));
      compare("narrow", v -> v[0].narrow(dim, start, len), normal(r, s));
      compare("select", v -> v[0].select(dim, start), normal(r, s));
      long[] s2 = s.clone();
      s2[dim] = 1 + r.nextInt(3);
      compare("concat", v -> Var.concat(dim, v[0], v[1].exp(), v[0]), normal(r, s), normal(r, s2));
      compare("stack", v -> Var.stack(dim, v[0], v[1].square()), normal(r, m, k), normal(r, m, k));
      compare("stack -1", v -> Var.stack(-1, v[0], v[1]), normal(r, m), normal(r, m));
    }
  }

  @Test
  void aModelShapedGraphAgreesWithNd4j() {
    // z = mu + exp(omega) * eps for 10 draws of 3 parameters, a normal likelihood over 434 rows
    Random r = new Random(17);
    INDArray eps = normal(r, 10, 3);
    INDArray x = normal(r, 434).muli(15).addi(100);
    INDArray y = normal(r, 434).muli(20).addi(85);
    double worst = compare("advi", v -> {
      Var z = v[0].add(v[1].exp().mul(Var.constant(eps)));
      Var b1 = z.select(1, 0).reshape(10, 1);
      Var b2 = z.select(1, 1).reshape(10, 1);
      Var sigma = z.select(1, 2).exp().reshape(10, 1);
      Var mean = b1.add(b2.mul(Var.constant(x).reshape(1, 434)));
      Var zz = Var.constant(y).sub(mean).div(sigma);
      return zz.square().mul(-0.5).sub(sigma.log()).sum(1).add(v[1].sum());
    }, HostArrays.toNd4j(new double[] {20, 0.6, 2.9}, new long[] {3}), normal(r, 3).muli(0.1));
    assertTrue(worst <= TOL);
  }

  @Test
  void gradientChecksOfEveryOpOnHostArrays() {
    Random r = new Random(18);
    List<Function<Var[], Var>> fs = new ArrayList<>();
    List<INDArray[]> ins = new ArrayList<>();
    fs.add(v -> v[0].add(v[1]).mul(v[0]).sub(v[1]).div(v[2]).sum());
    ins.add(new INDArray[] {normal(r, 3, 4), normal(r, 4), positive(r, 3, 1)});
    fs.add(v -> v[0].max(v[1]).add(v[0].min(v[1]).mul(2.0)).sum());
    ins.add(new INDArray[] {normal(r, 2, 3), normal(r, 3).addi(0.05)});
    fs.add(v -> v[0].add(1.5).sub(0.2).rsub(3.0).mul(0.7).div(1.3).neg().rdiv(2.0).sum());
    ins.add(new INDArray[] {positive(r, 5).negi()});
    fs.add(v -> v[0].exp().add(v[0].expm1()).add(v[0].tanh()).add(v[0].sigmoid()).add(v[0].softplus())
        .add(v[0].logSigmoid()).add(v[0].square()).add(v[0].abs()).add(v[0].relu()).add(v[0].clamp(-5, 5)).sum());
    ins.add(new INDArray[] {normal(r, 2, 3).addi(0.01)});
    fs.add(v -> v[0].log().add(v[0].log1p()).add(v[0].sqrt()).add(v[0].pow(2.5)).add(v[0].reciprocal())
        .add(v[0].lgamma()).add(v[0].digamma()).sum());
    ins.add(new INDArray[] {positive(r, 2, 2)});
    fs.add(v -> v[0].sum(1).square().sum().add(v[0].sumKeep(0).mul(v[0]).sum()).add(v[0].mean(1).exp().mean()));
    ins.add(new INDArray[] {normal(r, 3, 4)});
    fs.add(v -> v[0].logSumExp(1).add(v[0].logSoftmax(0).mul(v[0]).sum(0)).add(v[0].softmax(1).square().sum(1)).sum());
    ins.add(new INDArray[] {normal(r, 3, 3).muli(4)});
    fs.add(v -> v[0].matmul(v[1]).tanh().transpose().reshape(-1).mul(v[0].reshape(6)).sum());
    ins.add(new INDArray[] {normal(r, 2, 3), normal(r, 3, 3)});
    fs.add(v -> v[0].permute(1, 2, 0).narrow(1, 1, 2).square().sum().add(v[0].select(2, 1).exp().sum()));
    ins.add(new INDArray[] {normal(r, 2, 3, 4)});
    fs.add(v -> Var.concat(1, v[0], v[1].square(), v[0]).logSumExp(1).add(Var.stack(0, v[0], v[0].exp()).sum(0).sum(1)).sum());
    ins.add(new INDArray[] {normal(r, 3, 2), normal(r, 3, 1)});
    for (int i = 0; i < fs.size(); i++) {
      GradCheck.Result res = GradCheck.checkOnHost(fs.get(i), ins.get(i));
      assertTrue(res.passes(1e-6), "case " + i + ": " + res);
    }
    // ND4J leaves stay on the ND4J path; host leaves and what is computed from them do not
    Var p = Var.param(normal(r, 3));
    assertFalse(p.exp().isHost());
    Var q = Var.param(new double[] {1, 2, 3}, 3);
    assertTrue(q.isHost() && q.exp().isHost() && q.add(p).isHost() && p.add(q).isHost());
  }

  @Test
  void mixedHostAndNd4jGraphs() {
    Random r = new Random(19);
    // an ND4J custom op between host ops: the gradient crosses the two paths twice
    Function<Var[], Var> f = v -> {
      Var h = v[0].mul(v[1]).add(0.5);
      INDArray ev = Transforms.exp(h.value(), true);
      Var e = Var.op(ev, g -> new INDArray[] {g.mul(ev)}, h);
      return e.mul(v[0]).logSumExp(0).sum();
    };
    GradCheck.Result res = GradCheck.checkOnHost(f, normal(r, 4), normal(r, 4));
    assertTrue(res.passes(1e-6), res.toString());
    compare("custom op", f, normal(r, 4), normal(r, 4));
    // a float64 array above the host limit with a host one: the ND4J path, the host value converted
    INDArray big = normal(r, 1, HostArrays.MAX_LENGTH + 7);
    INDArray small = normal(r, 1, 1);
    compare("big by small", v -> v[0].mul(v[1]).exp().sum(1).add(v[1].square().sum()), big, small);
    Var b = Var.param(big);
    Var s = Var.param(new double[] {small.getDouble(0)}, 1, 1);
    Var big1 = b.mul(s).sum();
    assertFalse(big1.isHost());
    Var out = big1.add(s.mul(s).sum());
    assertTrue(out.isHost());
    Gradients g = Gradients.of(out);
    double expected = big.sumNumber().doubleValue() + 2 * small.getDouble(0);
    assertEquals(expected, g.getDoubles(s)[0], 1e-12 * Math.max(1, Math.abs(expected)));
    // float32 stays on the ND4J path, bit for bit
    INDArray f32 = normal(r, 3, 2).castTo(DataType.FLOAT);
    Var a32 = Var.param(f32);
    Var y32 = a32.exp().mul(a32).sum();
    assertFalse(y32.isHost());
    INDArray direct = Transforms.exp(f32, true).mul(f32).sum();
    assertEquals(direct.getFloat(0), y32.value().getFloat(0));
    // a float64 host value joined with a float32 one: ND4J's promotion, as before
    Var mix = Var.scalar(2.0).mul(a32);
    assertEquals(Var.withoutHostPath(() -> Var.scalar(2.0).mul(Var.param(f32))).value(), mix.value());
  }

  @Test
  void fusedNormalDensityAgreesWithNd4jAndDifferences() {
    Random r = new Random(21);
    Function<Var[], Var> f = v -> io.github.jvi.core.distribution.Normal.of(v[1], v[2]).logProb(v[0]);
    // value shapes: x [1, 7] data row, loc [4, 7], scale [4, 1] (the ADVI pattern), and others
    long[][][] shapes = {{{1, 7}, {4, 7}, {4, 1}}, {{3}, {3}, {3}}, {{2, 3}, {3}, {}}, {{5}, {}, {5}}};
    for (long[][] sh : shapes) {
      INDArray x = normal(r, sh[0]);
      INDArray m = normal(r, sh[1]);
      INDArray sc = positive(r, sh[2]);
      compare("normal " + java.util.Arrays.deepToString(sh), f, x, m, sc);
      GradCheck.Result res = GradCheck.checkOnHost(v -> f.apply(v).sum(), x, m, sc);
      assertTrue(res.passes(1e-6), res.toString());
    }
    // the fused value has the bits of the op-by-op host form
    Var x = Var.constant(new double[] {0.3, -1.2, 2.5}, 3);
    Var loc = Var.param(new double[] {0.1, 0.2, 0.3}, 3);
    Var sc = Var.param(new double[] {0.5, 1.5, 2.5}, 3);
    Var fused = io.github.jvi.core.distribution.Normal.of(loc, sc).logProb(x);
    Var byOps = x.sub(loc).div(sc).square().mul(-0.5).sub(sc.log()).sub(0.5 * Math.log(2 * Math.PI));
    assertArrayEquals(byOps.doubles(), fused.doubles());
    assertThrows(IllegalStateException.class,
        () -> Var.opOnHost(new double[] {1}, new long[0], g -> new double[][] {g}, Var.param(Nd4j.scalar(1.0))));
    assertThrows(IllegalArgumentException.class,
        () -> Var.opOnHost(new double[] {1, 2}, new long[0], g -> new double[][] {g}, loc));
    assertTrue(Var.onHostPath(loc, Var.param(Nd4j.scalar(1.0))));
    assertFalse(Var.onHostPath(loc, Var.param(Nd4j.scalar(1.0f))));
    assertFalse(Var.withoutHostPath(() -> Var.onHostPath(loc)));
  }

  @Test
  void checksOfHostValuesNameTheParameterAndValue() {
    Var ok = Var.constant(new double[] {0.5, 2}, 2);
    assertEquals(ok, io.github.jvi.core.util.Check.positive("scale", ok));
    assertEquals(ok, io.github.jvi.core.util.Check.finite("loc", ok));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> io.github.jvi.core.util.Check.positive("scale", Var.constant(new double[] {1, Double.NaN}, 2)));
    assertEquals("scale must be finite and > 0, found NaN at flat index 1", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> io.github.jvi.core.util.Check.finite("loc", Var.constant(new double[] {Double.NEGATIVE_INFINITY}, 1)));
    assertEquals("loc must be finite, found -Infinity", e.getMessage());
    // an ND4J value goes through the INDArray check, with the same message
    e = assertThrows(IllegalArgumentException.class,
        () -> io.github.jvi.core.util.Check.positive("scale", Var.constant(Nd4j.createFromArray(1.0, -2.0))));
    assertEquals("scale must be finite and > 0, found -2.0 at flat index 1", e.getMessage());
    // Normal.of on host values checks them and stays on the host path
    Var x = Var.param(new double[] {0.1, 0.2}, 2);
    Var lp = io.github.jvi.core.distribution.Normal.of(x, x.exp()).logProb(Var.scalar(0.3));
    assertTrue(lp.isHost());
    assertThrows(IllegalArgumentException.class,
        () -> io.github.jvi.core.distribution.Normal.of(x, x.neg()));
  }

  @Test
  void hostLeavesAndAccessors() {
    Var p = Var.param(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertTrue(p.isHost());
    assertArrayEquals(new long[] {2, 3}, p.shape());
    assertEquals(DataType.DOUBLE, p.dataType());
    assertEquals(6, p.length());
    Var loss = p.square().sum();
    assertEquals(91.0, loss.item());
    Gradients g = Gradients.of(loss);
    assertArrayEquals(new double[] {2, 4, 6, 8, 10, 12}, g.getDoubles(p));
    INDArray ga = g.get(p);
    assertArrayEquals(new long[] {2, 3}, ga.shape());
    assertEquals(12.0, ga.getDouble(1, 2));
    assertEquals(Nd4j.createFromArray(new double[][] {{1, 2, 3}, {4, 5, 6}}), p.value());
    assertArrayEquals(new double[] {0, 0}, g.getDoubles(Var.param(new double[] {1, 2}, 2)));
    assertThrows(IllegalArgumentException.class, () -> Var.param(new double[] {1, 2, 3}, 2, 2));
    assertThrows(IllegalArgumentException.class, () -> Var.constant(new double[] {1}, -1));
    assertThrows(IllegalArgumentException.class, () -> p.narrow(1, 2, 2));
    assertThrows(IllegalArgumentException.class, () -> Var.stack(0));
    assertThrows(IllegalArgumentException.class, () -> p.add(Var.constant(new double[] {1, 2}, 2)));
    // a leaf above the host limit is an ND4J array
    Var big = Var.constant(new double[HostArrays.MAX_LENGTH + 1], HostArrays.MAX_LENGTH + 1);
    assertFalse(big.isHost());
    // determinism: the same graph twice gives the same bits
    Random r = new Random(20);
    double[] x = HostArrays.fromNd4j(normal(r, 10, 434));
    Var x1 = Var.param(x, 10, 434);
    Var x2 = Var.param(x, 10, 434);
    double[] a1 = Gradients.of(x1.logSumExp(0).exp().sum()).getDoubles(x1);
    double[] a2 = Gradients.of(x2.logSumExp(0).exp().sum()).getDoubles(x2);
    assertArrayEquals(a1, a2);
    assertEquals(434 * 10, a1.length);
  }
}
