package io.github.jvi.verification.accuracy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.Gradients;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.Beta;
import io.github.jvi.core.distribution.Distribution;
import io.github.jvi.core.distribution.Gamma;
import io.github.jvi.core.distribution.Poisson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Poisson, Gamma and Beta log densities at large parameters against exact references (issue 13,
 * section 4): Loader's saddle-point forms keep the relative error below 1e-14 + 4 ulp kappa, where
 * kappa = |x d log p / dx| / |log p| is the condition number of log p in x (about 2 sqrt(a) /
 * |log p| at 2 sd from the mean, so 1e-12 at shape 1e10: the rounding of b x or 1 - x alone
 * costs that much), where the textbook forms lose 1e-8 (Poisson at rate 3e7) to 1e-6 (Gamma at
 * shape 1e10).
 *
 * <p>References: {@code logprob.csv}, written by {@code python3
 * verification/reference/near_kl_reference.py}: the textbook formulas (x log lambda - lambda -
 * loggamma(x + 1) and the like) in mpmath at 80 digits on the exact float64 inputs, at x within
 * 3 (Poisson) or 2 (Gamma, Beta) standard deviations of the mean, rates 10 to 1e10, shapes 0.5 to
 * 1e10, Beta (3, 4) to (1e10, 3e9). Deterministic: zero failures allowed over the 73 rows.
 */
class LogProbAccuracyChecks {
  private static final Logger LOG = LoggerFactory.getLogger(LogProbAccuracyChecks.class);
  static final double REL = 1e-14;
  /** Allowed ulps per unit of the condition number kappa = |x d log p / dx| / |log p|. */
  static final double KAPPA_ULPS = 4;

  private static Distribution of(String family, double[] v) {
    switch (family) {
      case "Poisson":
        return Poisson.of(v[0]);
      case "Gamma":
        return Gamma.of(v[0], v[1]);
      case "Beta":
        return Beta.of(v[0], v[1]);
      default:
        throw new IllegalArgumentException("unknown family in logprob.csv: " + family);
    }
  }

  @Test
  void saddlePointLogDensitiesAreWithin1e14RelativePlusTheirCondition(TestReporter reporter) {
    Map<String, Double> worst = new TreeMap<>();
    Map<String, Double> worstRatio = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    int n = 0;
    for (String[] row : ReferenceTable.rows("logprob.csv")) {
      n++;
      double[] params = ReferenceTable.numbers(row[1]);
      double x = Double.parseDouble(row[2]);
      double ref = Double.parseDouble(row[3]);
      Var xv = Var.param(Nd4j.scalar(x));
      Var lp = of(row[0], params).logProb(xv);
      double got = lp.item();
      double kappa = Math.abs(x * Gradients.of(lp).get(xv).getDouble(0)) / Math.abs(ref);
      double err = Math.abs(got - ref) / Math.abs(ref);
      double bound = REL + KAPPA_ULPS * Math.ulp(1.0) * kappa;
      worst.merge(row[0], err, Math::max);
      worstRatio.merge(row[0], err / bound, Math::max);
      if (!(err <= bound)) {
        failures.add(row[0] + "(" + row[1] + ") at " + x + ": " + got + " against " + ref + ", relative " + err);
      }
    }
    String summary = "logProb: " + (n - failures.size()) + "/" + n + " within " + REL + " + " + KAPPA_ULPS
        + " ulp kappa; worst relative error " + worst + ", worst error / bound " + worstRatio;
    reporter.publishEntry("logprob", summary);
    LOG.info(summary);
    assertTrue(worst.size() == 3, "covers Poisson, Gamma and Beta: " + worst.keySet());
    assertTrue(failures.isEmpty(), failures.size() + " beyond " + REL + ": " + failures);
  }
}
