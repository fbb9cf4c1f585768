package io.github.jvi.vi.examples;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.Beta;
import io.github.jvi.core.distribution.HalfCauchy;
import io.github.jvi.core.distribution.HalfNormal;
import io.github.jvi.core.distribution.Normal;
import io.github.jvi.core.io.JsonData;
import io.github.jvi.core.model.Data;
import io.github.jvi.core.model.Model;
import io.github.jvi.core.model.Support;

/**
 * The posteriordb models, transcribed from their Stan programs (stan-dev/posteriordb,
 * posterior_database/models/stan). Stan's {@code x ~ dist(...)} drops constants; these keep them,
 * which shifts the log density and the ELBO by a constant and nothing else. A prior on a
 * constrained parameter ({@code real<lower=0> sigma; sigma ~ cauchy(0, s)}) is its truncation to
 * the support: a half-Cauchy or half-normal. A parameter with no prior statement has Stan's
 * improper flat prior.
 */
public final class PosteriorDbModels {
  private PosteriorDbModels() {}

  /**
   * kidscore_momiq: {@code beta ~ flat; sigma ~ cauchy(0, 2.5), sigma > 0;
   * kid_score ~ normal(beta[1] + beta[2] * mom_iq, sigma)}.
   */
  public static Model kidscoreMomiq(JsonData json) {
    int n = json.count("N");
    Data d = Data.builder().column("kid_score", json.vector("kid_score", n)).column("mom_iq", json.vector("mom_iq", n))
        .build();
    return regression("kidscore_momiq", d, "mom_iq", "kid_score")
        .factor("sigma_prior", z -> HalfCauchy.of(2.5).logProb(z.get("sigma")), "sigma")
        .build();
  }

  /** logearn_height: {@code log_earn = log(earn); log_earn ~ normal(beta[1] + beta[2] * height, sigma)}, flat priors. */
  public static Model logearnHeight(JsonData json) {
    int n = json.count("N");
    double[] earn = json.positiveVector("earn", n);
    double[] logEarn = new double[n];
    for (int i = 0; i < n; i++) {
      logEarn[i] = Math.log(earn[i]);
    }
    Data d = Data.builder().column("log_earn", logEarn).column("height", json.vector("height", n)).build();
    return regression("logearn_height", d, "height", "log_earn").build();
  }

  /**
   * logmesquite_logvolume: {@code log_weight ~ normal(beta[1] + beta[2] * log(diam1 .* diam2 .*
   * canopy_height), sigma)}, flat priors.
   */
  public static Model logmesquiteLogvolume(JsonData json) {
    int n = json.count("N");
    double[] weight = json.positiveVector("weight", n);
    double[] d1 = json.positiveVector("diam1", n);
    double[] d2 = json.positiveVector("diam2", n);
    double[] h = json.positiveVector("canopy_height", n);
    double[] logWeight = new double[n];
    double[] logVolume = new double[n];
    for (int i = 0; i < n; i++) {
      logWeight[i] = Math.log(weight[i]);
      logVolume[i] = Math.log(d1[i] * d2[i] * h[i]);
    }
    Data d = Data.builder().column("log_weight", logWeight).column("log_canopy_volume", logVolume).build();
    return regression("logmesquite_logvolume", d, "log_canopy_volume", "log_weight").build();
  }

  /** y ~ normal(beta[1] + beta[2] * x, sigma) with beta: vector[2], sigma &gt; 0. */
  private static Model.Builder regression(String name, Data d, String x, String y) {
    return Model.builder(name)
        .latent("beta", Support.real(2))
        .latent("sigma", Support.positive())
        .rows("likelihood", d, (z, rows) -> Normal.of(
                z.get("beta", 0).add(z.get("beta", 1).mul(rows.column(x))), z.get("sigma"))
            .logProb(rows.column(y)).sum(), "beta", "sigma");
  }

  /**
   * blr: {@code beta ~ normal(0, 10); sigma ~ normal(0, 10), sigma > 0; y ~ normal(X * beta, sigma)}
   * with X: N x D.
   */
  public static Model blr(JsonData json) {
    int n = json.count("N");
    int dim = json.count("D");
    Data d = Data.builder().matrix("X", json.matrix("X", n, dim)).column("y", json.vector("y", n)).build();
    return Model.builder("blr")
        .latent("beta", Support.real(dim))
        .latent("sigma", Support.positive())
        .factor("beta_prior", z -> Normal.of(0, 10).logProb(z.get("beta")).sum(), "beta")
        .factor("sigma_prior", z -> HalfNormal.of(10).logProb(z.get("sigma")), "sigma")
        .rows("likelihood", d, (z, rows) -> Normal.of(
                rows.matrix("X").matmul(z.get("beta").reshape(dim, 1)).reshape(rows.rows()), z.get("sigma"))
            .logProb(rows.column("y")).sum(), "beta", "sigma")
        .build();
  }

  /**
   * low_dim_gauss_mix: {@code ordered[2] mu ~ normal(0, 2); sigma[1:2] ~ normal(0, 2), sigma > 0;
   * theta ~ beta(5, 5); y[n] ~ log_mix(theta, normal(mu[1], sigma[1]), normal(mu[2], sigma[2]))}.
   */
  public static Model lowDimGaussMix(JsonData json) {
    int n = json.count("N");
    Data d = Data.of("y", json.vector("y", n));
    return Model.builder("low_dim_gauss_mix")
        .latent("mu", Support.ordered(2))
        .latent("sigma", Support.positive(2))
        .latent("theta", Support.unitInterval())
        .factor("mu_prior", z -> Normal.of(0, 2).logProb(z.get("mu")).sum(), "mu")
        .factor("sigma_prior", z -> HalfNormal.of(2).logProb(z.get("sigma")).sum(), "sigma")
        .factor("theta_prior", z -> Beta.of(5, 5).logProb(z.get("theta")), "theta")
        .rows("likelihood", d, (z, rows) -> {
          Var y = rows.column("y");
          Var theta = z.get("theta");
          Var first = Normal.of(z.get("mu", 0), z.get("sigma", 0)).logProb(y).add(theta.log());
          Var second = Normal.of(z.get("mu", 1), z.get("sigma", 1)).logProb(y).add(theta.rsub(1.0).log());
          int b = rows.rows();
          return Var.concat(0, first.reshape(1, b), second.reshape(1, b)).logSumExp(0).sum();
        }, "mu", "sigma", "theta")
        .build();
  }

  /**
   * arK: {@code alpha ~ normal(0, 10); beta[1:K] ~ normal(0, 10); sigma ~ cauchy(0, 2.5), sigma > 0;
   * y[t] ~ normal(alpha + sum_k beta[k] y[t-k], sigma)} for t = K+1..T. The rows are the T - K
   * time points with their K lags, so the likelihood is a sum over rows and can be subsampled.
   */
  public static Model arK(JsonData json) {
    int k = json.count("K");
    int t = json.count("T");
    if (k < 1 || k >= t) {
      throw new IllegalArgumentException(json + ": K must be in [1, T), found K=" + k + ", T=" + t);
    }
    double[] y = json.vector("y", t);
    double[][] lags = new double[t - k][k];
    double[] target = new double[t - k];
    for (int i = k; i < t; i++) {
      target[i - k] = y[i];
      for (int j = 0; j < k; j++) {
        lags[i - k][j] = y[i - j - 1];
      }
    }
    Data d = Data.builder().column("y", target).matrix("lags", lags).build();
    return Model.builder("arK")
        .latent("alpha", Support.real())
        .latent("beta", Support.real(k))
        .latent("sigma", Support.positive())
        .factor("alpha_prior", z -> Normal.of(0, 10).logProb(z.get("alpha")), "alpha")
        .factor("beta_prior", z -> Normal.of(0, 10).logProb(z.get("beta")).sum(), "beta")
        .factor("sigma_prior", z -> HalfCauchy.of(2.5).logProb(z.get("sigma")), "sigma")
        .rows("likelihood", d, (z, rows) -> Normal.of(
                rows.matrix("lags").matmul(z.get("beta").reshape(k, 1)).reshape(rows.rows()).add(z.get("alpha")),
                z.get("sigma"))
            .logProb(rows.column("y")).sum(), "alpha", "beta", "sigma")
        .build();
  }

  /**
   * eight_schools_noncentered: {@code theta_trans ~ normal(0, 1); mu ~ normal(0, 5);
   * tau ~ cauchy(0, 5), tau > 0; theta = theta_trans * tau + mu; y ~ normal(theta, sigma)}.
   */
  public static Model eightSchoolsNoncentered(JsonData json) {
    int j = json.count("J");
    Data d = Data.builder().column("y", json.vector("y", j)).column("sigma", json.positiveVector("sigma", j)).build();
    return Model.builder("eight_schools_noncentered")
        .latent("theta_trans", Support.real(j))
        .latent("mu", Support.real())
        .latent("tau", Support.positive())
        .factor("theta_trans_prior", z -> Normal.of(0, 1).logProb(z.get("theta_trans")).sum(), "theta_trans")
        .factor("mu_prior", z -> Normal.of(0, 5).logProb(z.get("mu")), "mu")
        .factor("tau_prior", z -> HalfCauchy.of(5).logProb(z.get("tau")), "tau")
        // theta_trans[j] is school j's own latent: the likelihood is a plain factor, not a row sum to subsample
        .factor("likelihood", z -> Normal.of(theta(z.get("theta_trans"), z.get("tau"), z.get("mu")),
            d.column("sigma")).logProb(d.column("y")).sum(), "theta_trans", "mu", "tau")
        .derived("theta", z -> theta(z.get("theta_trans"), z.get("tau"), z.get("mu")))
        .build();
  }

  private static Var theta(Var thetaTrans, Var tau, Var mu) {
    return thetaTrans.mul(tau).add(mu);
  }
}
