package io.github.jvi.core.model;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.bijector.Bijector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A probabilistic model: latents with supports, a log joint as named {@link Factor}s, and derived
 * quantities. Built with {@link #builder(String)}:
 *
 * <pre>{@code
 * Data d = Data.builder().column("mom_iq", momIq).column("kid_score", kidScore).build();
 * Model m = Model.builder("kidscore_momiq")
 *     .latent("beta", Support.real(2))
 *     .latent("sigma", Support.positive())
 *     .factor("sigma_prior", z -> HalfCauchy.of(2.5).logProb(z.get("sigma")), "sigma")
 *     .rows("kid_score", d, (z, rows) -> Normal.of(
 *             z.get("beta", 0).add(z.get("beta", 1).mul(rows.column("mom_iq"))), z.get("sigma"))
 *         .logProb(rows.column("kid_score")).sum(), "beta", "sigma")
 *     .build();
 * }</pre>
 *
 * <p>The unconstrained vector u concatenates each latent's unconstrained reals in declaration
 * order; {@link #logDensity(Var)} is the density on that space,
 * <pre>
 * log p_U(u) = sum_f log f(x, T(u)) + sum_latents log |det J_T(u)|
 * </pre>
 * up to the model's normalising constant. Improper flat priors are allowed (a latent no factor
 * constrains alone), as in Stan.
 *
 * <p>Immutable and thread-safe if the user's factor functions are.
 */
public final class Model {
  /** A derived quantity (Stan's transformed parameters): a function of the latents' values. */
  public record Derived(String name, Function<Values, Var> function) {}

  /** T(u) for one draw: the values and sum of the log-Jacobians. */
  public record Constrained(Values values, Var logDetJacobian) {}

  private final String name;
  private final List<Latent> latents;
  private final List<Factor> factors;
  private final List<Derived> derived;
  private final int dimension;

  private Model(String name, List<Latent> latents, List<Factor> factors, List<Derived> derived) {
    this.name = name;
    this.latents = latents;
    this.factors = factors;
    this.derived = derived;
    int d = 0;
    for (Latent l : latents) {
      d += l.size();
    }
    this.dimension = d;
  }

  /** A builder for a model called {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The model's name. */
  public String name() {
    return name;
  }

  /** The latents, in declaration order. */
  public List<Latent> latents() {
    return latents;
  }

  /** The latent called {@code name}. */
  public Latent latent(String name) {
    for (Latent l : latents) {
      if (l.name().equals(name)) {
        return l;
      }
    }
    throw new IllegalArgumentException("no latent named '" + name + "'; the model has " + latentNames());
  }

  /** The factors, in declaration order. */
  public List<Factor> factors() {
    return factors;
  }

  /** The derived quantities, in declaration order. */
  public List<Derived> derived() {
    return derived;
  }

  /** d, the length of the unconstrained vector u. */
  public int dimension() {
    return dimension;
  }

  private List<String> latentNames() {
    List<String> out = new ArrayList<>();
    for (Latent l : latents) {
      out.add(l.name());
    }
    return out;
  }

  /** T(u): each latent's constrained value and the total log-Jacobian. u: float64 [d]. */
  public Constrained constrain(Var u) {
    long[] s = u.shape();
    if (s.length != 1 || s[0] != dimension) {
      throw new IllegalArgumentException("u must be a vector of " + dimension + " unconstrained reals, found shape "
          + Arrays.toString(s));
    }
    Map<String, Var> values = new LinkedHashMap<>();
    Var logDet = null;
    for (Latent l : latents) {
      Var part = latents.size() == 1 ? u : u.narrow(0, l.offset(), l.size());
      Bijector.Transformed t = l.support().bijector().forward(part);
      values.put(l.name(), t.value());
      logDet = logDet == null ? t.logDetJacobian() : logDet.add(t.logDetJacobian());
    }
    return new Constrained(new Values(values), logDet);
  }

  /** log p_U(u) = sum of the factors at T(u) plus the log-Jacobian, on all the data. */
  public Var logDensity(Var u) {
    Constrained c = constrain(u);
    Var total = c.logDetJacobian();
    for (Factor f : factors) {
      total = total.add(f.evaluate(c.values()));
    }
    return total;
  }

  /** log p_U(u) at a point, without gradients. */
  public double logDensity(double[] u) {
    return logDensity(Var.constant(u, u.length)).item();
  }

  /**
   * log p_U(u) with the row-summed factors in {@code batches} evaluated on their minibatch and
   * scaled by N / |B| (the others on all their data): an unbiased estimate of
   * {@link #logDensity(Var)} when each minibatch is a uniform draw of its factor's rows.
   */
  public Var logDensity(Var u, Map<Factor, Data> batches) {
    return logDensity(u, batches, Map.of());
  }

  /**
   * As {@link #logDensity(Var, Map)}, with the number of rows each minibatch stands for given in
   * {@code totals} where it is not the factor's own data size: a factor whose rows are streamed
   * from a file (its declared {@link Data} then a sample of them) is scaled by N / |B| with N from
   * {@code totals}.
   */
  public Var logDensity(Var u, Map<Factor, Data> batches, Map<Factor, Long> totals) {
    Constrained c = constrain(u);
    Var total = c.logDetJacobian();
    for (Factor f : factors) {
      Data b = batches.get(f);
      if (b == null) {
        total = total.add(f.evaluate(c.values()));
      } else {
        Long n = totals.get(f);
        total = total.add(f.evaluate(c.values(), b, n == null ? f.data().rows() : n));
      }
    }
    return total;
  }

  /** The row-summed factors. */
  public List<Factor> rowFactors() {
    List<Factor> out = new ArrayList<>();
    for (Factor f : factors) {
      if (f.isRowSum()) {
        out.add(f);
      }
    }
    return out;
  }

  /**
   * u = T^-1(x) from constrained values by latent name (flattened row-major); every latent must be
   * given.
   */
  public double[] unconstrain(Map<String, double[]> values) {
    double[] u = new double[dimension];
    for (Latent l : latents) {
      double[] x = values.get(l.name());
      if (x == null) {
        throw new IllegalArgumentException("no value given for latent '" + l.name() + "'");
      }
      double[] part;
      try {
        part = l.support().bijector().inverse(x);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("latent '" + l.name() + "': " + e.getMessage(), e);
      }
      System.arraycopy(part, 0, u, l.offset(), part.length);
    }
    return u;
  }

  /**
   * The names of the reported scalars: each latent and derived quantity flattened with Stan's
   * 1-based indices ({@code sigma}, {@code beta[1]}, {@code L[2,1]}), latents first.
   */
  public List<String> flatNames() {
    List<String> out = new ArrayList<>();
    for (Latent l : latents) {
      flatNames(l.name(), l.shape(), out);
    }
    if (!derived.isEmpty()) {
      Values probe = constrain(Var.constant(new double[dimension], dimension)).values();
      for (Derived dq : derived) {
        flatNames(dq.name(), dq.function().apply(probe).shape(), out);
      }
    }
    return Collections.unmodifiableList(out);
  }

  private static void flatNames(String name, long[] shape, List<String> out) {
    if (shape.length == 0) {
      out.add(name);
      return;
    }
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    for (long i = 0; i < n; i++) {
      StringBuilder b = new StringBuilder(name).append('[');
      long rest = i;
      long[] idx = new long[shape.length];
      for (int d = shape.length - 1; d >= 0; d--) {
        idx[d] = rest % shape[d];
        rest /= shape[d];
      }
      for (int d = 0; d < idx.length; d++) {
        b.append(d == 0 ? "" : ",").append(idx[d] + 1);
      }
      out.add(b.append(']').toString());
    }
  }

  /** The values named by {@link #flatNames()} at the point u (latents, then derived quantities). */
  public double[] flatValues(double[] u) {
    Values v = constrain(Var.constant(u, u.length)).values();
    List<double[]> parts = new ArrayList<>();
    int n = 0;
    for (Latent l : latents) {
      double[] x = v.get(l.name()).doubles();
      parts.add(x);
      n += x.length;
    }
    for (Derived dq : derived) {
      double[] x = dq.function().apply(v).doubles();
      parts.add(x);
      n += x.length;
    }
    double[] out = new double[n];
    int at = 0;
    for (double[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  @Override
  public String toString() {
    return "Model(" + name + ", latents " + latentNames() + ", factors " + factors + ")";
  }

  /** Builds a {@link Model}. */
  public static final class Builder {
    private final String name;
    private final Map<String, Support> latents = new LinkedHashMap<>();
    private final List<Factor> factors = new ArrayList<>();
    private final List<Derived> derived = new ArrayList<>();

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** A latent variable with the given support. */
    public Builder latent(String name, Support support) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(support, "support");
      if (latents.containsKey(name)) {
        throw new IllegalArgumentException("a latent named '" + name + "' was already declared");
      }
      latents.put(name, support);
      return this;
    }

    /** A factor of the latents {@code reads} alone (a prior, a penalty). */
    public Builder factor(String name, Factor.Density density, String... reads) {
      factors.add(Factor.of(checkFactor(name, reads), List.of(reads), Objects.requireNonNull(density, "density")));
      return this;
    }

    /** A factor that is a sum over the rows of {@code data} (a likelihood). */
    public Builder rows(String name, Data data, Factor.RowDensity density, String... reads) {
      Objects.requireNonNull(data, "data");
      factors.add(Factor.rows(checkFactor(name, reads), List.of(reads), data, Objects.requireNonNull(density, "density")));
      return this;
    }

    /** A derived quantity reported with the latents (Stan's transformed parameters). */
    public Builder derived(String name, Function<Values, Var> function) {
      derived.add(new Derived(Objects.requireNonNull(name, "name"), Objects.requireNonNull(function, "function")));
      return this;
    }

    private String checkFactor(String name, String[] reads) {
      Objects.requireNonNull(name, "name");
      for (Factor f : factors) {
        if (f.name().equals(name)) {
          throw new IllegalArgumentException("a factor named '" + name + "' was already declared");
        }
      }
      for (String r : reads) {
        if (!latents.containsKey(r)) {
          throw new IllegalArgumentException("factor '" + name + "' reads latent '" + r
              + "', which is not declared (declare latents first; declared: " + latents.keySet() + ")");
        }
      }
      return name;
    }

    /** The model. */
    public Model build() {
      if (latents.isEmpty()) {
        throw new IllegalArgumentException("model '" + name + "' has no latents");
      }
      List<Latent> list = new ArrayList<>();
      int offset = 0;
      for (Map.Entry<String, Support> e : latents.entrySet()) {
        Latent l = new Latent(e.getKey(), e.getValue(), offset);
        list.add(l);
        offset += l.size();
      }
      return new Model(name, List.copyOf(list), List.copyOf(factors), List.copyOf(derived));
    }
  }
}
