package io.github.jvi.verification;

import io.github.jvi.core.autodiff.GradCheck;
import io.github.jvi.core.autodiff.Var;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Assertions;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reverse-mode gradients of composite expressions agree with float64 central differences at
 * generated points. Reference: the finite-difference quotient (error O(h^2) + O(eps/h), about
 * 1e-8 here), tolerance 1e-6 relative.
 */
class AutodiffProperties {
  private static void agrees(Function<Var[], Var> f, INDArray... x) {
    GradCheck.Result r = GradCheck.check(f, x);
    Assertions.assertTrue(r.passes(1e-6), r.toString());
  }

  @Property(tries = 60, seed = "1001")
  void smoothCompositionsOfTwoInputs(@ForAll @DoubleRange(min = -3, max = 3) double a,
      @ForAll @DoubleRange(min = -3, max = 3) double b, @ForAll @DoubleRange(min = 0.2, max = 4) double c) {
    INDArray x = Nd4j.createFromArray(a, b, a * b);
    INDArray y = Nd4j.createFromArray(new double[][] {{c}, {c + 1}, {2 * c}});
    agrees(v -> v[0].mul(v[1]).tanh().add(v[1].log().mul(v[0].sigmoid())).sum(), x.reshape(1, 3), y);
    agrees(v -> v[0].softplus().sub(v[1].lgamma()).logSumExp(1).sum(), x.reshape(1, 3), y);
  }

  @Property(tries = 40, seed = "1002")
  void matrixProductsAndSoftmax(@ForAll @DoubleRange(min = -2, max = 2) double a,
      @ForAll @DoubleRange(min = -2, max = 2) double b) {
    INDArray w = Nd4j.createFromArray(new double[][] {{a, b, 1}, {b, -a, 0.5}});
    INDArray x = Nd4j.createFromArray(new double[][] {{1, a}, {b, 2}, {0.3, -1}});
    agrees(v -> v[0].matmul(v[1]).logSoftmax(1).mul(v[0].matmul(v[1])).sum(), w, x);
  }

  @Property(tries = 40, seed = "1003")
  void specialFunctionGradients(@ForAll @DoubleRange(min = 0.05, max = 30) double a) {
    agrees(v -> v[0].lgamma().add(v[0].digamma()).sum(), Nd4j.createFromArray(a, a + 0.5));
  }
}
