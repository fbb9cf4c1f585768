package io.github.jvi.core.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.Normal;
import io.github.jvi.gpu.Rng;
import org.junit.jupiter.api.Test;

/**
 * The conjugate model z ~ N(0, 1), x | z ~ N(z, 1) has evidence p(x) = N(x; 0, 2) and posterior
 * N(x/2, 1/2): the reference values here are those closed forms.
 */
class ObjectiveTest {
  private static final double X = 1.3;
  private static final double LOG_EVIDENCE = Normal.of(0, Math.sqrt(2)).logProb(org.nd4j.linalg.factory.Nd4j.scalar(X)).item();

  private static Var logJoint(Var z) {
    Var prior = Normal.of(0, 1).logProb(z);
    return prior.add(Normal.of(z, Var.scalar(1.0).add(z.mul(0.0))).logProb(Var.scalar(X)));
  }

  private static Var logLik(Var z) {
    return z.rsub(X).square().mul(-0.5).sub(0.5 * Math.log(2 * Math.PI));
  }

  @Test
  void elboEqualsEvidenceAtThePosterior() {
    Normal posterior = Normal.of(X / 2, Math.sqrt(0.5));
    // log p(x, z) - log q(z) = log p(x) for every z when q is the posterior: exact for any S
    assertEquals(LOG_EVIDENCE, Elbo.estimate(ObjectiveTest::logJoint, posterior, 7, Rng.of(1)).item(), 1e-12);
    assertEquals(LOG_EVIDENCE, Iwelbo.estimate(ObjectiveTest::logJoint, posterior, 7, Rng.of(1)).item(), 1e-12);
  }

  @Test
  void boundsAreOrderedForAPoorQ() {
    double m = -0.5;
    double s = 1.5;
    Normal q = Normal.of(m, s);
    // closed form: E_q log N(z;0,1) + E_q log N(x;z,1) + H[q]
    double exact = -Math.log(2 * Math.PI) - (m * m + s * s) / 2 - ((X - m) * (X - m) + s * s) / 2
        + 0.5 * Math.log(2 * Math.PI * Math.E * s * s);
    // per draw, log p(x,z) - log q(z) = c - 1.75 e^2 + 3.45 e with e ~ N(0,1): sd sqrt(2*1.75^2 +
    // 3.45^2) = 4.2. With 200k draws the standard error is 0.0095; tolerance 0.05 is over 5 (fixed seeds)
    double elbo = Elbo.estimate(ObjectiveTest::logJoint, q, 200_000, Rng.of(2)).item();
    double elboKl = Elbo.estimate(ObjectiveTest::logLik, q, Normal.of(0, 1), 200_000, Rng.of(3)).item();
    assertEquals(exact, elbo, 0.05);
    assertEquals(exact, elboKl, 0.05);
    // 20000 independent replicates of each bound, drawn as one [K, 20000] array
    Rng rng = Rng.of(4);
    Var z1 = q.rsample(rng, 1, 20000);
    Var z10 = q.rsample(rng, 10, 20000);
    double iw1 = Iwelbo.fromLogWeights(logJoint(z1).sub(q.logProb(z1))).mean().item();
    double iw10 = Iwelbo.fromLogWeights(logJoint(z10).sub(q.logProb(z10))).mean().item();
    assertTrue(exact < iw10 - 0.05, "ELBO " + exact + " vs IWELBO_10 " + iw10);
    // 20000 single-draw estimates: standard error 4.2 / sqrt(20000) = 0.03; tolerance 0.15 = 5 SE
    assertEquals(exact, iw1, 0.15);
    assertTrue(iw10 < LOG_EVIDENCE, "IWELBO_10 " + iw10 + " vs log p(x) " + LOG_EVIDENCE);
  }
}
