package io.github.jvi.core.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpecTest {
  @Test
  void parsesNumbersListsAndMatrices() {
    Spec s = Spec.parse(" MultivariateNormal( mean=[0, 1.5e-1], cov=[[1,0],[0,2]] ) ");
    assertEquals("MultivariateNormal", s.name());
    assertArrayEquals(new double[] {0, 0.15}, s.vector("mean"));
    assertArrayEquals(new double[] {0, 2}, s.matrix("cov")[1]);
    assertEquals(-3.0, Spec.parse("Normal(mu=-3,sigma=1)").number("mu"));
    assertTrue(Double.isNaN(Spec.parse("Normal(mu=NaN,sigma=1)").number("mu")));
  }

  @Test
  void errorsPointAtThePosition() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Spec.parse("Normal(mu=0,,sigma=1)"));
    assertTrue(e.getMessage().contains("position 13") && e.getMessage().contains("^"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Spec.parse("Normal(mu=abc)"));
    assertTrue(e.getMessage().contains("expected a number"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Spec.parse("Normal(mu=1,mu=2)"));
    assertTrue(e.getMessage().contains("twice"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Spec.parse("Normal(mu=1").number("mu"));
    assertTrue(e.getMessage().contains("expected ')'"), e.getMessage());
  }
}
