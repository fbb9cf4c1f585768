package io.github.jvi.vi.bbvi;

import io.github.jvi.core.autodiff.Gradients;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.bijector.Bijector;
import io.github.jvi.core.distribution.Distribution;
import io.github.jvi.core.distribution.Gamma;
import io.github.jvi.core.distribution.Normal;
import io.github.jvi.core.model.Factor;
import io.github.jvi.core.model.Latent;
import io.github.jvi.core.model.Model;
import io.github.jvi.core.model.Values;
import io.github.jvi.gpu.Rng;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Black-box VI for any {@link Model} and mean-field {@link Guide} (Ranganath, Gerrish &amp; Blei 2014):
 * the {@link ScoreModel} whose batches every estimator of this package reduces
 * ({@link ScoreFunctionGradient}, {@link ControlVariate}, {@link RaoBlackwellized}), so
 * {@link BlackBoxVi} fits a user's model with any of them.
 *
 * <p>For S draws z_s ~ q(. | lambda), site by site, the autodiff builds
 * <pre>
 * h_d(z_s) = d log q_j(z_{j,s} | lambda_j) / d lambda_d        (column d of site j)
 * weight_s = sum_f log f(x, z_s) - sum_j log q_j(z_{j,s})
 * blanket_{d,s} = sum_{f reads z_j} log f(x, z_s) - log q_j(z_{j,s})   (Rao-Blackwellization, sec. 3.1)
 * </pre>
 * The per-draw scores come from one reverse sweep: each site's parameters are replicated S times
 * as leaves of shape [S] (or [S, n]), so draw s's log q_j depends on copy s alone and the sweep's
 * gradient for copy s is h(z_s). The factors' Markov blankets are the latents each factor declared
 * ({@link Factor#latents()}); reading an undeclared latent is an error, so the Rao-Blackwellized
 * weights cannot silently drop a dependence.
 *
 * <p>Draws: a Normal site draws loc + scale eps with eps from the Rng's scalar Gaussian stream, a
 * Gamma site by {@link Gamma#sampleInto} (Marsaglia-Tsang), the S draws of a site before the next
 * site's; other families by their own {@code sample}. So the course's Normal-Gamma model with
 * q = N(m, s^2) Gamma(a, b) consumes the stream exactly as {@link NormalGammaModel} does, and both
 * give the same estimates to rounding on the same seed.
 *
 * <p>The exact ELBO is not known in general ({@link #exactElbo} is NaN); the summaries are lambda.
 */
public final class GuidedScoreModel implements ScoreModel {
  private final Model model;
  private final Guide guide;
  private final int[] siteOfColumn;
  private final List<Factor> factors;
  private final int[][] blanketOf; // per site: the factors that read its latent (its Markov blanket)

  private GuidedScoreModel(Model model, Guide guide) {
    this.model = model;
    this.guide = guide;
    this.factors = model.factors();
    this.siteOfColumn = new int[guide.dimension()];
    List<Guide.Site> sites = guide.sites();
    this.blanketOf = new int[sites.size()][];
    for (int j = 0; j < sites.size(); j++) {
      String latent = sites.get(j).latent();
      blanketOf[j] = java.util.stream.IntStream.range(0, factors.size())
          .filter(k -> factors.get(k).touches(latent)).toArray();
    }
    for (Guide.Param p : guide.params()) {
      int j = 0;
      while (!sites.get(j).latent().equals(p.site())) {
        j++;
      }
      int off = guide.offset(p.site(), p.name());
      for (int i = 0; i < p.size(); i++) {
        siteOfColumn[off + i] = j;
      }
    }
  }

  /** BBVI's view of {@code model} with variational family {@code guide}: one site per latent. */
  public static GuidedScoreModel of(Model model, Guide guide) {
    for (Latent l : model.latents()) {
      long n = guide.sites().stream().filter(s -> s.latent().equals(l.name())).count();
      if (n != 1) {
        throw new IllegalArgumentException("the guide must have exactly one site for latent '" + l.name() + "', found " + n);
      }
    }
    for (Guide.Site s : guide.sites()) {
      model.latent(s.latent()); // throws for a site of no latent
    }
    return new GuidedScoreModel(model, guide);
  }

  /** The model. */
  public Model model() {
    return model;
  }

  /** The guide. */
  public Guide guide() {
    return guide;
  }

  @Override
  public int dimension() {
    return guide.dimension();
  }

  @Override
  public List<String> parameterNames() {
    return guide.parameterNames();
  }

  @Override
  public void draw(double[] lambda, Rng rng, ScoreBatch batch) {
    if (lambda.length != dimension() || batch.dimension() != dimension()) {
      throw new IllegalArgumentException("lambda and batch must have D = " + dimension() + " parameters, found "
          + lambda.length + " and " + batch.dimension());
    }
    int samples = batch.samples();
    List<Guide.Site> sites = guide.sites();
    Map<String, Var> leaves = new HashMap<>();
    double[][] logQ = new double[sites.size()][];
    Map<String, double[][]> values = new LinkedHashMap<>(); // latent -> [S][size] constrained values
    Var total = null;
    for (int j = 0; j < sites.size(); j++) {
      Guide.Site site = sites.get(j);
      Var lq = site.transformed() != null
          ? transformedSite(site.transformed(), lambda, samples, rng, leaves, values)
          : familySite(site, lambda, samples, rng, leaves, values);
      logQ[j] = lq.doubles();
      total = total == null ? lq.sum() : total.add(lq.sum());
    }
    Gradients g = Gradients.of(total);
    double[][] score = batch.score();
    for (Guide.Param p : guide.params()) {
      Var leaf = leaves.get(p.site() + "." + p.name());
      double[] grad = leaf == null || !g.contains(leaf) ? new double[samples * p.size()] : g.getDoubles(leaf);
      int off = guide.offset(p.site(), p.name());
      for (int s = 0; s < samples; s++) {
        for (int i = 0; i < p.size(); i++) {
          score[off + i][s] = grad[s * p.size() + i];
        }
      }
    }
    double[] weight = batch.weight();
    double[][] blanket = batch.blanketWeight();
    double[] f = new double[factors.size()];
    double[] siteWeight = new double[sites.size()];
    for (int s = 0; s < samples; s++) {
      Map<String, Var> z = new LinkedHashMap<>();
      for (Latent l : model.latents()) {
        double[] x = values.get(l.name())[s];
        z.put(l.name(), Var.constant(x, l.shape())); // host-made: the model's ops stay on the host path
      }
      Values zs = Values.of(z);
      double joint = 0;
      for (int k = 0; k < f.length; k++) {
        f[k] = factors.get(k).evaluate(zs).item();
        joint += f[k];
      }
      double q = 0;
      for (double[] lq : logQ) {
        q += lq[s];
      }
      weight[s] = joint - q;
      for (int j = 0; j < siteWeight.length; j++) {
        double w = -logQ[j][s];
        for (int k : blanketOf[j]) {
          w += f[k];
        }
        siteWeight[j] = w;
      }
      for (int d = 0; d < dimension(); d++) {
        blanket[d][s] = siteWeight[siteOfColumn[d]];
      }
    }
  }

  /** A family site: S draws of q_j (no gradient) and log q_j at them, [S]. */
  private Var familySite(Guide.Site site, double[] lambda, int samples, Rng rng, Map<String, Var> leaves,
      Map<String, double[][]> values) {
    Latent latent = model.latent(site.latent());
    Distribution q = guide.build(site, lambda, samples, leaves);
    int size = latent.support().bijector().constrainedSize();
    double[] flat;
    if (q instanceof Normal n && size == 1) {
      double[] loc = n.loc().doubles();
      double[] scale = n.scale().doubles();
      flat = new double[samples];
      for (int s = 0; s < samples; s++) {
        flat[s] = loc[loc.length == 1 ? 0 : s] + scale[scale.length == 1 ? 0 : s] * rng.nextGaussian();
      }
    } else if (q instanceof Gamma ga && size == 1) {
      double[] shape = ga.concentration().doubles();
      double[] rate = ga.rate().doubles();
      flat = new double[samples];
      Gamma.sampleInto(flat, shape[0], rate[0], rng); // replicated parameters: every copy is equal
    } else {
      INDArray x = q.sample(rng);
      flat = x.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
    }
    if (flat.length != samples * size) {
      throw new IllegalArgumentException("site '" + site.latent() + "' draws " + flat.length / samples
          + " values per draw, but latent '" + site.latent() + "' has " + size);
    }
    double[][] rows = new double[samples][size];
    for (int s = 0; s < samples; s++) {
      System.arraycopy(flat, s * size, rows[s], 0, size);
      if (!latent.support().bijector().inSupport(rows[s])) {
        throw new IllegalArgumentException("site '" + site.latent() + "' drew " + java.util.Arrays.toString(rows[s])
            + ", outside latent '" + site.latent() + "''s support " + latent.support());
      }
    }
    values.put(site.latent(), rows);
    Var x = size == 1 ? Var.constant(flat, samples) : Var.constant(flat, samples, size);
    return q.logProb(x);
  }

  /** A transformed-normal site: u_s = loc + scale eps_s, z_s = T(u_s), log q(z_s) = log N(u_s) - log |det J(u_s)|. */
  private Var transformedSite(Latent latent, double[] lambda, int samples, Rng rng, Map<String, Var> leaves,
      Map<String, double[][]> values) {
    int d = latent.size();
    int locAt = guide.offset(latent.name(), "loc");
    int scaleAt = guide.offset(latent.name(), "scale");
    double[] rep = new double[samples * d];
    double[] repLogScale = new double[samples * d];
    double[] u = new double[samples * d];
    double[] logDet = new double[samples];
    double[][] rows = new double[samples][];
    Bijector b = latent.support().bijector();
    for (int s = 0; s < samples; s++) {
      double[] us = new double[d];
      for (int i = 0; i < d; i++) {
        rep[s * d + i] = lambda[locAt + i];
        repLogScale[s * d + i] = lambda[scaleAt + i];
        us[i] = lambda[locAt + i] + Math.exp(lambda[scaleAt + i]) * rng.nextGaussian();
        u[s * d + i] = us[i];
      }
      rows[s] = b.forward(us);
      logDet[s] = b.logDetJacobian(us);
    }
    values.put(latent.name(), rows);
    Var loc = Var.param(rep, samples, d);
    Var logScale = Var.param(repLogScale, samples, d);
    leaves.put(latent.name() + ".loc", loc);
    leaves.put(latent.name() + ".scale", logScale);
    Var logN = Normal.of(loc, logScale.exp()).logProb(Var.constant(u, samples, d)).sum(1);
    return logN.sub(Var.constant(logDet, samples));
  }

  @Override
  public double exactElbo(double[] lambda) {
    return Double.NaN;
  }

  @Override
  public List<String> summaryNames() {
    return guide.parameterNames();
  }

  @Override
  public double[] summaries(double[] lambda) {
    return lambda.clone();
  }
}
