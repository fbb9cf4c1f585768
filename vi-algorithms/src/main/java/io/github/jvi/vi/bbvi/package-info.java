/**
 * Black-box variational inference (Ranganath, Gerrish &amp; Blei 2014) on the Normal-Gamma model.
 *
 * <p>{@link io.github.jvi.vi.bbvi.ScoreModel} is what the algorithm sees of a model and its
 * mean-field family: {@link io.github.jvi.vi.bbvi.ScoreBatch}es of draws with their scores and
 * weights. {@link io.github.jvi.vi.bbvi.NormalGammaModel} (log joint, exact ELBO and its
 * gradient, CAVI reference optimum) with {@link io.github.jvi.vi.bbvi.MeanFieldNormalGamma}
 * (q(mu) q(tau) = N(m, s^2) Gamma(a, b) in the unconstrained (m, log s, log a, log b)) is the
 * model here. The estimators share {@link io.github.jvi.vi.bbvi.GradientEstimator}:
 * {@link io.github.jvi.vi.bbvi.ScoreFunctionGradient} (REINFORCE, Algorithm 1),
 * {@link io.github.jvi.vi.bbvi.ControlVariate}, {@link io.github.jvi.vi.bbvi.RaoBlackwellized}
 * (alone, or with control variates: Algorithm 2). {@link io.github.jvi.vi.bbvi.BlackBoxVi} runs
 * the AdaGrad iterations and returns a {@link io.github.jvi.vi.bbvi.BbviResult} with its traces.
 * The iteration works on Java {@code double[]} columns over the S draws, with the data reduced to
 * sufficient statistics: at these sizes each ND4J call would cost more than all the arithmetic
 * (see {@link io.github.jvi.vi.bbvi.BlackBoxVi}).
 */
package io.github.jvi.vi.bbvi;
