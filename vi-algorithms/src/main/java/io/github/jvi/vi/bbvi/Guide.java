package io.github.jvi.vi.bbvi;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.Distribution;
import io.github.jvi.core.model.Latent;
import io.github.jvi.core.model.Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A mean-field variational family q(z) = prod_j q_j(z_j | lambda_j) for a {@link Model}'s latents,
 * each factor a core distribution whose parameters are functions of unconstrained variational
 * parameters (Pyro's guide; Ranganath, Gerrish &amp; Blei 2014):
 *
 * <pre>{@code
 * Guide guide = Guide.builder()
 *     .site("mu", p -> Normal.of(p.real("loc", 0.0), p.positive("scale", 1.0)))
 *     .site("tau", p -> Gamma.of(p.positive("shape", 1.0), p.positive("rate", 1.0)))
 *     .build();
 * }</pre>
 *
 * <p>{@code p.real(name, init)} is an unconstrained parameter; {@code p.positive(name, init)} is
 * exp of one (initialised at log init). lambda lists the sites' parameters in declaration order.
 * Each q_j lives on latent j's constrained support: draws are used as the latent's value as is, so
 * the family must put its mass inside the support (a Gamma for a positive latent, a Beta for a unit
 * interval, a Dirichlet for a simplex). {@link #transformedNormal(Model)} instead puts a Gaussian on
 * every latent's unconstrained reals (ADVI's mean-field family), with the change of variables in
 * log q.
 */
public final class Guide {
  /** Builds a site's distribution from its parameters. */
  @FunctionalInterface
  public interface Family {
    /** q_j with parameters read from {@code p}. */
    Distribution build(Params p);
  }

  /** A parameter's name, size and initial unconstrained values. */
  record Param(String site, String name, int size, double[] init, boolean positive) {
    String label(int i) {
      String base = site + "." + (positive ? "log_" : "") + name;
      return size == 1 ? base : base + "[" + (i + 1) + "]";
    }
  }

  /** A site: the latent it stands for and its family, or a transformed normal on the latent's reals. */
  record Site(String latent, Family family, Latent transformed) {}

  /**
   * The parameters a site's family reads. When a guide is evaluated for S draws at once, every
   * parameter is replicated S times (shape [S] or [S, n]) so that one reverse sweep gives each
   * draw's score d log q_j(z_{j,s}) / d lambda separately.
   */
  public static final class Params {
    private final String site;
    private final List<Param> declared; // filled on the recording pass
    private final Map<String, Var> leaves; // name -> replicated leaf, on evaluation passes
    private final double[] lambda;
    private final Map<String, Integer> offsets;
    private final int replicas;

    Params(String site, List<Param> declared, Map<String, Var> leaves, double[] lambda, Map<String, Integer> offsets,
        int replicas) {
      this.site = site;
      this.declared = declared;
      this.leaves = leaves;
      this.lambda = lambda;
      this.offsets = offsets;
      this.replicas = replicas;
    }

    /** An unconstrained scalar parameter. */
    public Var real(String name, double init) {
      return param(name, new double[] {finite(name, init)}, false);
    }

    /** An unconstrained vector parameter. */
    public Var real(String name, double[] init) {
      double[] v = init.clone();
      for (int i = 0; i < v.length; i++) {
        finite(name + "[" + i + "]", v[i]);
      }
      return param(name, v, false);
    }

    /** A positive scalar parameter exp(theta), theta initialised at log(init). */
    public Var positive(String name, double init) {
      return param(name, new double[] {Math.log(positiveInit(name, init))}, true).exp();
    }

    /** A positive vector parameter exp(theta). */
    public Var positive(String name, double[] init) {
      double[] v = new double[init.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = Math.log(positiveInit(name + "[" + i + "]", init[i]));
      }
      return param(name, v, true).exp();
    }

    private double finite(String name, double v) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("site '" + site + "': initial " + name + " must be finite, found " + v);
      }
      return v;
    }

    private double positiveInit(String name, double v) {
      if (!(v > 0) || !Double.isFinite(v)) {
        throw new IllegalArgumentException("site '" + site + "': initial " + name + " must be finite and > 0, found " + v);
      }
      return v;
    }

    private Var param(String name, double[] init, boolean positive) {
      if (declared != null) {
        for (Param p : declared) {
          if (p.name().equals(name)) {
            throw new IllegalArgumentException("site '" + site + "' declares parameter '" + name + "' twice");
          }
        }
        declared.add(new Param(site, name, init.length, init, positive));
        return init.length == 1 ? Var.scalar(init[0]) : Var.constant(init, init.length);
      }
      String key = site + "." + name;
      Var leaf = leaves.get(key);
      if (leaf == null) {
        int off = offsets.get(key);
        int n = init.length;
        double[] rep = new double[replicas * n];
        for (int s = 0; s < replicas; s++) {
          System.arraycopy(lambda, off, rep, s * n, n);
        }
        leaf = n == 1 ? Var.param(rep, replicas) : Var.param(rep, replicas, n);
        leaves.put(key, leaf);
      }
      return leaf;
    }
  }

  private final List<Site> sites;
  private final List<Param> params;
  private final Map<String, Integer> offsets;
  private final int dimension;

  private Guide(List<Site> sites, List<Param> params) {
    this.sites = sites;
    this.params = params;
    this.offsets = new LinkedHashMap<>();
    int off = 0;
    for (Param p : params) {
      offsets.put(p.site() + "." + p.name(), off);
      off += p.size();
    }
    this.dimension = off;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * q(u) = prod_j N(u_j | loc_j, diag(scale_j^2)) on each latent's unconstrained reals u_j, z_j =
   * T_j(u_j): ADVI's mean-field family, here for score-function estimators. log q(z_j) =
   * log N(u_j) - log |det J_{T_j}(u_j)|. Initial loc 0, scale 1.
   */
  public static Guide transformedNormal(Model model) {
    Builder b = builder();
    for (Latent l : model.latents()) {
      b.sites.add(new Site(l.name(), null, l));
      b.params.add(new Param(l.name(), "loc", l.size(), new double[l.size()], false));
      b.params.add(new Param(l.name(), "scale", l.size(), new double[l.size()], true));
    }
    return b.build();
  }

  /** D, the length of lambda. */
  public int dimension() {
    return dimension;
  }

  /** The initial lambda. */
  public double[] initialParameters() {
    double[] out = new double[dimension];
    for (Param p : params) {
      System.arraycopy(p.init(), 0, out, offsets.get(p.site() + "." + p.name()), p.size());
    }
    return out;
  }

  /** lambda's component names ({@code mu.loc}, {@code tau.log_shape}, {@code beta.loc[2]}). */
  public List<String> parameterNames() {
    List<String> out = new ArrayList<>();
    for (Param p : params) {
      for (int i = 0; i < p.size(); i++) {
        out.add(p.label(i));
      }
    }
    return out;
  }

  List<Site> sites() {
    return sites;
  }

  List<Param> params() {
    return params;
  }

  int offset(String site, String name) {
    return offsets.get(site + "." + name);
  }

  /** Site j's distribution at lambda, its parameters replicated {@code replicas} times, with the leaves it made. */
  Distribution build(Site site, double[] lambda, int replicas, Map<String, Var> leaves) {
    return site.family().build(new Params(site.latent(), null, leaves, lambda, offsets, replicas));
  }

  /** Builds a {@link Guide}. */
  public static final class Builder {
    private final List<Site> sites = new ArrayList<>();
    private final List<Param> params = new ArrayList<>();

    private Builder() {}

    /** The factor q_j of latent {@code latent}. */
    public Builder site(String latent, Family family) {
      Objects.requireNonNull(latent, "latent");
      Objects.requireNonNull(family, "family");
      for (Site s : sites) {
        if (s.latent().equals(latent)) {
          throw new IllegalArgumentException("latent '" + latent + "' already has a site");
        }
      }
      List<Param> declared = new ArrayList<>();
      family.build(new Params(latent, declared, null, null, null, 1)); // records the parameters
      if (declared.isEmpty()) {
        throw new IllegalArgumentException("site '" + latent + "' reads no parameters (use p.real / p.positive)");
      }
      sites.add(new Site(latent, family, null));
      params.addAll(declared);
      return this;
    }

    /** The guide. */
    public Guide build() {
      if (sites.isEmpty()) {
        throw new IllegalArgumentException("a guide needs at least one site");
      }
      return new Guide(List.copyOf(sites), List.copyOf(params));
    }
  }

  @Override
  public String toString() {
    return "Guide" + Arrays.toString(parameterNames().toArray());
  }
}
