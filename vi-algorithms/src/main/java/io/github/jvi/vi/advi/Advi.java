package io.github.jvi.vi.advi;

import io.github.jvi.core.autodiff.Gradients;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.model.Data;
import io.github.jvi.core.model.Factor;
import io.github.jvi.core.linalg.Cholesky;
import io.github.jvi.core.model.Model;
import io.github.jvi.core.optim.Adam;
import io.github.jvi.core.optim.Lbfgs;
import io.github.jvi.gpu.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Automatic differentiation variational inference (Kucukelbir, Tran, Ranganath, Gelman &amp; Blei
 * 2017): a Gaussian q(u; lambda) ({@link GaussianApproximation}, mean-field or full-rank) on the
 * model's unconstrained space, fitted by stochastic gradient ascent on
 * <pre>
 * L(lambda) = E_q[log p(x, T(u)) + log |det J_T(u)|] + H[q]
 * </pre>
 * Gradient estimators, over S draws u_s = mu + L eps_s:
 * <ul>
 *   <li>{@link Estimator#PATHWISE} (reparameterisation; the paper's eq. 8-9):
 *       grad (1/S) sum_s log p_U(mu + L eps_s) + grad H[q];</li>
 *   <li>{@link Estimator#STL} (sticking the landing; Roeder, Wu &amp; Duvenaud 2017):
 *       grad (1/S) sum_s [log p_U(u_s) - log q_stop(u_s)], the score term of the entropy dropped,
 *       so the variance vanishes as q reaches an exact Gaussian posterior.</li>
 * </ul>
 * Steps: Stan's adaptive sequence ({@link StanStepSize}) with eta chosen by Stan's adaptation
 * (each of eta = 100, 10, 1, 0.1, 0.01 run for {@code adaptIterations} steps from the start; the
 * best ELBO wins, stopping at the first that is worse once one beat the initial ELBO; where none
 * beats it, the best is taken rather than stopping with an error as Stan does), or Adam
 * with a constant learning rate. Convergence (Stan's rule): every {@code evalElbo} iterations the
 * ELBO is estimated from {@code elboSamples} fresh draws; the relative change |L_k - L_{k-1}| / |L_k|
 * enters a circular buffer of max(0.1 maxIterations / evalElbo, 2) values, and the fit stops
 * when their mean or median falls below {@code tolRelObj} ({@code tolRelObj = 0}: run to the limit).
 *
 * <p>Data subsampling ({@link #minibatch(int)}): each iteration every row-summed factor is
 * evaluated on B of its N rows drawn uniformly without replacement and scaled by N / B (Hoffman et
 * al. 2013), an unbiased estimate of the full-data gradient: stochastic VI for any model.
 *
 * <p>Immutable: the setters return modified copies. Deterministic for a given {@link Rng} seed.
 * Draws whose log density is not finite are dropped and redrawn (at most 10 per iteration, as
 * Stan); more is an {@link IllegalStateException} naming the iteration.
 */
public final class Advi {
  /** The gradient estimator. */
  public enum Estimator {
    /** The reparameterisation gradient of the ELBO with the entropy in closed form. */
    PATHWISE,
    /** Sticking the landing: the path derivative of log p - log q, q's parameters stopped. */
    STL
  }

  private static final double[] ETAS = {100, 10, 1, 0.1, 0.01};
  private static final int MAX_DROPPED = 10;

  private final boolean fullRank;
  private final Estimator estimator;
  private final int samples;
  private final int maxIterations;
  private final double tolRelObj;
  private final int evalElbo;
  private final int elboSamples;
  private final int adaptIterations;
  private final double eta; // NaN: adapt
  private final double adamLearningRate; // NaN: Stan's sequence
  private final int minibatch; // 0: all rows
  private final boolean average;
  private final boolean modeInit;
  private final Map<String, io.github.jvi.vi.svi.RowStream> streams; // factor name -> streamed rows

  private Advi(boolean fullRank, Estimator estimator, int samples, int maxIterations, double tolRelObj,
      int evalElbo, int elboSamples, int adaptIterations, double eta, double adamLearningRate, int minibatch,
      boolean average, boolean modeInit, Map<String, io.github.jvi.vi.svi.RowStream> streams) {
    this.fullRank = fullRank;
    this.estimator = estimator;
    this.samples = samples;
    this.maxIterations = maxIterations;
    this.tolRelObj = tolRelObj;
    this.evalElbo = evalElbo;
    this.elboSamples = elboSamples;
    this.adaptIterations = adaptIterations;
    this.eta = eta;
    this.adamLearningRate = adamLearningRate;
    this.minibatch = minibatch;
    this.average = average;
    this.modeInit = modeInit;
    this.streams = streams;
  }

  /**
   * Mean-field ADVI with the defaults: pathwise gradients from S = 10 draws (one draw, Stan's
   * default, left means 0.36 posterior sd off on the posteriordb models in 10^4 iterations),
   * at most 10^4 iterations, tolRelObj = 0.001, the ELBO from 100 draws every 100 iterations,
   * Stan's step sizes with eta adapted over 50 iterations.
   */
  public static Advi meanField() {
    return new Advi(false, Estimator.PATHWISE, 10, 10_000, 1e-3, 100, 100, 50, Double.NaN, Double.NaN, 0, true, true, Map.of());
  }

  /** Full-rank ADVI with {@link #meanField()}'s defaults. */
  public static Advi fullRank() {
    return meanField().family(true);
  }

  private Advi family(boolean full) {
    return new Advi(full, estimator, samples, maxIterations, tolRelObj, evalElbo, elboSamples, adaptIterations,
        eta, adamLearningRate, minibatch, average, modeInit, streams);
  }

  /** The gradient estimator. */
  public Advi estimator(Estimator e) {
    return new Advi(fullRank, java.util.Objects.requireNonNull(e, "estimator"), samples, maxIterations, tolRelObj,
        evalElbo, elboSamples, adaptIterations, eta, adamLearningRate, minibatch, average, modeInit, streams);
  }

  /** S &gt;= 1 draws per gradient. */
  public Advi samples(int s) {
    return new Advi(fullRank, estimator, atLeast("samples", s, 1), maxIterations, tolRelObj, evalElbo, elboSamples,
        adaptIterations, eta, adamLearningRate, minibatch, average, modeInit, streams);
  }

  /** The iteration limit (after the eta adaptation), &gt;= 1. */
  public Advi maxIterations(int n) {
    return new Advi(fullRank, estimator, samples, atLeast("maxIterations", n, 1), tolRelObj, evalElbo, elboSamples,
        adaptIterations, eta, adamLearningRate, minibatch, average, modeInit, streams);
  }

  /** Stan's tol_rel_obj, &gt;= 0; 0 runs to the iteration limit. */
  public Advi tolRelObj(double tol) {
    if (!(tol >= 0)) {
      throw new IllegalArgumentException("tolRelObj must be >= 0, found " + tol);
    }
    return new Advi(fullRank, estimator, samples, maxIterations, tol, evalElbo, elboSamples, adaptIterations, eta,
        adamLearningRate, minibatch, average, modeInit, streams);
  }

  /** How often the ELBO is estimated (iterations), and from how many draws. */
  public Advi evalElbo(int every, int draws) {
    return new Advi(fullRank, estimator, samples, maxIterations, tolRelObj, atLeast("evalElbo", every, 1),
        atLeast("elboSamples", draws, 1), adaptIterations, eta, adamLearningRate, minibatch, average, modeInit, streams);
  }

  /** A fixed eta for Stan's step-size sequence (no adaptation); finite and &gt; 0. */
  public Advi eta(double e) {
    if (!(e > 0) || !Double.isFinite(e)) {
      throw new IllegalArgumentException("eta must be finite and > 0, found " + e);
    }
    return new Advi(fullRank, estimator, samples, maxIterations, tolRelObj, evalElbo, elboSamples, adaptIterations, e,
        Double.NaN, minibatch, average, modeInit, streams);
  }

  /** The number of iterations each candidate eta runs during adaptation, &gt;= 1. */
  public Advi adaptIterations(int n) {
    return new Advi(fullRank, estimator, samples, maxIterations, tolRelObj, evalElbo, elboSamples,
        atLeast("adaptIterations", n, 1), eta, adamLearningRate, minibatch, average, modeInit, streams);
  }

  /**
   * Adam (Kingma &amp; Ba 2015) with a constant learning rate instead of Stan's sequence. Beware: with
   * gradients of 1e6 at the start (kidscore_momiq from u = 0), Adam's second moment remembers them
   * for thousands of steps; Stan's sequence adapts.
   */
  public Advi adam(double learningRate) {
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
      throw new IllegalArgumentException("learningRate must be finite and > 0, found " + learningRate);
    }
    return new Advi(fullRank, estimator, samples, maxIterations, tolRelObj, evalElbo, elboSamples, adaptIterations,
        Double.NaN, learningRate, minibatch, average, modeInit, streams);
  }

  /** Evaluate every row-summed factor on B uniformly drawn rows per iteration, scaled by N / B. */
  public Advi minibatch(int b) {
    return new Advi(fullRank, estimator, samples, maxIterations, tolRelObj, evalElbo, elboSamples, adaptIterations,
        eta, adamLearningRate, atLeast("minibatch", b, 1), average, modeInit, streams);
  }

  /**
   * Whether the result is the average of the iterates over the last convergence window (the
   * max(0.1 maxIterations / evalElbo, 2) x evalElbo iterations whose ELBO changes decided the stop;
   * Polyak &amp; Juditsky 1992) rather than the last iterate (Stan). Default true: with step sizes
   * decaying as k^-1/2 the last iterate keeps O(rho_k) noise, which on kidscore_momiq left beta[2]
   * a posterior sd off after 10^4 iterations.
   */
  public Advi averageIterates(boolean on) {
    return new Advi(fullRank, estimator, samples, maxIterations, tolRelObj, evalElbo, elboSamples, adaptIterations,
        eta, adamLearningRate, minibatch, on, modeInit, streams);
  }

  /**
   * Whether to start from the mode of log p_U (found by {@link Lbfgs} from the initial point) with
   * the Laplace approximation's scales there (H by central differences of the gradient): for
   * mean-field omega_i = -log(-H_ii) / 2 (the KL-optimal mean-field variance of a Gaussian with
   * precision -H), for full-rank L = chol((-H)^-1) (the diagonal form where -H is not positive
   * definite), rather than from mu = init, omega = 0, W = 0.
   * Default true. Stan starts from the initial point; on badly scaled posteriors (logearn_height:
   * predictors near 66, a posterior correlation of -0.998) the first steps from u = 0 with unit
   * scales threw q thousands of sds away, and 10^4 iterations did not bring sigma back (3.3 for 0.89).
   * If the search fails (no finite mode), the fit starts from the initial point.
   */
  public Advi initializeAtMode(boolean on) {
    return new Advi(fullRank, estimator, samples, maxIterations, tolRelObj, evalElbo, elboSamples, adaptIterations,
        eta, adamLearningRate, minibatch, average, on, streams);
  }

  /** The starting lambda: the mode and diagonal Laplace scales, or init with unit scales. */
  private double[] start(Model model, double[] init) {
    int d = model.dimension();
    double[] lambda0 = new double[GaussianApproximation.parameterCount(fullRank, d)];
    System.arraycopy(init, 0, lambda0, 0, d);
    if (!modeInit) {
      return lambda0;
    }
    Map<Factor, Data> sample = new IdentityHashMap<>();
    Map<Factor, Long> sampleTotals = new IdentityHashMap<>();
    for (Factor rf : model.rowFactors()) {
      io.github.jvi.vi.svi.RowStream stream = streams.get(rf.name());
      if (stream != null) { // the declared sample of a streamed factor, scaled to its N
        sample.put(rf, rf.data());
        sampleTotals.put(rf, stream.rows());
      }
    }
    java.util.function.Function<double[], Lbfgs.ValueAndGradient> f = u -> {
      try {
        Var p = Var.param(u, d);
        Var lp = sample.isEmpty() ? model.logDensity(p) : model.logDensity(p, sample, sampleTotals);
        Gradients g = Gradients.of(lp);
        return new Lbfgs.ValueAndGradient(lp.item(), g.contains(p) ? g.getDoubles(p) : new double[d]);
      } catch (IllegalArgumentException outside) {
        return new Lbfgs.ValueAndGradient(Double.NaN, new double[d]);
      }
    };
    Lbfgs.Result mode;
    try {
      mode = Lbfgs.maximize(f, init, 2000, 1e-9);
    } catch (IllegalArgumentException noStart) {
      return lambda0;
    }
    double[] x = mode.x();
    System.arraycopy(x, 0, lambda0, 0, d);
    double[][] negH = new double[d][d]; // -Hessian by central differences of the gradient
    for (int i = 0; i < d; i++) {
      double h = 1e-5 * Math.max(1.0, Math.abs(x[i]));
      double[] up = x.clone();
      double[] down = x.clone();
      up[i] += h;
      down[i] -= h;
      double[] gu = f.apply(up).gradient();
      double[] gd = f.apply(down).gradient();
      for (int j = 0; j < d; j++) {
        negH[j][i] = -(gu[j] - gd[j]) / (2 * h);
      }
    }
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < i; j++) {
        double m = 0.5 * (negH[i][j] + negH[j][i]);
        negH[i][j] = m;
        negH[j][i] = m;
      }
    }
    double[][] precisionFactor = fullRank ? Cholesky.factorOrNull(negH) : null;
    if (precisionFactor != null) {
      // full-rank: L = chol((-H)^-1) = diag(exp omega) U, the Laplace approximation's covariance
      double[][] cov = Cholesky.inverse(precisionFactor);
      double[][] l = Cholesky.factorOrNull(cov);
      if (l != null) {
        for (int i = 0; i < d; i++) {
          lambda0[d + i] = Math.log(l[i][i]);
          for (int j = 0; j < i; j++) {
            lambda0[2 * d + i * d + j] = l[i][j] / l[i][i];
          }
        }
        return lambda0;
      }
    }
    for (int i = 0; i < d; i++) {
      // mean-field: the KL-optimal variance of a Gaussian with precision -H is 1 / (-H_ii)
      double hii = negH[i][i];
      lambda0[d + i] = hii > 0 && Double.isFinite(hii) ? -0.5 * Math.log(hii) : 0.0;
    }
    return lambda0;
  }

  /**
   * Stochastic VI on data larger than memory: the row-summed factor {@code factor} is evaluated each
   * iteration on the next {@link #minibatch(int)} rows of {@code rows} (read from a file in bounded
   * memory, shuffled by windows), scaled by N / B with N = {@code rows.rows()}. The factor's declared
   * {@link Data} is then a sample of the rows (its column names must be the stream's); it serves the
   * starting point (scaled to N). The ELBO checks use a fresh minibatch per draw. The stream is
   * stateful: one fit at a time. {@link AdviFit#khat} evaluates the model on its declared data, so
   * with a streamed factor it describes the fit against the sample, not the full data.
   */
  public Advi stream(String factor, io.github.jvi.vi.svi.RowStream rows) {
    java.util.Objects.requireNonNull(factor, "factor");
    java.util.Objects.requireNonNull(rows, "rows");
    Map<String, io.github.jvi.vi.svi.RowStream> m = new java.util.LinkedHashMap<>(streams);
    m.put(factor, rows);
    return new Advi(fullRank, estimator, samples, maxIterations, tolRelObj, evalElbo, elboSamples, adaptIterations,
        eta, adamLearningRate, minibatch, average, modeInit, java.util.Collections.unmodifiableMap(m));
  }

  /** Minibatches of the row-summed factors and the number of rows each stands for. */
  private record Batches(Map<Factor, Data> data, Map<Factor, Long> totals) {}

  private static int atLeast(String name, int n, int min) {
    if (n < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", found " + n);
    }
    return n;
  }

  /** Fits q starting from u = 0 (mu = 0, unit scales). */
  public AdviFit fit(Model model, Rng rng) {
    return fit(model, new double[model.dimension()], rng);
  }

  /** Fits q starting from mu = {@code init} (unconstrained), unit scales. */
  public AdviFit fit(Model model, double[] init, Rng rng) {
    int d = model.dimension();
    if (init.length != d) {
      throw new IllegalArgumentException("init must have " + d + " unconstrained values, found " + init.length);
    }
    for (io.github.jvi.core.model.Latent l : model.latents()) {
      if (l.support().isDiscrete()) {
        throw new IllegalArgumentException("ADVI needs continuous latents; latent '" + l.name()
            + "' is discrete: fit the model with black-box VI and a Guide (GuidedScoreModel)");
      }
    }
    for (String name : streams.keySet()) {
      if (model.rowFactors().stream().noneMatch(f -> f.name().equals(name))) {
        throw new IllegalArgumentException("stream for factor '" + name + "': the model has no row-summed factor of that name");
      }
      if (minibatch == 0) {
        throw new IllegalArgumentException("a streamed factor ('" + name + "') needs a minibatch size: Advi.minibatch(B)");
      }
    }
    long start = System.nanoTime();
    double[] lambda0 = start(model, init);
    double chosenEta = eta;
    if (Double.isNaN(eta) && Double.isNaN(adamLearningRate)) {
      chosenEta = adaptEta(model, lambda0, rng);
    }
    double[] lambda = lambda0.clone();
    StanStepSize stan = Double.isNaN(adamLearningRate) ? new StanStepSize(chosenEta) : null;
    Adam adam = stan == null ? Adam.of(adamLearningRate) : null;
    int cbSize = (int) Math.max(0.1 * maxIterations / evalElbo, 2.0);
    double[] cb = new double[cbSize];
    int cbCount = 0;
    List<int[]> traceIter = new ArrayList<>();
    List<Double> traceElbo = new ArrayList<>();
    double[][] windows = new double[cbSize][]; // the mean iterate of each recent evalElbo-window
    double[] windowSum = new double[lambda.length];
    int windowCount = 0;
    double elbo = 0;
    double elboPrev;
    StopReason reason = StopReason.ITERATION_LIMIT;
    int iter = 0;
    for (iter = 1; iter <= maxIterations; iter++) {
      double[] g = gradient(model, GaussianApproximation.of(fullRank, d, lambda), rng, iter);
      if (stan != null) {
        stan.step(lambda, g);
      } else {
        for (int i = 0; i < g.length; i++) {
          g[i] = -g[i]; // Adam descends
        }
        adam.step(new double[][] {lambda}, new double[][] {g});
      }
      for (int i = 0; i < lambda.length; i++) {
        windowSum[i] += lambda[i];
      }
      if (iter % evalElbo == 0) {
        double[] windowMean = new double[lambda.length];
        for (int i = 0; i < windowMean.length; i++) {
          windowMean[i] = windowSum[i] / evalElbo;
        }
        windows[windowCount % cbSize] = windowMean;
        windowCount++;
        java.util.Arrays.fill(windowSum, 0.0);
        elboPrev = elbo;
        elbo = elbo(model, GaussianApproximation.of(fullRank, d, lambda), rng);
        traceIter.add(new int[] {iter});
        traceElbo.add(elbo);
        double rel = Math.abs((elbo - elboPrev) / elbo);
        cb[cbCount % cbSize] = rel;
        cbCount++;
        if (tolRelObj > 0) {
          int n = Math.min(cbCount, cbSize);
          double[] recent = Arrays.copyOf(cb, n);
          double mean = Arrays.stream(recent).sum() / n;
          Arrays.sort(recent);
          double median = n % 2 == 1 ? recent[n / 2] : 0.5 * (recent[n / 2 - 1] + recent[n / 2]);
          if (mean < tolRelObj) {
            reason = StopReason.MEAN_ELBO_CONVERGED;
            break;
          }
          if (median < tolRelObj) {
            reason = StopReason.MEDIAN_ELBO_CONVERGED;
            break;
          }
        }
      }
    }
    int done = Math.min(iter, maxIterations);
    if (average && windowCount > 0) {
      int n = Math.min(windowCount, cbSize);
      double[] avg = new double[lambda.length];
      for (int w = 0; w < n; w++) {
        for (int i = 0; i < avg.length; i++) {
          avg[i] += windows[w][i] / n;
        }
      }
      lambda = avg;
    }
    GaussianApproximation q = GaussianApproximation.of(fullRank, d, lambda);
    double finalElbo = elbo(model, q, rng);
    int[] its = new int[traceIter.size()];
    double[] els = new double[its.length];
    for (int i = 0; i < its.length; i++) {
      its[i] = traceIter.get(i)[0];
      els[i] = traceElbo.get(i);
    }
    return new AdviFit(model, q, its, els, finalElbo, done, reason, chosenEta, (System.nanoTime() - start) / 1e9);
  }

  /** Stan's eta adaptation: the eta whose short run from lambda0 reaches the best ELBO. */
  private double adaptEta(Model model, double[] lambda0, Rng rng) {
    int d = model.dimension();
    double elboInit = elbo(model, GaussianApproximation.of(fullRank, d, lambda0), rng);
    double best = Double.NEGATIVE_INFINITY;
    double bestEta = Double.NaN;
    for (int i = 0; i < ETAS.length; i++) {
      double e = ETAS[i];
      double[] lambda = lambda0.clone();
      StanStepSize step = new StanStepSize(e);
      double elbo;
      try {
        for (int k = 1; k <= adaptIterations; k++) {
          step.step(lambda, gradient(model, GaussianApproximation.of(fullRank, d, lambda), rng, k));
        }
        elbo = elbo(model, GaussianApproximation.of(fullRank, d, lambda), rng);
      } catch (IllegalStateException | IllegalArgumentException failed) {
        elbo = Double.NEGATIVE_INFINITY; // this eta diverged
      }
      if (!Double.isFinite(elbo)) {
        elbo = Double.NEGATIVE_INFINITY;
      }
      if (elbo < best && best > elboInit) {
        break; // the previous eta was the best
      }
      if (elbo > best) {
        best = elbo;
        bestEta = e;
      }
    }
    if (Double.isNaN(bestEta)) {
      throw new IllegalStateException("ADVI: every proposed step size (eta = 100 ... 0.01) diverged within "
          + adaptIterations + " iterations from the initial ELBO " + elboInit + "; try another initial value");
    }
    // from a start at the mode no eta may beat the initial ELBO (already near the optimum, and the
    // ELBO estimates are noisy): the best of them, usually the smallest, is taken, where Stan stops
    return bestEta;
  }

  /** The stochastic ELBO gradient with respect to lambda. */
  private double[] gradient(Model model, GaussianApproximation q, Rng rng, int iter) {
    int d = q.dimension();
    GaussianApproximation.Leaves leaves = q.new Leaves();
    Batches batches = minibatch > 0 ? batches(model, rng) : null;
    Var total = null;
    int dropped = 0;
    IllegalArgumentException lastError = null;
    for (int s = 0; s < samples; s++) {
      double[] eps = new double[d];
      for (int i = 0; i < d; i++) {
        eps[i] = rng.nextGaussian();
      }
      Var u = leaves.draw(eps);
      Var lp;
      try {
        lp = batches == null ? model.logDensity(u) : model.logDensity(u, batches.data(), batches.totals());
        if (estimator == Estimator.STL) {
          lp = lp.sub(q.logDensityStopped(u));
        }
      } catch (IllegalArgumentException outside) {
        lp = Var.scalar(Double.NaN); // e.g. a scale that underflowed to 0: a draw outside the model's domain
        lastError = outside;
      }
      if (!Double.isFinite(lp.item())) {
        if (++dropped > MAX_DROPPED) {
          throw new IllegalStateException("ADVI: more than " + MAX_DROPPED + " draws with a non-finite log density at "
              + "iteration " + iter + " (last: " + lp.item() + (lastError == null ? "" : ", the model threw: "
              + lastError.getMessage()) + "); q = " + q);
        }
        s--;
        continue;
      }
      total = total == null ? lp : total.add(lp);
    }
    Var objective = total.div(samples);
    if (estimator == Estimator.PATHWISE) {
      objective = objective.add(leaves.entropy());
    }
    double[] g = leaves.gradient(Gradients.of(objective));
    for (int i = 0; i < g.length; i++) {
      if (!Double.isFinite(g[i])) {
        throw new IllegalStateException("ADVI: non-finite gradient at iteration " + iter + " (lambda[" + i + "]); q = " + q);
      }
    }
    return g;
  }

  /**
   * B rows of each row-summed factor: uniformly without replacement (a partial Fisher-Yates
   * shuffle) from its data, or the next B rows of its stream.
   */
  private Batches batches(Model model, Rng rng) {
    Map<Factor, Data> out = new IdentityHashMap<>();
    Map<Factor, Long> totals = new IdentityHashMap<>();
    for (Factor f : model.rowFactors()) {
      io.github.jvi.vi.svi.RowStream stream = streams.get(f.name());
      if (stream != null) {
        out.put(f, stream.next(minibatch, rng));
        totals.put(f, stream.rows());
        continue;
      }
      int n = f.data().rows();
      if (minibatch >= n) {
        continue;
      }
      out.put(f, f.data().rows(Subsample.indices(n, minibatch, rng)));
    }
    return new Batches(out, totals);
  }

  /** The ELBO estimated from elboSamples draws on all the data: mean of log p_U(u_s) plus H[q]. */
  private double elbo(Model model, GaussianApproximation q, Rng rng) {
    if (streams.isEmpty()) {
      return elbo(model, q, elboSamples, rng);
    }
    // streamed factors: a fresh minibatch per draw, scaled to N
    return elbo(model, q, elboSamples, rng, u -> {
      Batches b = batches(model, rng);
      return model.logDensity(Var.constant(u, u.length), b.data(), b.totals()).item();
    });
  }

  /**
   * The ELBO of q estimated from {@code draws} draws: (1/n) sum_s log p_U(u_s) + H[q] (draws whose
   * log density is not finite are redrawn; -inf if most are).
   */
  public static double elbo(Model model, GaussianApproximation q, int draws, Rng rng) {
    return elbo(model, q, draws, rng, model::logDensity);
  }

  /** The ELBO estimate with log p_U(u) given by {@code logDensity}; see {@link #elbo(Model, GaussianApproximation, int, Rng)}. */
  private static double elbo(Model model, GaussianApproximation q, int draws, Rng rng,
      java.util.function.ToDoubleFunction<double[]> logDensity) {
    double sum = 0;
    int n = 0;
    int dropped = 0;
    int threw = 0;
    IllegalArgumentException lastError = null;
    while (n < draws) {
      double lp;
      try {
        lp = logDensity.applyAsDouble(q.sample(rng));
      } catch (IllegalArgumentException outside) {
        lp = Double.NaN;
        lastError = outside;
        threw++;
      }
      if (!Double.isFinite(lp)) {
        if (++dropped > MAX_DROPPED * draws) {
          if (threw == dropped) { // every draw threw: a fault in the model, not a draw outside its domain
            throw new IllegalArgumentException("model '" + model.name() + "': " + lastError.getMessage(), lastError);
          }
          return Double.NEGATIVE_INFINITY;
        }
        continue;
      }
      sum += lp;
      n++;
    }
    return sum / n + q.entropy();
  }

  /**
   * One stochastic gradient of the ELBO with respect to q's parameters lambda (in
   * {@link GaussianApproximation}'s layout, q's own family), from this configuration's estimator,
   * number of draws S and minibatch size: the step direction {@link #fit} takes, for users who
   * drive their own optimisation loop. Both estimators are unbiased,
   * E[elboGradient(model, q, rng)] = grad_lambda L(lambda) (STL: Roeder, Wu &amp; Duvenaud 2017,
   * the dropped score term has mean zero).
   *
   * @throws IllegalArgumentException if q's dimension is not the model's
   * @throws IllegalStateException if more than 10 draws have a non-finite log density
   */
  public double[] elboGradient(Model model, GaussianApproximation q, Rng rng) {
    if (q.dimension() != model.dimension()) {
      throw new IllegalArgumentException("q must have the model's dimension " + model.dimension() + ", found "
          + q.dimension());
    }
    return gradient(model, q, rng, 0);
  }
}
