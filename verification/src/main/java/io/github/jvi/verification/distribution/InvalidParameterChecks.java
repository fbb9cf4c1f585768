package io.github.jvi.verification.distribution;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.Bernoulli;
import io.github.jvi.core.distribution.Beta;
import io.github.jvi.core.distribution.Categorical;
import io.github.jvi.core.distribution.Cauchy;
import io.github.jvi.core.distribution.ContinuousBernoulli;
import io.github.jvi.core.distribution.Dirichlet;
import io.github.jvi.core.distribution.Exponential;
import io.github.jvi.core.distribution.Gamma;
import io.github.jvi.core.distribution.HalfCauchy;
import io.github.jvi.core.distribution.HalfNormal;
import io.github.jvi.core.distribution.Independent;
import io.github.jvi.core.distribution.LogNormal;
import io.github.jvi.core.distribution.MixtureSameFamily;
import io.github.jvi.core.distribution.MultivariateNormal;
import io.github.jvi.core.distribution.Normal;
import io.github.jvi.core.distribution.NormalGamma;
import io.github.jvi.core.distribution.Poisson;
import io.github.jvi.core.distribution.RelaxedOneHotCategorical;
import io.github.jvi.core.distribution.StudentT;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every distribution factory rejects invalid parameters with an {@link IllegalArgumentException}
 * whose message names the parameter and contains the value found (the project convention). One
 * dynamic test per row: factory, parameter, bad value (NaN, +-infinity, zero, negative, outside
 * [0, 1], wrong shapes), so a failure names its case. Each scalar parameter is checked through the
 * {@code double} factory and through the array factory (a bad value in the second element, which
 * the {@code Var} factories share).
 */
class InvalidParameterChecks {
  /** What a parameter accepts, and so which values are invalid for it. */
  enum Kind {
    FINITE(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY),
    POSITIVE(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -1.0),
    PROBABILITY(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.25, 1.5),
    OPEN_PROBABILITY(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, 1.0, -0.25, 1.5);

    final double[] bad;

    Kind(double... bad) {
      this.bad = bad;
    }
  }

  /**
   * One row: a case name, the call, the parameter the message must name (as its first word for the
   * value rows, {@code leading}; as a whole word anywhere for the shape rows), the text it must contain.
   */
  record Row(String name, Executable call, String parameter, String found, boolean leading) {
    boolean names(String msg) {
      return leading ? msg.startsWith(parameter + " ")
          : java.util.regex.Pattern.compile("(^|\\W)" + java.util.regex.Pattern.quote(parameter) + "(\\W|$)").matcher(msg).find();
    }
  }

  private static final List<Row> ROWS = new ArrayList<>();

  /**
   * Rows for a factory of scalar parameters: for each parameter and each of its bad values, the
   * other parameters at their valid defaults.
   */
  private static void scalar(String factory, String[] names, Kind[] kinds, double[] valid, Consumer<double[]> make) {
    for (int i = 0; i < names.length; i++) {
      for (double bad : kinds[i].bad) {
        double[] args = valid.clone();
        args[i] = bad;
        StringBuilder sb = new StringBuilder(factory).append('(');
        for (int j = 0; j < names.length; j++) {
          sb.append(j == 0 ? "" : ", ").append(names[j]).append('=').append(args[j]);
        }
        ROWS.add(new Row(sb.append(')').toString(), () -> make.accept(args), names[i], Double.toString(bad), true));
      }
    }
  }

  private static void shape(String name, Executable call, String parameter, String found) {
    ROWS.add(new Row(name, call, parameter, found, false));
  }

  static {
    scalar("Normal.of", new String[] {"loc", "scale"}, new Kind[] {Kind.FINITE, Kind.POSITIVE}, new double[] {0, 1},
        a -> Normal.of(a[0], a[1]));
    scalar("Normal.of[arrays]", new String[] {"loc", "scale"}, new Kind[] {Kind.FINITE, Kind.POSITIVE}, new double[] {0, 1},
        a -> Normal.of(Nd4j.createFromArray(0.0, a[0]), Nd4j.createFromArray(1.0, a[1])));
    scalar("Gamma.of", new String[] {"shape", "rate"}, new Kind[] {Kind.POSITIVE, Kind.POSITIVE}, new double[] {2, 3},
        a -> Gamma.of(a[0], a[1]));
    scalar("Gamma.of[arrays]", new String[] {"shape", "rate"}, new Kind[] {Kind.POSITIVE, Kind.POSITIVE}, new double[] {2, 3},
        a -> Gamma.of(Nd4j.createFromArray(2.0, a[0]), Nd4j.createFromArray(3.0, a[1])));
    scalar("Gamma.ofShapeScale", new String[] {"shape", "scale"}, new Kind[] {Kind.POSITIVE, Kind.POSITIVE},
        new double[] {2, 0.5}, a -> Gamma.ofShapeScale(a[0], a[1]));
    scalar("Gamma.ofShapeScale[arrays]", new String[] {"shape", "scale"}, new Kind[] {Kind.POSITIVE, Kind.POSITIVE},
        new double[] {2, 0.5}, a -> Gamma.ofShapeScale(Nd4j.createFromArray(2.0, a[0]), Nd4j.createFromArray(0.5, a[1])));
    scalar("Poisson.of", new String[] {"rate"}, new Kind[] {Kind.POSITIVE}, new double[] {4}, a -> Poisson.of(a[0]));
    scalar("Poisson.of[array]", new String[] {"rate"}, new Kind[] {Kind.POSITIVE}, new double[] {4},
        a -> Poisson.of(Nd4j.createFromArray(4.0, a[0])));
    scalar("Exponential.of", new String[] {"rate"}, new Kind[] {Kind.POSITIVE}, new double[] {2}, a -> Exponential.of(a[0]));
    scalar("Exponential.of[array]", new String[] {"rate"}, new Kind[] {Kind.POSITIVE}, new double[] {2},
        a -> Exponential.of(Nd4j.createFromArray(2.0, a[0])));
    scalar("Bernoulli.ofProbs", new String[] {"probs"}, new Kind[] {Kind.PROBABILITY}, new double[] {0.3},
        a -> Bernoulli.ofProbs(a[0]));
    scalar("Bernoulli.ofProbs[array]", new String[] {"probs"}, new Kind[] {Kind.PROBABILITY}, new double[] {0.3},
        a -> Bernoulli.ofProbs(Nd4j.createFromArray(0.3, a[0])));
    scalar("Bernoulli.ofLogits", new String[] {"logits"}, new Kind[] {Kind.FINITE}, new double[] {0.3},
        a -> Bernoulli.ofLogits(a[0]));
    scalar("Bernoulli.ofLogits[array]", new String[] {"logits"}, new Kind[] {Kind.FINITE}, new double[] {0.3},
        a -> Bernoulli.ofLogits(Nd4j.createFromArray(0.3, a[0])));
    scalar("Categorical.ofProbs", new String[] {"probs"}, new Kind[] {Kind.PROBABILITY}, new double[] {0.5},
        a -> Categorical.ofProbs(0.5, a[0]));
    scalar("Categorical.ofLogits", new String[] {"logits"}, new Kind[] {Kind.FINITE}, new double[] {0.5},
        a -> Categorical.ofLogits(0.5, a[0]));
    scalar("Beta.of", new String[] {"alpha", "beta"}, new Kind[] {Kind.POSITIVE, Kind.POSITIVE}, new double[] {2, 3},
        a -> Beta.of(a[0], a[1]));
    scalar("Beta.of[arrays]", new String[] {"alpha", "beta"}, new Kind[] {Kind.POSITIVE, Kind.POSITIVE}, new double[] {2, 3},
        a -> Beta.of(Nd4j.createFromArray(2.0, a[0]), Nd4j.createFromArray(3.0, a[1])));
    scalar("Dirichlet.of", new String[] {"concentration"}, new Kind[] {Kind.POSITIVE}, new double[] {1},
        a -> Dirichlet.of(1.0, a[0], 3.0));
    scalar("ContinuousBernoulli.of", new String[] {"probs"}, new Kind[] {Kind.OPEN_PROBABILITY}, new double[] {0.3},
        a -> ContinuousBernoulli.of(a[0]));
    scalar("ContinuousBernoulli.of[array]", new String[] {"probs"}, new Kind[] {Kind.OPEN_PROBABILITY}, new double[] {0.3},
        a -> ContinuousBernoulli.of(Nd4j.createFromArray(0.3, a[0])));
    scalar("ContinuousBernoulli.ofLogits", new String[] {"logits"}, new Kind[] {Kind.FINITE}, new double[] {0.3},
        a -> ContinuousBernoulli.ofLogits(a[0]));
    scalar("NormalGamma.of", new String[] {"mu", "lambda", "a", "b"},
        new Kind[] {Kind.FINITE, Kind.POSITIVE, Kind.POSITIVE, Kind.POSITIVE}, new double[] {0, 1, 2, 3},
        a -> NormalGamma.of(a[0], a[1], a[2], a[3]));
    scalar("NormalGamma.of[arrays]", new String[] {"mu", "lambda", "a", "b"},
        new Kind[] {Kind.FINITE, Kind.POSITIVE, Kind.POSITIVE, Kind.POSITIVE}, new double[] {0, 1, 2, 3},
        a -> NormalGamma.of(Nd4j.createFromArray(0.0, a[0]), Nd4j.createFromArray(1.0, a[1]), Nd4j.createFromArray(2.0, a[2]),
            Nd4j.createFromArray(3.0, a[3])));
    scalar("MultivariateNormal.of", new String[] {"loc"}, new Kind[] {Kind.FINITE}, new double[] {0},
        a -> MultivariateNormal.of(Nd4j.createFromArray(0.0, a[0]), Nd4j.eye(2).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)));
    scalar("MultivariateNormal.of", new String[] {"cov"}, new Kind[] {Kind.FINITE}, new double[] {1},
        a -> MultivariateNormal.of(Nd4j.createFromArray(0.0, 0.0), Nd4j.createFromArray(new double[][] {{1, 0}, {0, a[0]}})));
    scalar("MultivariateNormal.ofScaleTril", new String[] {"scale_tril"}, new Kind[] {Kind.POSITIVE}, new double[] {1},
        a -> MultivariateNormal.ofScaleTril(Nd4j.createFromArray(0.0, 0.0), Nd4j.createFromArray(new double[][] {{1, 0}, {0.5, a[0]}})));
    scalar("RelaxedOneHotCategorical.of", new String[] {"temperature"}, new Kind[] {Kind.POSITIVE}, new double[] {0.5},
        a -> RelaxedOneHotCategorical.of(a[0], Nd4j.createFromArray(0.0, 1.0)));
    scalar("RelaxedOneHotCategorical.of", new String[] {"logits"}, new Kind[] {Kind.FINITE}, new double[] {0.5},
        a -> RelaxedOneHotCategorical.of(0.5, Nd4j.createFromArray(0.0, a[0])));
    scalar("Cauchy.of", new String[] {"loc", "scale"}, new Kind[] {Kind.FINITE, Kind.POSITIVE}, new double[] {0, 1},
        a -> Cauchy.of(a[0], a[1]));
    scalar("Cauchy.of[arrays]", new String[] {"loc", "scale"}, new Kind[] {Kind.FINITE, Kind.POSITIVE}, new double[] {0, 1},
        a -> Cauchy.of(Nd4j.createFromArray(0.0, a[0]), Nd4j.createFromArray(1.0, a[1])));
    scalar("HalfCauchy.of", new String[] {"scale"}, new Kind[] {Kind.POSITIVE}, new double[] {1}, a -> HalfCauchy.of(a[0]));
    scalar("HalfCauchy.of[array]", new String[] {"scale"}, new Kind[] {Kind.POSITIVE}, new double[] {1},
        a -> HalfCauchy.of(Nd4j.createFromArray(1.0, a[0])));
    scalar("StudentT.of", new String[] {"df", "loc", "scale"}, new Kind[] {Kind.POSITIVE, Kind.FINITE, Kind.POSITIVE},
        new double[] {3, 0, 1}, a -> StudentT.of(a[0], a[1], a[2]));
    scalar("StudentT.of[arrays]", new String[] {"df", "loc", "scale"}, new Kind[] {Kind.POSITIVE, Kind.FINITE, Kind.POSITIVE},
        new double[] {3, 0, 1},
        a -> StudentT.of(Nd4j.createFromArray(3.0, a[0]), Nd4j.createFromArray(0.0, a[1]), Nd4j.createFromArray(1.0, a[2])));
    scalar("HalfNormal.of", new String[] {"scale"}, new Kind[] {Kind.POSITIVE}, new double[] {1}, a -> HalfNormal.of(a[0]));
    scalar("HalfNormal.of[array]", new String[] {"scale"}, new Kind[] {Kind.POSITIVE}, new double[] {1},
        a -> HalfNormal.of(Nd4j.createFromArray(1.0, a[0])));
    scalar("LogNormal.of", new String[] {"loc", "scale"}, new Kind[] {Kind.FINITE, Kind.POSITIVE}, new double[] {0, 1},
        a -> LogNormal.of(a[0], a[1]));
    scalar("LogNormal.of[arrays]", new String[] {"loc", "scale"}, new Kind[] {Kind.FINITE, Kind.POSITIVE}, new double[] {0, 1},
        a -> LogNormal.of(Nd4j.createFromArray(0.0, a[0]), Nd4j.createFromArray(1.0, a[1])));

    // probability vectors that are not normalised, and singular or asymmetric covariances
    shape("Categorical.ofProbs(probs=[0.2, 0.7])", () -> Categorical.ofProbs(0.2, 0.7), "probs", "0.8999");
    shape("MultivariateNormal.of(cov=[[1, 2], [2, 1]]) not positive definite",
        () -> MultivariateNormal.of(Nd4j.createFromArray(0.0, 0.0), Nd4j.createFromArray(new double[][] {{1, 2}, {2, 1}})),
        "cov", "2.0");
    shape("MultivariateNormal.of(cov=[[1, 0.5], [0.4, 1]]) asymmetric",
        () -> MultivariateNormal.of(Nd4j.createFromArray(0.0, 0.0), Nd4j.createFromArray(new double[][] {{1, 0.5}, {0.4, 1}})),
        "cov", "0.4");
    shape("MultivariateNormal.of(cov=[[1, 0], [0, 0]]) singular",
        () -> MultivariateNormal.of(Nd4j.createFromArray(0.0, 0.0), Nd4j.createFromArray(new double[][] {{1, 0}, {0, 0}})),
        "cov", "0.0");
    shape("MultivariateNormal.ofScaleTril(scale_tril upper entry 0.5)",
        () -> MultivariateNormal.ofScaleTril(Nd4j.createFromArray(0.0, 0.0), Nd4j.createFromArray(new double[][] {{1, 0.5}, {0, 1}})),
        "scale_tril", "0.5");
    // wrong shapes: the message names the parameter and shows the shape found
    shape("Normal.of(loc [2], scale [3])", () -> Normal.of(Nd4j.zeros(2), Nd4j.ones(3)), "scale", "[3]");
    shape("Gamma.of(shape [2], rate [3])", () -> Gamma.of(Nd4j.ones(2), Nd4j.ones(3)), "rate", "[3]");
    shape("Beta.of(alpha [2], beta [3])", () -> Beta.of(Nd4j.ones(2), Nd4j.ones(3)), "beta", "[3]");
    shape("Cauchy.of(loc [2], scale [3])", () -> Cauchy.of(Nd4j.zeros(2), Nd4j.ones(3)), "scale", "[3]");
    shape("LogNormal.of(loc [2], scale [3])", () -> LogNormal.of(Nd4j.zeros(2), Nd4j.ones(3)), "scale", "[3]");
    shape("StudentT.of(df [2], loc [3], scale [1])", () -> StudentT.of(Nd4j.ones(2), Nd4j.zeros(3), Nd4j.ones(1)), "loc", "[3]");
    shape("StudentT.of(df [2], loc [2], scale [3])", () -> StudentT.of(Nd4j.ones(2), Nd4j.zeros(2), Nd4j.ones(3)), "scale", "[3]");
    shape("Categorical.ofProbs(probs scalar)", () -> Categorical.ofProbs(Nd4j.scalar(1.0)), "probs", "[]");
    shape("Categorical.ofLogits(logits scalar)", () -> Categorical.ofLogits(Nd4j.scalar(1.0)), "logits", "[]");
    shape("Dirichlet.of(concentration [1])", () -> Dirichlet.of(1.0), "concentration", "[1]");
    shape("Dirichlet.of(concentration scalar)", () -> Dirichlet.of(Nd4j.scalar(1.0)), "concentration", "[]");
    shape("MultivariateNormal.of(loc [3], cov [2, 2])",
        () -> MultivariateNormal.of(Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 3), Nd4j.eye(2)), "cov", "[2, 2]");
    shape("MultivariateNormal.of(loc scalar)", () -> MultivariateNormal.of(Nd4j.scalar(0.0), Nd4j.eye(1)), "loc", "[]");
    shape("MultivariateNormal.ofScaleTril(loc [2], scale_tril [3, 3])",
        () -> MultivariateNormal.ofScaleTril(Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 2), Nd4j.eye(3)),
        "scale_tril", "[3, 3]");
    shape("RelaxedOneHotCategorical.of(temperature [2])",
        () -> RelaxedOneHotCategorical.of(Var.constant(Nd4j.createFromArray(0.5, 0.5)), Var.constant(Nd4j.createFromArray(0.0, 1.0))),
        "temperature", "[2]");
    shape("RelaxedOneHotCategorical.of(logits [1])", () -> RelaxedOneHotCategorical.of(0.5, Nd4j.createFromArray(0.0)),
        "logits", "[1]");
    shape("NormalGamma.of(mu [2], lambda [3])",
        () -> NormalGamma.of(Nd4j.zeros(2), Nd4j.ones(3), Nd4j.ones(1), Nd4j.ones(1)), "lambda", "[3]");
    shape("MixtureSameFamily.of(mixing K=2, component batch [3])",
        () -> MixtureSameFamily.of(Categorical.ofProbs(0.5, 0.5), Normal.of(Nd4j.zeros(3), Nd4j.ones(3))), "component", "[3]");
    shape("MixtureSameFamily.of(mixing null)", () -> MixtureSameFamily.of(null, Normal.of(0, 1)), "mixing", "null");
    shape("Independent.of(reinterpretedBatchDims 2 > rank 1)", () -> Independent.of(Normal.of(Nd4j.zeros(3), Nd4j.ones(3)), 2),
        "reinterpretedBatchDims", "2");
    shape("Independent.of(reinterpretedBatchDims -1)", () -> Independent.of(Normal.of(Nd4j.zeros(3), Nd4j.ones(3)), -1),
        "reinterpretedBatchDims", "-1");
  }

  @TestFactory
  Stream<DynamicTest> everyFactoryRejectsInvalidParameters() {
    assertTrue(ROWS.size() > 150, "rows " + ROWS.size());
    return ROWS.stream().map(r -> DynamicTest.dynamicTest(r.name(), () -> {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r.call(), r.name());
      String msg = e.getMessage();
      assertTrue(msg != null && r.names(msg) && msg.contains(r.found()),
          r.name() + ": message '" + msg + "' should name '" + r.parameter() + "' and contain '" + r.found() + "'");
    }));
  }
}
