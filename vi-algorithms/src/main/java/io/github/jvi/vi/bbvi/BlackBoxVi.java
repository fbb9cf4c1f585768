package io.github.jvi.vi.bbvi;

import io.github.jvi.core.optim.AdaGrad;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Black-box variational inference (Ranganath, Gerrish &amp; Blei 2014, Algorithm 1): at each
 * iteration draw S samples from q(. | lambda), estimate grad L with a {@link GradientEstimator},
 * and take an AdaGrad ascent step lambda &lt;- lambda + eta g / sqrt(sum of g^2) (the diagonal
 * AdaGrad of the paper, {@link AdaGrad} on -g).
 *
 * <p>Every iteration records the ELBO estimate, the exact ELBO where the model has one, the
 * model's summaries of q and the estimated variance of the gradient; optional monitor
 * estimators are evaluated on the same draws (they do not steer) so that their variances can be
 * compared along one trajectory. A non-finite gradient stops the run with an
 * {@link IllegalStateException} naming the iteration.
 *
 * <p>Speed: at S = 100 the cost of an iteration is the per-call overhead of some thirty small
 * array operations, not arithmetic. The draws, scores and estimates of an iteration live in an
 * ND4J workspace (a per-thread arena reset every iteration), which removes the native allocation
 * and deallocation behind each temporary array; only lambda and the AdaGrad state are ordinary
 * arrays.
 */
public final class BlackBoxVi {
  private static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder()
      .initialSize(0).policyAllocation(AllocationPolicy.STRICT).policyLearning(LearningPolicy.FIRST_LOOP).build();
  private static final String WORKSPACE_ID = "jvi-bbvi-iteration";
  private final ScoreModel model;
  private final GradientEstimator estimator;
  private final int samples;
  private final double eta;
  private final List<GradientEstimator> monitors;

  private BlackBoxVi(ScoreModel model, GradientEstimator estimator, int samples, double eta,
      List<GradientEstimator> monitors) {
    this.model = model;
    this.estimator = estimator;
    this.samples = samples;
    this.eta = eta;
    this.monitors = monitors;
  }

  /**
   * BBVI on {@code model} with {@code estimator}, S = {@code samples} draws per iteration
   * (at least the estimator's minimum) and AdaGrad base step {@code eta} &gt; 0.
   */
  public static BlackBoxVi of(ScoreModel model, GradientEstimator estimator, int samples, double eta) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(estimator, "estimator");
    Check.atLeast("samples", samples, 1);
    if (samples < estimator.minSamples()) {
      throw new IllegalArgumentException(estimator.name() + " needs at least " + estimator.minSamples()
          + " samples per iteration, found S = " + samples);
    }
    return new BlackBoxVi(model, estimator, samples, Check.positive("eta", eta), List.of());
  }

  /** The same run, also evaluating {@code others} on every batch (for variance comparisons). */
  public BlackBoxVi monitoring(List<GradientEstimator> others) {
    for (GradientEstimator e : others) {
      if (samples < e.minSamples()) {
        throw new IllegalArgumentException(e.name() + " needs at least " + e.minSamples()
            + " samples per iteration, found S = " + samples);
      }
    }
    return new BlackBoxVi(model, estimator, samples, eta, List.copyOf(others));
  }

  /** T iterations from lambda0 (not modified), drawing from {@code rng}. */
  @SuppressWarnings("try") // the workspace is held only for its scope
  public BbviResult run(INDArray lambda0, int iterations, Rng rng) {
    Check.atLeast("iterations", iterations, 0);
    Check.shape(lambda0.length() == model.dimension(), "lambda0", model.dimension() + " elements",
        lambda0.shape());
    Check.finite("lambda0", lambda0);
    INDArray lambda = lambda0.castTo(DataType.DOUBLE).dup().reshape(model.dimension());
    AdaGrad opt = AdaGrad.of(eta);
    double[] elboEst = new double[iterations];
    double[] exact = new double[iterations + 1];
    double[][] summaries = new double[iterations + 1][];
    double[][] variance = new double[iterations][];
    Map<String, double[][]> monitorVar = new LinkedHashMap<>();
    for (GradientEstimator m : monitors) {
      monitorVar.put(m.name(), new double[iterations][]);
    }
    List<INDArray> params = List.of(lambda);
    List<INDArray> grads = new ArrayList<>(1);
    grads.add(null);
    for (int t = 0; ; t++) {
      exact[t] = model.exactElbo(lambda);
      summaries[t] = model.summaries(lambda);
      if (t == iterations) {
        break;
      }
      int dim = model.dimension();
      double[] g;
      try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, WORKSPACE_ID)) {
        ScoreBatch batch = model.draw(lambda, rng, samples);
        Estimate e = estimator.estimate(batch);
        g = read(e.gradient(), dim);
        elboEst[t] = e.elbo();
        variance[t] = read(e.variance(), dim);
        for (GradientEstimator m : monitors) {
          monitorVar.get(m.name())[t] = read(m.estimate(batch).variance(), dim);
        }
      }
      for (int d = 0; d < dim; d++) {
        if (!Double.isFinite(g[d])) {
          throw new IllegalStateException("BBVI (" + estimator.name() + ") gradient is not finite at "
              + "iteration " + t + " (lambda = " + lambda + "); lower eta or raise the samples");
        }
        g[d] = -g[d]; // AdaGrad minimises: step on -g to ascend the ELBO
      }
      grads.set(0, Nd4j.createFromArray(g));
      opt.step(params, grads);
    }
    return new BbviResult(estimator.name(), samples, lambda, elboEst, exact, model.summaryNames(),
        summaries, variance, monitorVar);
  }

  /** A short vector's elements (element reads cost far less than a bulk copy at this size). */
  private static double[] read(INDArray v, int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = v.getDouble(i);
    }
    return out;
  }
}
