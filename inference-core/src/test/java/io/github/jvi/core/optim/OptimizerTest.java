package io.github.jvi.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.jvi.core.autodiff.Gradients;
import io.github.jvi.core.autodiff.Var;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class OptimizerTest {
  /** Minimises f(x) = sum (x - c)^2 from x = 0; the minimiser is c. */
  private static INDArray minimise(Optimizer opt, int steps) {
    INDArray x = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 3);
    INDArray c = Nd4j.createFromArray(1.0, -2.0, 0.5);
    for (int t = 0; t < steps; t++) {
      Var p = Var.param(x);
      Var loss = p.sub(Var.constant(c)).square().sum();
      opt.step(List.of(p), Gradients.of(loss));
    }
    return x;
  }

  @Test
  void eachOptimiserFindsTheMinimumOfAQuadratic() {
    INDArray c = Nd4j.createFromArray(1.0, -2.0, 0.5);
    assertEquals(0, minimise(Sgd.of(0.1), 200).distance2(c), 1e-8);
    assertEquals(0, minimise(Sgd.of(0.05, 0.9), 400).distance2(c), 1e-6);
    assertEquals(0, minimise(AdaGrad.of(0.5), 2000).distance2(c), 1e-4);
    assertEquals(0, minimise(Adam.of(0.05), 2000).distance2(c), 1e-4);
  }

  @Test
  void adamFirstStepMovesEachCoordinateByLr() {
    // with bias correction, Adam's first step is about lr * sign(g) (paper, sec. 2.1); exactly,
    // lr_1 m / (sqrt(v) + eps) with m = (1-b1) g, v = (1-b2) g^2, lr_1 = lr sqrt(1-b2) / (1-b1)
    INDArray x = Nd4j.createFromArray(0.0, 0.0);
    Adam.of(0.01).step(List.of(x), List.of(Nd4j.createFromArray(3.0, -0.2)));
    double lr1 = 0.01 * Math.sqrt(1 - 0.999) / (1 - 0.9);
    for (int i = 0; i < 2; i++) {
      double g = i == 0 ? 3.0 : -0.2;
      double expected = -lr1 * (0.1 * g) / (Math.sqrt(0.001 * g * g) + 1e-8);
      assertEquals(expected, x.getDouble(i), 1e-15);
      assertEquals(-0.01 * Math.signum(g), x.getDouble(i), 1e-6);
    }
  }

  @Test
  void adaGradFollowsItsRuleOnArraysAndOnJavaVectors() {
    // reference: the rule written out in the test, G += g^2, theta -= eta g / (sqrt(G) + eps),
    // over three steps; the INDArray form, the double[] form and a float32 parameter all follow it
    double[][] g = {{3.0, -0.2, 0.0}, {-1.0, 0.5, 2.0}, {0.25, 4.0, -3.0}};
    double eta = 0.1;
    double[] ref = {1.0, -2.0, 0.5};
    double[] sum = new double[3];
    AdaGrad onArrays = AdaGrad.of(eta);
    AdaGrad onVectors = AdaGrad.of(eta);
    AdaGrad onFloats = AdaGrad.of(eta);
    INDArray x = Nd4j.createFromArray(ref.clone());
    double[] v = ref.clone();
    INDArray xf = Nd4j.createFromArray(1.0f, -2.0f, 0.5f);
    for (double[] gt : g) {
      for (int k = 0; k < 3; k++) {
        sum[k] += gt[k] * gt[k];
        ref[k] -= eta * gt[k] / (Math.sqrt(sum[k]) + 1e-8);
      }
      onArrays.step(List.of(x), List.of(Nd4j.createFromArray(gt)));
      onVectors.step(v, gt);
      onFloats.step(List.of(xf), List.of(Nd4j.createFromArray(gt)));
    }
    for (int k = 0; k < 3; k++) {
      assertEquals(ref[k], x.getDouble(k), 1e-15);
      assertEquals(ref[k], v[k], 1e-15);
      assertEquals(ref[k], xf.getDouble(k), 1e-6); // float32 rounding of the parameter
    }
    assertEquals(3, onVectors.steps());
    assertEquals(org.nd4j.linalg.api.buffer.DataType.FLOAT, xf.dataType());
    // the state round-trips, and the array form continues the INDArray form's trajectory
    AdaGrad resumed = AdaGrad.of(eta);
    resumed.restore(onArrays.steps(), onArrays.state());
    double[] w = x.toDoubleVector();
    resumed.step(w, new double[] {1, 1, 1});
    onArrays.step(List.of(x), List.of(Nd4j.createFromArray(1.0, 1.0, 1.0)));
    for (int k = 0; k < 3; k++) {
      assertEquals(x.getDouble(k), w[k], 0.0);
    }
    // a restored accumulator does not fit a parameter of another length
    AdaGrad misfit = AdaGrad.of(eta);
    misfit.restore(onArrays.steps(), onArrays.state());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> misfit.step(new double[2], new double[2]));
    assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[2]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> AdaGrad.of(1).step(new double[2], new double[3]));
  }

  @Test
  void stateRoundTripsForCheckpoints() {
    Adam a = Adam.of(0.01);
    INDArray x = Nd4j.createFromArray(1.0, 2.0);
    a.step(List.of(x), List.of(Nd4j.createFromArray(0.5, -1.0)));
    Adam b = Adam.of(0.01);
    b.restore(a.steps(), a.state());
    // b resumes on a copy of the parameter (as after loading a checkpoint); a continues on its own
    INDArray xb = x.dup();
    a.step(List.of(x), List.of(Nd4j.createFromArray(0.1, 0.2)));
    b.step(List.of(xb), List.of(Nd4j.createFromArray(0.1, 0.2)));
    assertEquals(x, xb);
    // a fresh Adam on the copy takes another step: the restored moments made the difference
    INDArray xc = Nd4j.createFromArray(1.0, 2.0);
    Adam.of(0.01).step(List.of(xc), List.of(Nd4j.createFromArray(0.5, -1.0)));
    Adam c = Adam.of(0.01);
    c.step(List.of(xc), List.of(Nd4j.createFromArray(0.1, 0.2)));
    assertNotEquals(x, xc);
  }

  /** Two equal-shape parameters stepped with gradients that depend on the parameter, not the position. */
  private static INDArray[] run(Optimizer opt, boolean swapEveryOtherStep) {
    INDArray a = Nd4j.createFromArray(1.0, -2.0);
    INDArray b = Nd4j.createFromArray(0.5, 3.0);
    for (int t = 0; t < 6; t++) {
      // d/dx of sum (x - c)^2 with a different c for each parameter, and a scale that changes with t
      INDArray ga = a.sub(Nd4j.createFromArray(0.3, 0.1)).muli(2 * (t + 1));
      INDArray gb = b.sub(Nd4j.createFromArray(-1.0, 2.0)).muli(0.1 * (t + 1));
      if (swapEveryOtherStep && t % 2 == 1) {
        opt.step(List.of(b, a), List.of(gb, ga));
      } else {
        opt.step(List.of(a, b), List.of(ga, gb));
      }
    }
    return new INDArray[] {a, b};
  }

  @Test
  void reorderingEqualShapeParametersDoesNotSwapTheirState() {
    // state keyed by parameter identity: the trajectory of each parameter is the same whatever
    // the order they are passed in (bit for bit), for every optimiser with per-parameter state;
    // keyed by position, the swapped steps would apply a's moments to b and b's to a
    java.util.function.Supplier<?>[] makers = {() -> Adam.of(0.1), () -> AdaGrad.of(0.5), () -> Sgd.of(0.05, 0.9)};
    for (java.util.function.Supplier<?> make : makers) {
      INDArray[] fixed = run((Optimizer) make.get(), false);
      INDArray[] swapped = run((Optimizer) make.get(), true);
      String name = make.get().getClass().getSimpleName();
      assertEquals(fixed[0], swapped[0], name + ": a");
      assertEquals(fixed[1], swapped[1], name + ": b");
    }
    // the state lists the parameters in the order they were first passed (a, then b), whatever
    // the order of later steps: Adam's is m_a, v_a, m_b, v_b
    Adam inOrder = Adam.of(0.1);
    Adam swapped = Adam.of(0.1);
    run(inOrder, false);
    run(swapped, true);
    List<INDArray> s1 = inOrder.state();
    List<INDArray> s2 = swapped.state();
    assertEquals(4, s2.size());
    for (int i = 0; i < 4; i++) {
      assertEquals(s1.get(i), s2.get(i), "state " + i);
    }
    assertNotEquals(s1.get(0), s2.get(2), "the moments of a and b differ");
    // Adam's form on Java arrays keys its moments by the arrays too
    double[][] fixedHost = {{1.0, -2.0}, {0.5, 3.0}};
    double[][] swappedHost = {{1.0, -2.0}, {0.5, 3.0}};
    Adam f = Adam.of(0.1);
    Adam w = Adam.of(0.1);
    for (int t = 0; t < 6; t++) {
      double[] ga = {2 * (t + 1) * (fixedHost[0][0] - 0.3), 2 * (t + 1) * (fixedHost[0][1] - 0.1)};
      double[] gb = {0.1 * (t + 1) * (fixedHost[1][0] + 1), 0.1 * (t + 1) * (fixedHost[1][1] - 2)};
      f.step(fixedHost, new double[][] {ga, gb});
      if (t % 2 == 1) {
        w.step(new double[][] {swappedHost[1], swappedHost[0]}, new double[][] {gb.clone(), ga.clone()});
      } else {
        w.step(swappedHost, new double[][] {ga.clone(), gb.clone()});
      }
    }
    for (int i = 0; i < 2; i++) {
      org.junit.jupiter.api.Assertions.assertArrayEquals(fixedHost[i], swappedHost[i], 0.0, "host form, parameter " + i);
    }
  }

  @Test
  void restoredStateMustFitTheParameter() {
    Adam a = Adam.of(0.01);
    a.step(List.of(Nd4j.createFromArray(1.0, 2.0)), List.of(Nd4j.createFromArray(0.5, -1.0)));
    Adam b = Adam.of(0.01);
    b.restore(a.steps(), a.state());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> b.step(List.of(Nd4j.createFromArray(1.0, 2.0, 3.0)), List.of(Nd4j.createFromArray(1.0, 1.0, 1.0))));
    assertTrue(e.getMessage().contains("parameter 0") && e.getMessage().contains("[2]")
        && e.getMessage().contains("[3]"), e.getMessage());
  }

  @Test
  void aDistributionBuiltAroundALeafIsNotRevalidatedByAStep() {
    // the in-place rule of Optimizer: a step can carry a scale leaf below zero; only building the
    // distribution again (inside the step) catches it
    Var loc = Var.param(Nd4j.createFromArray(0.0));
    Var scale = Var.param(Nd4j.createFromArray(0.1));
    io.github.jvi.core.distribution.Normal kept = io.github.jvi.core.distribution.Normal.of(loc, scale);
    Sgd.of(1.0).step(List.of(loc, scale), Gradients.of(kept.logProb(Var.constant(Nd4j.createFromArray(5.0))).sum()));
    assertTrue(scale.value().getDouble(0) < 0, "the step made the scale " + scale.value());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> io.github.jvi.core.distribution.Normal.of(loc, scale));
    assertTrue(e.getMessage().contains("scale"), e.getMessage());
  }

  @Test
  void invalidSettingsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> Adam.of(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> Adam.of(0.1, 1.0, 0.9, 1e-8));
    assertThrows(IllegalArgumentException.class, () -> AdaGrad.of(-1));
    assertThrows(IllegalArgumentException.class, () -> Sgd.of(0.1, 1.5));
  }

  @Test
  void fusedFloatPathAgreesWithTheNativeOp() {
    // contiguous float32 arrays take the fused Java pass; the same values as columns of a matrix
    // (strided views) take libnd4j's adam_updater: both compute the paper's formula
    org.nd4j.linalg.api.ndarray.INDArray g1 = Nd4j.createFromArray(0.3f, -2f, 1e-3f, 5f);
    org.nd4j.linalg.api.ndarray.INDArray g2 = Nd4j.createFromArray(-0.1f, 0.7f, 2f, -4f);
    org.nd4j.linalg.api.ndarray.INDArray flat = Nd4j.createFromArray(1f, 2f, 3f, 4f);
    org.nd4j.linalg.api.ndarray.INDArray matrix = Nd4j.createFromArray(new float[][] {{1f, 0f}, {2f, 0f}, {3f, 0f}, {4f, 0f}});
    org.nd4j.linalg.api.ndarray.INDArray column = matrix.getColumn(0);
    Adam a = Adam.of(0.1);
    Adam b = Adam.of(0.1);
    for (org.nd4j.linalg.api.ndarray.INDArray g : List.of(g1, g2, g1)) {
      a.step(List.of(flat), List.of(g));
      b.step(List.of(column), List.of(g.dup()));
    }
    for (int i = 0; i < 4; i++) {
      assertEquals(flat.getDouble(i), matrix.getDouble(i, 0), 1e-6);
    }
    assertEquals(0.0, matrix.getDouble(2, 1), 0.0);
  }

  @Test
  void adamOnJavaArraysGivesTheBitsOfAdamOnNd4jArrays() {
    // the same gradients (a fixed quadratic with a moving target) through both forms, 50 steps
    Adam onArrays = Adam.of(0.05);
    Adam onNd4j = Adam.of(0.05);
    double[] p = {1.5, -2.0, 0.25};
    double[] q = {3.0};
    INDArray pa = Nd4j.createFromArray(p.clone());
    INDArray qa = Nd4j.createFromArray(q.clone());
    for (int t = 0; t < 50; t++) {
      double[] gp = new double[3];
      for (int k = 0; k < 3; k++) {
        gp[k] = 2 * (p[k] - Math.sin(t + k)) * (1 + k);
      }
      double[] gq = {q[0] * q[0] - 1};
      double[] gpa = new double[3];
      for (int k = 0; k < 3; k++) {
        gpa[k] = 2 * (pa.getDouble(k) - Math.sin(t + k)) * (1 + k);
      }
      double qv = qa.getDouble(0);
      onArrays.step(new double[][] {p, q}, new double[][] {gp, gq});
      onNd4j.step(List.of(pa, qa), List.of(Nd4j.createFromArray(gpa), Nd4j.createFromArray(qv * qv - 1)));
    }
    for (int k = 0; k < 3; k++) {
      assertEquals(pa.getDouble(k), p[k], 0.0);
    }
    assertEquals(qa.getDouble(0), q[0], 0.0);
    assertEquals(50, onArrays.steps());
    // the state of the array form restores into either form
    Adam again = Adam.of(0.05);
    again.restore(onArrays.steps(), onArrays.state());
    assertEquals(onNd4j.state().get(0), again.state().get(0));
    assertThrows(IllegalArgumentException.class, () -> onArrays.step(new double[][] {p}, new double[][] {}));
    assertThrows(IllegalArgumentException.class,
        () -> onArrays.step(new double[][] {p, q}, new double[][] {{1, 2, 3}, {1, 2}}));
  }
}
