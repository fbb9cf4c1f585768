package io.github.jvi.vi.cli;

import io.github.jvi.core.cli.Cli;
import io.github.jvi.vi.cavi.BayesianGmm;
import io.github.jvi.vi.cavi.GmmGlobals;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Option;

/**
 * The Bayesian GMM's {@code --k} and prior options, shared by {@code jvi cavi gmm} and
 * {@code jvi svi gmm} (a picocli mixin), with the defaults taken from the data's mean and
 * covariance however they were computed (in memory, in a streamed scan or on Spark).
 */
final class GmmPrior {
  @Option(names = "--k", required = true, description = "Number of components K.")
  int k;

  @Option(names = "--alpha0", description = "Dirichlet concentration (default: 1/K).")
  Double alpha0;

  @Option(names = "--m0", paramLabel = "m1,...,mD", description = "Prior mean of the means (default: the data mean).")
  String m0;

  @Option(names = "--beta0", defaultValue = "1", description = "Prior precision scale of the means (default: ${DEFAULT-VALUE}).")
  double beta0;

  @Option(names = "--nu0", description = "Wishart degrees of freedom, > D - 1 (default: D).")
  Double nu0;

  @Option(names = "--w0", paramLabel = "a,b;c,d",
      description = "Wishart scale, rows separated by ';' (default: (nu0 S / K^(2/D))^-1 with S the data covariance: a prior cluster covariance of the data's spread over K per unit volume).")
  String w0;

  /** The model for data of dimension d with the given mean and covariance (used for the defaults only). */
  BayesianGmm model(int d, double[] mean, double[][] cov) {
    double nu = nu0 != null ? nu0 : d;
    double[][] w;
    if (w0 != null) {
      w = CaviCommand.matrix("--w0", w0);
    } else {
      try {
        w = BayesianGmm.dataScale(cov, Math.max(k, 1), nu);
      } catch (IllegalArgumentException e) {
        throw new Cli.UserError(e.getMessage().startsWith("nu0") ? "--" + e.getMessage()
            : "the data covariance is singular (" + d + " columns); give --w0 explicitly");
      }
    }
    return BayesianGmm.of(k, alpha0 != null ? alpha0 : 1.0 / Math.max(k, 1),
        m0 != null ? CaviCommand.numbers("--m0", m0) : mean, beta0, w, nu);
  }

  /** The keys every GMM command's output has: n, d, k, elbo, elbo_per_point, means, weights, covariances. */
  static Map<String, Object> summary(long n, int d, int k, double elbo, double[][] means, double[] weights,
      double[][][] covariances) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("n", n);
    out.put("d", d);
    out.put("k", k);
    out.put("elbo", elbo);
    out.put("elbo_per_point", elbo / n);
    out.put("means", means);
    out.put("weights", weights);
    out.put("covariances", Arrays.asList(covariances));
    return out;
  }

  /** {@link #summary} of global factors and their ELBO. */
  static Map<String, Object> summary(long n, GmmGlobals g, double elbo) {
    return summary(n, g.centre().length, g.alphas().length, elbo, g.means(), g.weights(), g.covariances());
  }

  /** The factors q(pi) prod_k q(mu_k, Lambda_k), as {@code jvi cavi gmm} prints them. */
  static Map<String, Object> factors(GmmGlobals g) {
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("alpha", g.alphas());
    q.put("beta", g.betas());
    q.put("m", g.means());
    q.put("W", Arrays.asList(g.scales()));
    q.put("nu", g.dofs());
    return q;
  }
}
