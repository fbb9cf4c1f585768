package io.github.jvi.verification.advi;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.Beta;
import io.github.jvi.core.distribution.Gamma;
import io.github.jvi.core.distribution.Normal;
import io.github.jvi.core.distribution.Poisson;
import io.github.jvi.core.model.Data;
import io.github.jvi.core.model.Model;
import io.github.jvi.core.model.Support;
import io.github.jvi.gpu.Rng;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Conjugate models written on the model API, with their exact posteriors: the oracles of the ADVI
 * suites.
 */
final class ConjugateModels {
  private ConjugateModels() {}

  /** A model and the exact Gaussian posterior of its (real) latents: mean m, precision Lambda. */
  record Gaussian(Model model, double[] mean, double[][] precision) {
    double[][] covariance() {
      return new CholeskyDecomposition(new Array2DRowRealMatrix(precision)).getSolver().getInverse().getData();
    }

    int dimension() {
      return mean.length;
    }
  }

  /**
   * mu ~ N(0, priorSd^2), x_n ~ N(mu, noiseSd^2) (noiseSd known) for n data points drawn from
   * N(1.5, noiseSd^2): Lambda = 1 / priorSd^2 + n / noiseSd^2, m = sum(x) / (noiseSd^2 Lambda).
   */
  static Gaussian normalMean(int n, double priorSd, double noiseSd, long seed) {
    Rng rng = Rng.of(seed);
    double[] x = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      x[i] = 1.5 + noiseSd * rng.nextGaussian();
      sum += x[i];
    }
    double precision = 1 / (priorSd * priorSd) + n / (noiseSd * noiseSd);
    Model m = Model.builder("normal_mean")
        .latent("mu", Support.real())
        .factor("prior", z -> Normal.of(0, priorSd).logProb(z.get("mu")), "mu")
        .rows("likelihood", Data.of("x", x), (z, rows) -> Normal.of(z.get("mu"), Var.scalar(noiseSd))
            .logProb(rows.column("x")).sum(), "mu")
        .build();
    return new Gaussian(m, new double[] {sum / (noiseSd * noiseSd * precision)}, new double[][] {{precision}});
  }

  /**
   * Bayesian linear regression with known noise sd 1 and correlated predictors:
   * beta ~ N(0, priorSd^2 I) (D = 2), X_n1 ~ N(0, xSd^2), X_n2 = rho X_n1 + xSd sqrt(1 - rho^2) N(0, 1),
   * y ~ N(X (1, -0.5), 1). Lambda = X^T X + I / priorSd^2, m = Lambda^-1 X^T y.
   */
  static Gaussian linearRegression(int n, double rho, double xSd, double priorSd, long seed) {
    Rng rng = Rng.of(seed);
    int d = 2;
    double[][] x = new double[n][d];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = xSd * rng.nextGaussian();
      x[i][1] = rho * x[i][0] + xSd * Math.sqrt(1 - rho * rho) * rng.nextGaussian();
      y[i] = x[i][0] - 0.5 * x[i][1] + rng.nextGaussian();
    }
    RealMatrix xm = new Array2DRowRealMatrix(x);
    RealMatrix lambda = xm.transpose().multiply(xm);
    for (int i = 0; i < d; i++) {
      lambda.addToEntry(i, i, 1 / (priorSd * priorSd));
    }
    double[] xty = xm.transpose().operate(y);
    double[] mean = new CholeskyDecomposition(lambda).getSolver().solve(new org.apache.commons.math3.linear.ArrayRealVector(xty))
        .toArray();
    Data data = Data.builder().matrix("X", x).column("y", y).build();
    Model m = Model.builder("linear_regression")
        .latent("beta", Support.real(d))
        .factor("prior", z -> Normal.of(0, priorSd).logProb(z.get("beta")).sum(), "beta")
        .rows("likelihood", data, (z, rows) -> Normal.of(
                rows.matrix("X").matmul(z.get("beta").reshape(d, 1)).reshape(rows.rows()), Var.scalar(1.0))
            .logProb(rows.column("y")).sum(), "beta")
        .build();
    return new Gaussian(m, mean, lambda.getData());
  }

  /** A model with a scalar constrained latent and the exact Beta or Gamma posterior's parameters. */
  record Scalar(Model model, double a, double b) {}

  /**
   * p ~ Beta(a0, b0), y_n ~ Bernoulli(p) for n draws with {@code successes} ones: the posterior is
   * Beta(a0 + successes, b0 + n - successes).
   */
  static Scalar betaBinomial(double a0, double b0, int n, int successes) {
    double[] y = new double[n];
    for (int i = 0; i < successes; i++) {
      y[i] = 1;
    }
    Model m = Model.builder("beta_binomial")
        .latent("p", Support.unitInterval())
        .factor("prior", z -> Beta.of(a0, b0).logProb(z.get("p")), "p")
        .rows("likelihood", Data.of("y", y), (z, rows) -> {
          Var yv = rows.column("y");
          Var p = z.get("p");
          return yv.mul(p.log()).add(yv.rsub(1.0).mul(p.rsub(1.0).log())).sum(); // sum log Bernoulli(y_n | p)
        }, "p")
        .build();
    return new Scalar(m, a0 + successes, b0 + n - successes);
  }

  /**
   * lambda ~ Gamma(a0, rate b0), y_n ~ Poisson(lambda): the posterior is Gamma(a0 + sum y, b0 + n).
   */
  static Scalar gammaPoisson(double a0, double b0, double[] y) {
    double sum = 0;
    for (double v : y) {
      sum += v;
    }
    Model m = Model.builder("gamma_poisson")
        .latent("rate", Support.positive())
        .factor("prior", z -> Gamma.of(a0, b0).logProb(z.get("rate")), "rate")
        .rows("likelihood", Data.of("y", y), (z, rows) -> Poisson.of(z.get("rate")).logProb(rows.column("y")).sum(),
            "rate")
        .build();
    return new Scalar(m, a0 + sum, b0 + y.length);
  }

  /** The logistic sigmoid. */
  static double sigmoidOf(double u) {
    return 1 / (1 + Math.exp(-u));
  }
}
