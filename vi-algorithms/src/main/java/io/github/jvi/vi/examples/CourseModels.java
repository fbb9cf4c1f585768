package io.github.jvi.vi.examples;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.Bernoulli;
import io.github.jvi.core.distribution.Gamma;
import io.github.jvi.core.distribution.Normal;
import io.github.jvi.core.io.JsonData;
import io.github.jvi.core.model.Data;
import io.github.jvi.core.model.Model;
import io.github.jvi.core.model.Support;
import io.github.jvi.gpu.Rng;

/** The course's Normal-Gamma model and a Bayesian logistic regression, written on the model API. */
public final class CourseModels {
  private CourseModels() {}

  /**
   * The Normal-Gamma model of {@link io.github.jvi.vi.bbvi.NormalGammaModel}:
   * {@code tau ~ Gamma(a0, rate b0); mu | tau ~ N(mu0, 1/(lambda0 tau)); x_n ~ N(mu, 1/tau)}.
   * Fields: {@code N}, {@code x}, and optionally {@code mu0, lambda0, a0, b0} (defaults 0, 1, 1, 1).
   */
  public static Model normalGamma(JsonData json) {
    int n = json.count("N");
    double[] x = json.vector("x", n);
    double mu0 = json.has("mu0") ? json.number("mu0") : 0.0;
    double lambda0 = json.has("lambda0") ? positive(json, "lambda0") : 1.0;
    double a0 = json.has("a0") ? positive(json, "a0") : 1.0;
    double b0 = json.has("b0") ? positive(json, "b0") : 1.0;
    return normalGamma(x, mu0, lambda0, a0, b0);
  }

  private static double positive(JsonData json, String name) {
    double v = json.number(name);
    if (!(v > 0)) {
      throw new IllegalArgumentException("field '" + name + "' must be > 0, found " + v);
    }
    return v;
  }

  /** The Normal-Gamma model on data x with prior (mu0, lambda0, a0, b0). */
  public static Model normalGamma(double[] x, double mu0, double lambda0, double a0, double b0) {
    return Model.builder("normal_gamma")
        .latent("mu", Support.real())
        .latent("tau", Support.positive())
        .factor("tau_prior", z -> Gamma.of(a0, b0).logProb(z.get("tau")), "tau")
        .factor("mu_prior", z -> Normal.of(Var.constant(new double[] {mu0}), z.get("tau").mul(lambda0).sqrt().reciprocal())
            .logProb(z.get("mu")), "mu", "tau")
        .rows("likelihood", Data.of("x", x), (z, rows) -> Normal.of(z.get("mu"), z.get("tau").sqrt().reciprocal())
            .logProb(rows.column("x")).sum(), "mu", "tau")
        .build();
  }

  /**
   * Bayesian logistic regression: {@code alpha ~ N(0, 5); beta[1:D] ~ N(0, 2.5);
   * y_n ~ Bernoulli(logit^-1(alpha + X_n beta))}. Fields: {@code N, D, X (N x D), y (0/1)}.
   */
  public static Model logisticRegression(JsonData json) {
    int n = json.count("N");
    int d = json.count("D");
    double[] y = json.vector("y", n);
    for (int i = 0; i < n; i++) {
      if (y[i] != 0 && y[i] != 1) {
        throw new IllegalArgumentException("y[" + (i + 1) + "] must be 0 or 1, found " + y[i]);
      }
    }
    return logisticRegression(json.matrix("X", n, d), y);
  }

  /** Bayesian logistic regression on X (N x D) and y in {0, 1}. */
  public static Model logisticRegression(double[][] x, double[] y) {
    int d = x.length == 0 ? 0 : x[0].length;
    Data data = Data.builder().matrix("X", x).column("y", y).build();
    return Model.builder("logistic_regression")
        .latent("alpha", Support.real())
        .latent("beta", Support.real(d))
        .factor("alpha_prior", z -> Normal.of(0, 5).logProb(z.get("alpha")), "alpha")
        .factor("beta_prior", z -> Normal.of(0, 2.5).logProb(z.get("beta")).sum(), "beta")
        .rows("likelihood", data, (z, rows) -> Bernoulli.ofLogits(
                rows.matrix("X").matmul(z.get("beta").reshape(d, 1)).reshape(rows.rows()).add(z.get("alpha")))
            .logProb(rows.column("y")).sum(), "alpha", "beta")
        .build();
  }

  /**
   * A synthetic logistic-regression data set in posteriordb's JSON form: X ~ N(0, 1) (N x D),
   * alpha = -0.5, beta_j = (-1)^j (j + 1) / D, y ~ Bernoulli(logit^-1(alpha + X beta)).
   */
  public static String syntheticLogisticJson(int n, int d, long seed) {
    Rng rng = Rng.of(seed);
    StringBuilder xs = new StringBuilder();
    StringBuilder ys = new StringBuilder();
    for (int i = 0; i < n; i++) {
      double eta = -0.5;
      xs.append(i == 0 ? "[" : ", [");
      for (int j = 0; j < d; j++) {
        double v = rng.nextGaussian();
        eta += v * ((j % 2 == 0 ? 1 : -1) * (j + 1.0) / d);
        xs.append(j == 0 ? "" : ", ").append(v);
      }
      xs.append(']');
      double p = 1 / (1 + Math.exp(-eta));
      ys.append(i == 0 ? "" : ", ").append(rng.nextDouble() < p ? 1 : 0);
    }
    return "{\"N\": " + n + ", \"D\": " + d + ", \"X\": [" + xs + "], \"y\": [" + ys + "]}";
  }
}
