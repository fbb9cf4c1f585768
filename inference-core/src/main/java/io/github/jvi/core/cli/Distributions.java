package io.github.jvi.core.cli;

import io.github.jvi.core.distribution.Bernoulli;
import io.github.jvi.core.distribution.Cauchy;
import io.github.jvi.core.distribution.HalfCauchy;
import io.github.jvi.core.distribution.HalfNormal;
import io.github.jvi.core.distribution.LogNormal;
import io.github.jvi.core.distribution.StudentT;
import io.github.jvi.core.distribution.Beta;
import io.github.jvi.core.distribution.Categorical;
import io.github.jvi.core.distribution.ContinuousBernoulli;
import io.github.jvi.core.distribution.Dirichlet;
import io.github.jvi.core.distribution.Distribution;
import io.github.jvi.core.distribution.Exponential;
import io.github.jvi.core.distribution.Gamma;
import io.github.jvi.core.distribution.MultivariateNormal;
import io.github.jvi.core.distribution.Normal;
import io.github.jvi.core.distribution.Poisson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds distributions from {@link Spec}s written like the factories, for the command line
 * ({@code jvi kl}) and for data files. One table maps a family name and a set of argument names to
 * a factory; every distribution is a single float64 member (batch shape []). The argument names are
 * the factories' own, which are PyTorch's where PyTorch has the family (probs/logits, loc/scale,
 * rate, concentration, scale_tril); the names in the right column are accepted as synonyms:
 *
 * <pre>
 * Normal(loc=0,scale=1)                 mu= for loc, sigma= for scale
 * Gamma(shape=2,rate=3)                 Gamma(shape=2,scale=0.5); concentration= for shape
 * Poisson(rate=4)
 * Exponential(rate=2)
 * Bernoulli(probs=0.3)                  Bernoulli(logits=-0.8); p= for probs
 * Categorical(probs=[0.2,0.8])          Categorical(logits=[0,1.4])
 * Beta(alpha=2,beta=3)                  concentration1= for alpha, concentration0= for beta
 * Dirichlet(concentration=[1,2,3])
 * MultivariateNormal(loc=[0,1],cov=[[1,0],[0,2]])       mean= for loc, covariance_matrix= for cov
 * MultivariateNormal(loc=[0,1],scale_tril=[[1,0],[0.5,2]])
 * ContinuousBernoulli(probs=0.3)        ContinuousBernoulli(logits=-0.8); lam= for probs
 * Cauchy(loc=0,scale=0.5)
 * HalfCauchy(scale=0.5)
 * StudentT(df=3,loc=0,scale=1)          mu= for loc, sigma= for scale
 * HalfNormal(scale=0.5)
 * LogNormal(loc=0,scale=1)              mu= for loc, sigma= for scale
 * </pre>
 *
 * Family names match case-insensitively. An unknown family or argument set throws
 * {@link IllegalArgumentException} listing the accepted forms; an invalid value throws the
 * factory's exception (naming the parameter and the value found), prefixed with the family and
 * written with the argument name as the user spelled it.
 */
public final class Distributions {
  /** One accepted form: the family, its argument names (each with synonyms), and the factory. */
  private record Form(String family, String[][] keys, String[] libraryNames, Function<Args, Distribution> make) {
    String usage() {
      List<String> parts = new ArrayList<>();
      for (String[] k : keys) {
        parts.add(k[0] + "=" + EXAMPLES.getOrDefault(family + "." + k[0], EXAMPLES.getOrDefault(k[0], "..")));
      }
      return family + "(" + String.join(",", parts) + ")";
    }
  }

  /** The arguments of a matched form, read by position (synonyms resolved). */
  private record Args(Spec spec, String[] used) {
    double num(int i) {
      return spec.number(used[i]);
    }

    double[] vec(int i) {
      return spec.vector(used[i]);
    }

    double[][] mat(int i) {
      return spec.matrix(used[i]);
    }
  }

  private static final Map<String, String> EXAMPLES = Map.ofEntries(
      Map.entry("mu", "0"), Map.entry("sigma", "1"), Map.entry("shape", "2"), Map.entry("rate", "3"),
      Map.entry("p", "0.3"), Map.entry("logits", "-0.8"), Map.entry("probs", "[0.2,0.8]"),
      Map.entry("alpha", "2"), Map.entry("beta", "3"), Map.entry("concentration", "[1,2,3]"),
      Map.entry("mean", "[0,1]"), Map.entry("cov", "[[1,0],[0,2]]"), Map.entry("lam", "0.3"),
      Map.entry("Normal.loc", "0"), Map.entry("scale", "1"), Map.entry("Gamma.scale", "0.5"),
      Map.entry("Bernoulli.probs", "0.3"), Map.entry("Categorical.logits", "[0,1.4]"), Map.entry("ContinuousBernoulli.probs", "0.3"),
      Map.entry("MultivariateNormal.loc", "[0,1]"), Map.entry("scale_tril", "[[1,0],[0.5,2]]"),
      Map.entry("loc", "0"), Map.entry("df", "3"));

  private static final List<Form> FORMS = List.of(
      form("Normal", keys("loc|mu", "scale|sigma"), names("loc", "scale"),
          a -> Normal.of(a.num(0), a.num(1))),
      form("Gamma", keys("shape|concentration", "rate"), names("shape", "rate"),
          a -> Gamma.ofShapeRate(a.num(0), a.num(1))),
      form("Gamma", keys("shape|concentration", "scale"), names("shape", "scale"),
          a -> Gamma.ofShapeScale(a.num(0), a.num(1))),
      form("Poisson", keys("rate"), names("rate"), a -> Poisson.of(a.num(0))),
      form("Exponential", keys("rate"), names("rate"), a -> Exponential.of(a.num(0))),
      form("Bernoulli", keys("probs|p"), names("probs"), a -> Bernoulli.ofProbs(a.num(0))),
      form("Bernoulli", keys("logits"), names("logits"), a -> Bernoulli.ofLogits(a.num(0))),
      form("Categorical", keys("probs"), names("probs"), a -> Categorical.ofProbs(a.vec(0))),
      form("Categorical", keys("logits"), names("logits"), a -> Categorical.ofLogits(a.vec(0))),
      form("Beta", keys("alpha|concentration1", "beta|concentration0"), names("alpha", "beta"),
          a -> Beta.of(a.num(0), a.num(1))),
      form("Dirichlet", keys("concentration"), names("concentration"), a -> Dirichlet.of(a.vec(0))),
      form("MultivariateNormal", keys("loc|mean", "cov|covariance_matrix"), names("loc", "cov"),
          a -> MultivariateNormal.of(Nd4j.createFromArray(a.vec(0)), Nd4j.createFromArray(a.mat(1)))),
      form("MultivariateNormal", keys("loc|mean", "scale_tril"), names("loc", "scale_tril"),
          a -> MultivariateNormal.ofScaleTril(Nd4j.createFromArray(a.vec(0)), Nd4j.createFromArray(a.mat(1)))),
      form("ContinuousBernoulli", keys("probs|lam"), names("probs"), a -> ContinuousBernoulli.of(a.num(0))),
      form("ContinuousBernoulli", keys("logits"), names("logits"), a -> ContinuousBernoulli.ofLogits(a.num(0))),
      form("Cauchy", keys("loc", "scale"), names("loc", "scale"), a -> Cauchy.of(a.num(0), a.num(1))),
      form("HalfCauchy", keys("scale"), names("scale"), a -> HalfCauchy.of(a.num(0))),
      form("StudentT", keys("df", "loc|mu", "scale|sigma"), names("df", "loc", "scale"),
          a -> StudentT.of(a.num(0), a.num(1), a.num(2))),
      form("HalfNormal", keys("scale"), names("scale"), a -> HalfNormal.of(a.num(0))),
      form("LogNormal", keys("loc|mu", "scale|sigma"), names("loc", "scale"), a -> LogNormal.of(a.num(0), a.num(1))));

  private Distributions() {}

  private static Form form(String family, String[][] keys, String[] libraryNames, Function<Args, Distribution> make) {
    return new Form(family, keys, libraryNames, make);
  }

  private static String[][] keys(String... groups) {
    String[][] out = new String[groups.length][];
    for (int i = 0; i < groups.length; i++) {
      out[i] = groups[i].split("\\|");
    }
    return out;
  }

  private static String[] names(String... n) {
    return n;
  }

  /** Parses {@code text} with {@link Spec#parse} and builds the distribution. */
  public static Distribution fromSpec(String text) {
    return fromSpec(Spec.parse(text));
  }

  /**
   * The distribution a specification describes.
   *
   * @throws IllegalArgumentException for an unknown family, an argument set no factory takes (the
   *     message lists the accepted forms), or an invalid value (the factory's message)
   */
  public static Distribution fromSpec(Spec spec) {
    List<Form> family = FORMS.stream().filter(f -> f.family().equalsIgnoreCase(spec.name())).toList();
    if (family.isEmpty()) {
      throw new IllegalArgumentException("unknown distribution '" + spec.name() + "'; accepted forms: "
          + String.join(", ", acceptedForms()));
    }
    for (Form f : family) {
      String[] used = match(f, spec);
      if (used != null) {
        try {
          return f.make().apply(new Args(spec, used));
        } catch (IllegalArgumentException e) {
          String msg = e.getMessage();
          if (msg.startsWith(spec.name() + ": ")) { // Spec's own message (a list where a number belongs)
            msg = msg.substring(spec.name().length() + 2);
          }
          throw new IllegalArgumentException(f.family() + ": " + userNames(msg, f.libraryNames(), used), e);
        }
      }
    }
    List<String> forms = family.stream().map(Form::usage).toList();
    throw new IllegalArgumentException(family.get(0).family() + ": unexpected arguments " + spec.args().keySet()
        + "; accepted forms: " + String.join(" or ", forms) + synonyms(family));
  }

  /** Every accepted form with example values, in table order. */
  public static List<String> acceptedForms() {
    return FORMS.stream().map(Form::usage).toList();
  }

  /** The argument names of the form that {@code spec} matches, or null. */
  private static String[] match(Form f, Spec spec) {
    if (spec.args().size() != f.keys().length) {
      return null;
    }
    String[] used = new String[f.keys().length];
    for (int i = 0; i < used.length; i++) {
      for (String k : f.keys()[i]) {
        if (spec.has(k)) {
          if (used[i] != null) {
            return null;
          }
          used[i] = k;
        }
      }
      if (used[i] == null) {
        return null;
      }
    }
    return used;
  }

  /** Rewrites a leading library parameter name ("scale must be ...") as the user wrote it ("sigma"). */
  private static String userNames(String message, String[] libraryNames, String[] used) {
    for (int i = 0; i < libraryNames.length; i++) {
      if (!libraryNames[i].equals(used[i]) && message.startsWith(libraryNames[i] + " ")) {
        return used[i] + message.substring(libraryNames[i].length());
      }
    }
    return message;
  }

  private static String synonyms(List<Form> family) {
    Map<String, String> syn = new LinkedHashMap<>();
    for (Form f : family) {
      for (String[] k : f.keys()) {
        for (int j = 1; j < k.length; j++) {
          syn.put(k[j], k[0]);
        }
      }
    }
    if (syn.isEmpty()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    syn.forEach((s, k) -> parts.add(s + " for " + k));
    return " (synonyms: " + String.join(", ", parts) + ")";
  }
}
