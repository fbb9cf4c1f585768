package io.github.jvi.core.kl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.Distribution;
import io.github.jvi.core.distribution.Independent;
import io.github.jvi.core.distribution.Normal;
import io.github.jvi.core.distribution.ReparameterizedIndependent;
import io.github.jvi.gpu.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The registry's most-specific-match rule (PyTorch's): rules registered for supertypes and
 * interfaces serve subtypes, the most specific match wins, incomparable matches are an error. The
 * rules here are registered for test-only types, so they change nothing for the real families.
 */
class KlDispatchTest {
  /** Test-only types: A &lt;- B &lt;- C with B implementing Marked; D and E extend A; M implements Marked alone. */
  interface Marked extends Distribution {}

  /** A distribution that only carries a label (the registry never calls its methods). */
  static class A implements Distribution {
    @Override
    public Var logProb(Var x) {
      throw new UnsupportedOperationException();
    }

    @Override
    public INDArray sample(Rng rng, long... sampleShape) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Var mean() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Var variance() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Var entropy() {
      throw new UnsupportedOperationException();
    }

    @Override
    public long[] batchShape() {
      return new long[0];
    }

    @Override
    public long[] eventShape() {
      return new long[0];
    }

    @Override
    public DataType dataType() {
      return DataType.DOUBLE;
    }
  }

  static class B extends A implements Marked {}

  static class C extends B {}

  static class E extends A {}

  static class D extends A {}

  /** Implements Marked without extending A. */
  static final class M implements Marked {
    private final A delegate = new A();

    @Override
    public Var logProb(Var x) {
      return delegate.logProb(x);
    }

    @Override
    public INDArray sample(Rng rng, long... sampleShape) {
      return delegate.sample(rng, sampleShape);
    }

    @Override
    public Var mean() {
      return delegate.mean();
    }

    @Override
    public Var variance() {
      return delegate.variance();
    }

    @Override
    public Var entropy() {
      return delegate.entropy();
    }

    @Override
    public long[] batchShape() {
      return delegate.batchShape();
    }

    @Override
    public long[] eventShape() {
      return delegate.eventShape();
    }

    @Override
    public DataType dataType() {
      return delegate.dataType();
    }
  }

  static {
    Kl.register(A.class, A.class, (p, q) -> Var.scalar(1.0));
    Kl.register(B.class, B.class, (p, q) -> Var.scalar(2.0));
    Kl.register(Marked.class, Marked.class, (p, q) -> Var.scalar(3.0));
    Kl.register(D.class, Marked.class, (p, q) -> Var.scalar(4.0));
    Kl.register(E.class, C.class, (p, q) -> Var.scalar(5.0));
  }

  @Test
  void theMostSpecificRegisteredPairWins() {
    assertEquals(1.0, Kl.divergence(new A(), new A()).item());
    assertEquals(1.0, Kl.divergence(new E(), new A()).item(), "(E, A): only (A, A) matches");
    assertEquals(2.0, Kl.divergence(new B(), new B()).item(), "(B, B) exactly");
    assertEquals(2.0, Kl.divergence(new C(), new B()).item(),
        "(C, B): (B, B) is more specific than (A, A) and (Marked, Marked)");
    assertEquals(3.0, Kl.divergence(new M(), new C()).item(), "(M, C): only the interfaces' rule matches");
    assertEquals(4.0, Kl.divergence(new D(), new M()).item(), "(D, M): (D, Marked) only");
    assertEquals(2.0, Kl.divergence(new C(), new C()).item(), "(C, C): (B, B)");
    assertTrue(Kl.hasClosedForm(C.class, C.class));
    assertFalse(Kl.hasClosedForm(M.class, A.class));
  }

  @Test
  void incomparableMatchesAreReportedNotGuessed() {
    // (E, C) matches (A, A) and (E, C), the latter more specific in both places
    assertEquals(5.0, Kl.divergence(new E(), new C()).item());
    // (D, B) matches (A, A) and (D, Marked): D is more specific than A but Marked is no subtype of A
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kl.divergence(new D(), new B()));
    assertTrue(e.getMessage().contains("ambiguous") && e.getMessage().contains("(A, A)")
        && e.getMessage().contains("(D, Marked)") && e.getMessage().contains("register (D, B)"), e.getMessage());
    assertFalse(Kl.hasClosedForm(D.class, B.class));
  }

  @Test
  void subclassesOfTheFamiliesUseTheirRule() {
    // ReparameterizedIndependent extends Independent: the one (Independent, Independent) rule serves
    // the four combinations of the two classes
    assertTrue(Kl.hasClosedForm(ReparameterizedIndependent.class, ReparameterizedIndependent.class));
    assertTrue(Kl.hasClosedForm(ReparameterizedIndependent.class, Independent.class));
    assertTrue(Kl.hasClosedForm(Independent.class, ReparameterizedIndependent.class));
    assertFalse(Kl.hasClosedForm(Normal.class, Independent.class));
    // reference: KL(N(0,1) || N(1,2)) = log 2 + 2/8 - 1/2 per coordinate, two coordinates
    Distribution p = Normal.of(Nd4j.zeros(DataType.DOUBLE, 2), Nd4j.ones(DataType.DOUBLE, 2));
    Distribution q = Normal.of(Nd4j.ones(DataType.DOUBLE, 2), Nd4j.ones(DataType.DOUBLE, 2).muli(2));
    assertEquals(2 * (Math.log(2) + 2.0 / 8 - 0.5), Kl.divergence(Independent.of(p, 1), Independent.of(q, 1)).item(),
        1e-15);
  }
}
