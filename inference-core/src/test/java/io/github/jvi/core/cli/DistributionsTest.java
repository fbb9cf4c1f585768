package io.github.jvi.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.jvi.core.distribution.Bernoulli;
import io.github.jvi.core.distribution.Beta;
import io.github.jvi.core.distribution.Categorical;
import io.github.jvi.core.distribution.ContinuousBernoulli;
import io.github.jvi.core.distribution.Dirichlet;
import io.github.jvi.core.distribution.Distribution;
import io.github.jvi.core.distribution.Exponential;
import io.github.jvi.core.distribution.Gamma;
import io.github.jvi.core.distribution.MultivariateNormal;
import io.github.jvi.core.distribution.Normal;
import io.github.jvi.core.distribution.Poisson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.factory.Nd4j;

/** The specification table: every form builds the family with the given parameters; errors list the forms. */
class DistributionsTest {
  private static double mean(Distribution d, int i) {
    return d.mean().value().getDouble(i);
  }

  @Test
  void everyFormBuildsItsFamilyWithTheGivenParameters() {
    // reference: the families' closed-form means and variances at the written parameters
    Distribution n = Distributions.fromSpec("Normal(mu=0.5,sigma=2)");
    assertInstanceOf(Normal.class, n);
    assertEquals(0.5, mean(n, 0));
    assertEquals(4.0, n.variance().item(), 1e-15);
    Distribution n2 = Distributions.fromSpec("normal(loc=0.5, scale=2)");
    assertEquals(4.0, n2.variance().item(), 1e-15);
    assertEquals(2.0 / 3, Distributions.fromSpec("Gamma(shape=2,rate=3)").mean().item(), 1e-15);
    assertEquals(1.0, Distributions.fromSpec("Gamma(shape=2,scale=0.5)").mean().item(), 1e-15);
    assertEquals(4.0, Distributions.fromSpec("Poisson(rate=4)").mean().item(), 1e-15);
    assertEquals(0.5, Distributions.fromSpec("Exponential(rate=2)").mean().item(), 1e-15);
    assertEquals(0.3, Distributions.fromSpec("Bernoulli(p=0.3)").mean().item(), 1e-15);
    assertEquals(1 / (1 + Math.exp(0.8)), Distributions.fromSpec("Bernoulli(logits=-0.8)").mean().item(), 1e-15);
    Distribution c = Distributions.fromSpec("Categorical(probs=[0.2,0.8])");
    assertInstanceOf(Categorical.class, c);
    assertEquals(0.8, ((Categorical) c).probs().value().getDouble(1), 1e-15);
    Categorical cl = (Categorical) Distributions.fromSpec("Categorical(logits=[0,0,0,0])");
    assertEquals(0.25, cl.probs().value().getDouble(3), 1e-15);
    assertEquals(0.4, Distributions.fromSpec("Beta(alpha=2,beta=3)").mean().item(), 1e-15);
    Distribution dir = Distributions.fromSpec("Dirichlet(concentration=[1,2,3])");
    assertEquals(0.5, mean(dir, 2), 1e-15);
    MultivariateNormal mvn = (MultivariateNormal) Distributions.fromSpec("MultivariateNormal(mean=[0,1],cov=[[1,0.5],[0.5,2]])");
    assertTrue(mvn.covariance().value().equalsWithEps(Nd4j.createFromArray(new double[][] {{1, 0.5}, {0.5, 2}}), 1e-14));
    assertEquals(1.0, mean(mvn, 1));
    assertInstanceOf(MultivariateNormal.class, Distributions.fromSpec("MultivariateNormal(loc=[0],cov=[[1]])"));
    ContinuousBernoulli cb = (ContinuousBernoulli) Distributions.fromSpec("ContinuousBernoulli(lam=0.3)");
    assertEquals(0.3, cb.probs().item(), 1e-15);
    ContinuousBernoulli cbl = (ContinuousBernoulli) Distributions.fromSpec("ContinuousBernoulli(logits=0.4)");
    assertEquals(0.4, cbl.logits().item(), 1e-15);
    // the table's example forms all build
    for (String form : Distributions.acceptedForms()) {
      assertTrue(Distributions.fromSpec(form).dataType().isFPType(), form);
    }
  }

  @Test
  void theFactoriesNamesAndTheOldOnesBuildTheSameDistribution() {
    // one vocabulary: the factories' (PyTorch's) names, the earlier spec names as synonyms
    String[][] same = {{"Bernoulli(probs=0.3)", "Bernoulli(p=0.3)"},
        {"ContinuousBernoulli(probs=0.3)", "ContinuousBernoulli(lam=0.3)"},
        {"Gamma(concentration=2,rate=3)", "Gamma(shape=2,rate=3)"},
        {"Beta(concentration1=2,concentration0=3)", "Beta(alpha=2,beta=3)"},
        {"MultivariateNormal(loc=[0,1],covariance_matrix=[[1,0],[0,4]])", "MultivariateNormal(mean=[0,1],cov=[[1,0],[0,4]])"},
        {"MultivariateNormal(loc=[0,1],scale_tril=[[1,0],[0,2]])", "MultivariateNormal(loc=[0,1],cov=[[1,0],[0,4]])"}};
    for (String[] pair : same) {
      Distribution a = Distributions.fromSpec(pair[0]);
      Distribution b = Distributions.fromSpec(pair[1]);
      assertEquals(a.getClass(), b.getClass(), pair[0]);
      assertTrue(a.variance().value().equalsWithEps(b.variance().value(), 1e-15), pair[0] + " vs " + pair[1]);
      assertTrue(a.entropy().value().equalsWithEps(b.entropy().value(), 1e-14), pair[0] + " vs " + pair[1]);
    }
  }

  @Test
  void unknownFamiliesAndArgumentSetsListTheAcceptedForms() {
    assertRejects(() -> Distributions.fromSpec("Weibull(loc=0,scale=1)"), "unknown distribution 'Weibull'",
        "Normal(loc=0,scale=1)", "MultivariateNormal(loc=[0,1],cov=[[1,0],[0,2]])", "Bernoulli(probs=0.3)",
        "ContinuousBernoulli(probs=0.3)", "Categorical(logits=[0,1.4])");
    assertRejects(() -> Distributions.fromSpec("Gamma(alpha=2,rate=3)"), "Gamma: unexpected arguments [alpha, rate]",
        "Gamma(shape=2,rate=3) or Gamma(shape=2,scale=0.5)");
    assertRejects(() -> Distributions.fromSpec("Normal(mu=0,loc=1,sigma=1)"), "unexpected arguments",
        "synonyms: mu for loc, sigma for scale");
    assertRejects(() -> Distributions.fromSpec("Normal(mu=0)"), "Normal(loc=0,scale=1)");
    assertRejects(() -> Distributions.fromSpec("Normal(mu=[0,1],sigma=1)"), "Normal: mu must be a number");
  }

  @Test
  void invalidValuesNameTheArgumentAsWrittenAndTheValue() {
    assertRejects(() -> Distributions.fromSpec("Normal(mu=0,sigma=-1)"), "Normal: sigma must be", "-1.0");
    assertRejects(() -> Distributions.fromSpec("Normal(loc=NaN,scale=1)"), "Normal: loc must be finite", "NaN");
    assertRejects(() -> Distributions.fromSpec("Bernoulli(p=1.5)"), "Bernoulli: p must be in", "1.5");
    assertRejects(() -> Distributions.fromSpec("ContinuousBernoulli(lam=1)"), "lam must be in", "1.0");
    assertRejects(() -> Distributions.fromSpec("Categorical(probs=[0.2,0.7])"), "probs must sum to 1", "found sum 0.8999");
    assertRejects(() -> Distributions.fromSpec("MultivariateNormal(mean=[0,1],cov=[[1,2],[2,1]])"),
        "cov must be positive definite");
    assertRejects(() -> Distributions.fromSpec("MultivariateNormal(mean=[0,1,2],cov=[[1,0],[0,1]])"),
        "cov must have shape [3, 3]");
    assertRejects(() -> Distributions.fromSpec("Dirichlet(concentration=[1])"), "concentration", "[1]");
    assertRejects(() -> Distributions.fromSpec("Normal(mu=0,,sigma=1)"), "position 13", "^");
  }

  @Test
  void distributionsAreScalarFloat64() {
    for (String form : Distributions.acceptedForms()) {
      Distribution d = Distributions.fromSpec(form);
      assertEquals(0, d.batchShape().length, form);
      assertEquals(org.nd4j.linalg.api.buffer.DataType.DOUBLE, d.dataType(), form);
    }
  }

  private static void assertRejects(Executable call, String... fragments) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
    }
  }
}
