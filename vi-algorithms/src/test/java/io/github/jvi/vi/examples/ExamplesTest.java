package io.github.jvi.vi.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.Gradients;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.model.Model;
import org.junit.jupiter.api.Test;

/**
 * Every example model builds from its default data and has a finite log density and gradient at
 * u = 0 (the point the ADVI start searches from). A model fault (a shape error in a factor, say)
 * shows here rather than as a failed fit. Deterministic.
 */
class ExamplesTest {
  @Test
  void everyExampleHasAFiniteDensityAndGradientAtTheOrigin() {
    assertEquals(9, Examples.all().size());
    for (Examples.Example e : Examples.all().values()) {
      Model m = e.model().apply(e.defaultData().get());
      Var u = Var.param(new double[m.dimension()], m.dimension());
      Var lp = m.logDensity(u);
      assertTrue(Double.isFinite(lp.item()), e.name() + ": log density " + lp.item());
      for (double g : Gradients.of(lp).getDoubles(u)) {
        assertTrue(Double.isFinite(g), e.name() + ": gradient " + g);
      }
    }
  }
}
