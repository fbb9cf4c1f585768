package io.github.jvi.verification.distribution;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.GradCheck;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.Cauchy;
import io.github.jvi.core.distribution.HalfCauchy;
import io.github.jvi.core.distribution.HalfNormal;
import io.github.jvi.core.distribution.LogNormal;
import io.github.jvi.core.distribution.StudentT;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reverse-mode gradients of the heavy-tailed and half-line families' log-densities (in every
 * parameter and in x), entropies and defined moments equal float64 central differences
 * ({@link GradCheck}, h = 1e-6) to 1e-6 relative, at generated parameters (fixed jqwik seeds)
 * and at points x spread over the bulk and the tails: x = m + s (z, 3z, -10) with z generated.
 * Deterministic; the reference is the finite-difference quotient (error about 1e-8 here).
 */
class LogProbGradientProperties {
  private static void passes(Function<Var[], Var> f, INDArray... x) {
    GradCheck.Result r = GradCheck.check(f, x);
    assertTrue(r.passes(1e-6), r.toString());
  }

  private static INDArray s(double v) {
    return Nd4j.scalar(v);
  }

  private static INDArray points(double m, double sd, double z) {
    return Nd4j.createFromArray(m + sd * z, m + 3 * sd * z, m - 10 * sd);
  }

  @Property(tries = 20, seed = "4101")
  void cauchyAndStudentT(@ForAll @Scale(6) @DoubleRange(min = -5, max = 5) double m, @ForAll @Scale(6) @DoubleRange(min = 0.2, max = 5) double sd,
      @ForAll @Scale(6) @DoubleRange(min = 0.3, max = 50) double nu, @ForAll @Scale(6) @DoubleRange(min = -2, max = 2) double z) {
    INDArray x = points(m, sd, z);
    passes(v -> Cauchy.of(v[0], v[1]).logProb(v[2]).sum().add(Cauchy.of(v[0], v[1]).entropy()), s(m), s(sd), x);
    passes(v -> StudentT.of(v[0], v[1], v[2]).logProb(v[3]).sum().add(StudentT.of(v[0], v[1], v[2]).entropy()),
        s(nu), s(m), s(sd), x);
    // the moments, where they exist (nu > 2 here keeps both defined)
    passes(v -> StudentT.of(v[0], v[1], v[2]).variance().add(StudentT.of(v[0], v[1], v[2]).mean()), s(nu + 2.1), s(m), s(sd));
  }

  @Property(tries = 20, seed = "4102")
  void halfLineFamilies(@ForAll @Scale(6) @DoubleRange(min = -2, max = 2) double m, @ForAll @Scale(6) @DoubleRange(min = 0.2, max = 5) double sd,
      @ForAll @Scale(6) @DoubleRange(min = 0.05, max = 3) double z) {
    INDArray x = Nd4j.createFromArray(sd * z, 3 * sd * z, 10 * sd);
    passes(v -> HalfCauchy.of(v[0]).logProb(v[1]).sum().add(HalfCauchy.of(v[0]).entropy()), s(sd), x);
    passes(v -> HalfNormal.of(v[0]).logProb(v[1]).sum().add(HalfNormal.of(v[0]).entropy())
        .add(HalfNormal.of(v[0]).mean()).add(HalfNormal.of(v[0]).variance()), s(sd), x);
    double ls = sd / 5;
    passes(v -> LogNormal.of(v[0], v[1]).logProb(v[2]).sum().add(LogNormal.of(v[0], v[1]).entropy())
        .add(LogNormal.of(v[0], v[1]).mean()).add(LogNormal.of(v[0], v[1]).variance()), s(m), s(ls), x);
  }
}
