package io.github.jvi.vae.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.GradCheck;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LayersTest {
  private static final DataType D = DataType.DOUBLE;

  /** Weights for the loss sum(c * y), so that every output element gets a distinct gradient. */
  private static Var weighted(Var y, long seed) {
    INDArray c = Rng.of(seed).normal(D, y.shape());
    return y.mul(Var.constant(c)).sum();
  }

  @Test
  void linearMatchesComposedOpsAndFiniteDifferences() {
    Rng rng = Rng.of(1);
    INDArray x = rng.normal(D, 5, 4);
    INDArray w = rng.normal(D, 4, 3);
    INDArray b = rng.normal(D, 3);
    for (boolean relu : new boolean[] {false, true}) {
      Var fused = Linear.apply(Var.constant(x), Var.constant(w), Var.constant(b), relu);
      Var plain = Var.constant(x).matmul(Var.constant(w)).add(Var.constant(b));
      if (relu) {
        plain = plain.relu();
      }
      // reference: the same function from Var's generic ops
      assertTrue(fused.value().equalsWithEps(plain.value(), 1e-12));
      GradCheck.Result r = GradCheck.check(v -> weighted(Linear.apply(v[0], v[1], v[2], relu), 7), x, w, b);
      assertTrue(r.passes(1e-6), r.toString());
    }
    assertThrows(IllegalArgumentException.class,
        () -> Linear.apply(Var.constant(x), Var.constant(rng.normal(D, 3, 3)), Var.constant(b), false));
  }

  @Test
  void mlpGradientsPassFiniteDifferences() {
    Parameters store = Parameters.of(D);
    Mlp mlp = Mlp.of(store, "m", new int[] {6, 5, 4, 3}, Rng.of(2));
    assertEquals(6, store.size());
    assertEquals(6 * 5 + 5 * 4 + 4 * 3, mlp.macsPerExample());
    INDArray x = Rng.of(3).normal(D, 4, 6);
    INDArray[] init = store.values().toArray(new INDArray[0]);
    INDArray[] all = new INDArray[init.length + 1];
    System.arraycopy(init, 0, all, 0, init.length);
    all[init.length] = x;
    GradCheck.Result r = GradCheck.check(v -> {
      Var[] ps = java.util.Arrays.copyOf(v, init.length);
      return weighted(mlp.forward(Params.of(ps), v[init.length]), 11);
    }, all);
    assertTrue(r.passes(1e-6), r.toString());
  }

  /** Direct six-fold loop for the convolution (cross-correlation) with zero padding; x [n, h, w, c]. */
  private static double[][][][] naiveConv(INDArray x, INDArray w, INDArray b, int s, int p) {
    int n = (int) x.size(0), c = (int) x.size(3), h = (int) x.size(1), k = (int) w.size(0), o = (int) w.size(3);
    int ho = (h + 2 * p - k) / s + 1;
    double[][][][] y = new double[n][o][ho][ho];
    for (int a = 0; a < n; a++) {
      for (int oc = 0; oc < o; oc++) {
        for (int i = 0; i < ho; i++) {
          for (int j = 0; j < ho; j++) {
            double acc = b.getDouble(oc);
            for (int ic = 0; ic < c; ic++) {
              for (int u = 0; u < k; u++) {
                for (int v = 0; v < k; v++) {
                  int r = s * i + u - p;
                  int q = s * j + v - p;
                  if (r >= 0 && r < h && q >= 0 && q < h) {
                    acc += x.getDouble(a, r, q, ic) * w.getDouble(u, v, ic, oc);
                  }
                }
              }
            }
            y[a][oc][i][j] = acc;
          }
        }
      }
    }
    return y;
  }

  @Test
  void convolutionMatchesDirectSum() {
    Parameters store = Parameters.of(D);
    Conv2d conv = Conv2d.conv(store, "c", 2, 3, 3, 2, 1, false, Rng.of(4));
    INDArray x = Rng.of(5).normal(D, 2, 7, 7, 2);
    Var y = conv.forward(store.constants(), Var.constant(x));
    assertEquals(4, conv.outSize(7));
    double[][][][] ref = naiveConv(x, store.value(0), store.value(1), 2, 1);
    for (int a = 0; a < 2; a++) {
      for (int o = 0; o < 3; o++) {
        for (int i = 0; i < 4; i++) {
          for (int j = 0; j < 4; j++) {
            assertEquals(ref[a][o][i][j], y.value().getDouble(a, i, j, o), 1e-12);
          }
        }
      }
    }
  }

  @Test
  void transposedConvolutionIsTheAdjointOfConvolution() {
    // <conv(x), y> = <x, convT(y)> for the same weights and zero biases
    Parameters store = Parameters.of(D);
    Conv2d conv = Conv2d.conv(store, "c", 2, 3, 4, 2, 1, false, Rng.of(6));
    Parameters tstore = Parameters.of(D);
    Conv2d convT = Conv2d.transposed(tstore, "t", 3, 2, 4, 2, 1, false, Rng.of(6));
    store.value(1).assign(0);
    tstore.value(1).assign(0);
    tstore.value(0).assign(store.value(0)); // [k, k, in=2, out=3] is [k, k, oC=2, iC=3] of the transpose
    INDArray x = Rng.of(7).normal(D, 2, 8, 8, 2);
    INDArray y = Rng.of(8).normal(D, 2, 4, 4, 3);
    assertEquals(8, convT.outSize(4));
    double lhs = conv.forward(store.constants(), Var.constant(x)).value().mul(y).sumNumber().doubleValue();
    double rhs = convT.forward(tstore.constants(), Var.constant(y)).value().mul(x).sumNumber().doubleValue();
    assertEquals(lhs, rhs, 1e-10 * Math.abs(lhs) + 1e-10);
  }

  @Test
  void convolutionGradientsPassFiniteDifferences() {
    for (boolean transposed : new boolean[] {false, true}) {
      Parameters store = Parameters.of(D);
      Conv2d layer = transposed
          ? Conv2d.transposed(store, "t", 2, 2, 4, 2, 1, true, Rng.of(9))
          : Conv2d.conv(store, "c", 2, 2, 3, 2, 1, true, Rng.of(9));
      INDArray x = Rng.of(10).normal(D, 2, 4, 4, 2);
      GradCheck.Result r = GradCheck.check(v -> weighted(layer.forward(Params.of(v[0], v[1]), v[2]), 12),
          store.value(0), store.value(1), x);
      assertTrue(r.passes(1e-6), (transposed ? "transposed: " : "conv: ") + r);
    }
  }

  @Test
  void float32ConvolutionAgreesWithFloat64() {
    for (boolean transposed : new boolean[] {false, true}) {
      Parameters d = Parameters.of(D);
      Conv2d layer = transposed ? Conv2d.transposed(d, "t", 3, 5, 4, 2, 1, true, Rng.of(13))
          : Conv2d.conv(d, "c", 3, 5, 4, 2, 1, true, Rng.of(13));
      INDArray x = Rng.of(14).normal(D, 3, 6, 6, 3);
      Var y64 = layer.forward(d.constants(), Var.constant(x));
      Var y32 = layer.forward(Params.of(Var.constant(d.value(0).castTo(DataType.FLOAT)),
          Var.constant(d.value(1).castTo(DataType.FLOAT))), Var.constant(x.castTo(DataType.FLOAT)));
      assertTrue(y64.value().equalsWithEps(y32.value().castTo(D), 1e-4), transposed ? "transposed" : "conv");
    }
  }

  @Test
  void parametersRejectDuplicatesAndWrongTypes() {
    Parameters store = Parameters.of(DataType.FLOAT);
    store.add("a", Nd4j.zeros(DataType.FLOAT, 2));
    assertThrows(IllegalArgumentException.class, () -> store.add("a", Nd4j.zeros(DataType.FLOAT, 2)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.add("b", Nd4j.zeros(D, 2)));
    assertTrue(e.getMessage().contains("'b'") && e.getMessage().contains("DOUBLE"));
    assertTrue(store.leafList().get(0) == store.leafList().get(0), "leaves are reused across steps");
  }
}
