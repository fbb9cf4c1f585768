package io.github.jvi.core.cli;

import io.github.jvi.core.distribution.Bernoulli;
import io.github.jvi.core.distribution.Categorical;
import io.github.jvi.core.distribution.Distribution;

import io.github.jvi.core.distribution.Poisson;
import io.github.jvi.core.kl.Kl;
import io.github.jvi.gpu.Rng;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jvi kl P Q [--mc N] [--seed S] [--json]} and {@code jvi kl --batch FILE}: KL(P || Q) for
 * two distributions written as specifications ({@link Distributions#fromSpec}).
 *
 * <p>The value is the closed form registered in {@link Kl}. With {@code --mc N} the command also
 * prints the Monte Carlo estimate (1/N) sum_i [log p(x_i) - log q(x_i)], x_i ~ P, and its
 * standard error sd / sqrt(N); for a pair without a closed form it prints the estimate only. The
 * estimate assumes Q's support contains P's (log-densities outside a family's support are not
 * checked), so pairs of a discrete and a continuous family are refused.
 *
 * <p>{@code --batch FILE} reads one pair per line, P and Q separated by a tab ({@code #} starts a
 * comment, blank lines are skipped; {@code -} reads standard input) and prints one value per line
 * in order: the closed form, or the Monte Carlo estimate when the pair has none and {@code --mc}
 * is given. Values are printed with {@link Double#toString} (shortest text that reads back to the
 * same double).
 */
@Command(name = "kl", mixinStandardHelpOptions = true,
    description = {"Print KL(P || Q) for two distributions written like the factories, e.g.",
        "  jvi kl 'Normal(mu=0.5,sigma=1.2)' 'Normal(mu=0,sigma=1)' --mc 100000",
        "Families and their arguments:",
        "  Normal(mu=,sigma=) or (loc=,scale=)    Gamma(shape=,rate=) or (shape=,scale=)",
        "  Poisson(rate=)    Exponential(rate=)   Bernoulli(p=) or (logits=)",
        "  Beta(alpha=,beta=)   Categorical(probs=[..]) or (logits=[..])",
        "  Dirichlet(concentration=[..])   ContinuousBernoulli(lam=) or (logits=)",
        "  MultivariateNormal(mean=[..],cov=[[..],[..]])",
        "  Cauchy(loc=,scale=)   HalfCauchy(scale=)   HalfNormal(scale=)",
        "  StudentT(df=,mu=,sigma=) or (df=,loc=,scale=)   LogNormal(mu=,sigma=)",
        "Errors print one line (parse errors point at the position) and exit with status 2."})
public final class KlCommand implements Callable<Integer> {
  /** Draws per Monte Carlo chunk (bounds memory for large N). */
  private static final int CHUNK = 1 << 18;

  @Parameters(index = "0", arity = "0..1", paramLabel = "P", description = "The first distribution, e.g. 'Gamma(shape=2,rate=3)'.")
  String p;

  @Parameters(index = "1", arity = "0..1", paramLabel = "Q", description = "The second distribution.")
  String q;

  @Option(names = "--batch", paramLabel = "FILE",
      description = "Read tab-separated 'P<TAB>Q' pairs, one per line ('#' comments; '-' for standard input); print one value per line.")
  String batch;

  @Option(names = "--mc", paramLabel = "N", description = "Also estimate KL by Monte Carlo from N draws of P (N >= 2).")
  Integer mc;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the Monte Carlo draws (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Spec
  CommandSpec spec;

  /** The result for one pair. */
  record Result(String p, String q, Double closedForm, Double mc, Double mcStandardError, Integer samples, String note) {
    /** The value printed in batch mode: the closed form, else the Monte Carlo estimate. */
    double value() {
      return closedForm != null ? closedForm : mc;
    }

    Map<String, Object> toMap(long seed) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("p", p);
      m.put("q", q);
      m.put("kl", closedForm);
      if (mc != null) {
        m.put("mc", mc);
        m.put("mc_standard_error", mcStandardError);
        m.put("mc_samples", samples);
        m.put("seed", seed);
      }
      if (note != null) {
        m.put("note", note);
      }
      return m;
    }
  }

  @Override
  public Integer call() {
    if (mc != null && mc < 2) {
      throw new Cli.UserError("--mc must be >= 2 (the standard error needs two draws), found " + mc);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (batch != null) {
      if (p != null) {
        throw new Cli.UserError("give either P and Q or --batch FILE, not both");
      }
      runBatch(out);
    } else {
      if (p == null || q == null) {
        throw new Cli.UserError("expected two distributions P and Q (or --batch FILE); e.g. jvi kl "
            + "'Normal(mu=0,sigma=1)' 'Normal(mu=1,sigma=2)'");
      }
      Result r = evaluate(p, q);
      if (json) {
        Cli.print(out, r.toMap(seed), true);
      } else {
        printHuman(out, r);
      }
    }
    out.flush();
    return 0;
  }

  private void printHuman(PrintWriter out, Result r) {
    out.println("KL(" + r.p() + " || " + r.q() + ")");
    if (r.closedForm() != null) {
      out.println("  closed form   " + r.closedForm());
    }
    if (r.mc() != null) {
      out.printf("  Monte Carlo   %s +- %.3g (standard error; %d draws of P, seed %d)%n", r.mc(),
          r.mcStandardError(), r.samples(), seed);
      if (r.closedForm() != null && r.mcStandardError() > 0) {
        out.printf("  difference    %.2f standard errors%n", (r.mc() - r.closedForm()) / r.mcStandardError());
      }
    }
    if (r.note() != null) {
      out.println("  note: " + r.note());
    }
  }

  private void runBatch(PrintWriter out) {
    List<String> lines;
    try {
      lines = batch.equals("-")
          ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()
          : Files.readAllLines(Path.of(batch), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new Cli.UserError("--batch: no such file: " + batch);
    } catch (IOException e) {
      throw new UncheckedIOException("--batch: cannot read " + batch + ": " + e.getMessage(), e);
    }
    List<Result> results = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      if (hash >= 0) {
        line = line.substring(0, hash);
      }
      if (line.isBlank()) {
        continue;
      }
      String where = batch + ":" + (i + 1) + ": ";
      String[] parts = line.strip().split("\t");
      if (parts.length != 2) {
        throw new Cli.UserError(where + "expected two specifications separated by one tab, found " + parts.length
            + " field(s) in '" + line.strip() + "'");
      }
      try {
        results.add(evaluate(parts[0].strip(), parts[1].strip()));
      } catch (IllegalArgumentException e) {
        throw new Cli.UserError(where + e.getMessage(), e);
      }
    }
    if (json) {
      List<Map<String, Object>> rows = new ArrayList<>();
      results.forEach(r -> rows.add(r.toMap(seed)));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("results", rows);
      Cli.print(out, m, true);
    } else {
      results.forEach(r -> out.println(r.value()));
    }
  }

  /** KL(P || Q) for two specification texts, with the Monte Carlo estimate when --mc is given. */
  Result evaluate(String pText, String qText) {
    Distribution pd = Distributions.fromSpec(pText);
    Distribution qd = Distributions.fromSpec(qText);
    if (isDiscrete(pd) != isDiscrete(qd)) {
      throw new IllegalArgumentException("KL between a discrete and a continuous distribution is not defined (they "
          + "have densities with respect to different measures): " + pText + " and " + qText);
    }
    boolean closed = Kl.hasClosedForm(pd.getClass(), qd.getClass());
    if (!closed && mc == null) {
      throw new IllegalArgumentException("no closed-form KL for " + pd.getClass().getSimpleName() + " || "
          + qd.getClass().getSimpleName() + "; add --mc N for a Monte Carlo estimate");
    }
    Double exact = closed ? Kl.divergence(pd, qd).item() : null;
    if (mc == null) {
      return new Result(pText, qText, exact, null, null, null, null);
    }
    double[] est = monteCarlo(pd, qd, mc, Rng.of(seed));
    String note = null;
    if (!closed) {
      note = "no closed form for this pair: Monte Carlo estimate only; it assumes Q's support contains P's "
          + "(log-densities outside a family's support are not checked)";
    }
    if (!Double.isFinite(est[0])) {
      note = "the Monte Carlo estimate is not finite: Q gives zero density (or an undefined log-density) where P "
          + "has mass, so KL(P || Q) is infinite";
    }
    return new Result(pText, qText, exact, est[0], est[1], mc, note);
  }

  private static boolean isDiscrete(Distribution d) {
    return d instanceof Poisson || d instanceof Bernoulli || d instanceof Categorical;
  }

  /**
   * Mean and standard error of the log-ratios from n draws, accumulated in chunks (Chan et al.'s
   * pairwise update of mean and sum of squared deviations, so large n keeps full accuracy).
   */
  static double[] monteCarlo(Distribution p, Distribution q, int n, Rng rng) {
    double mean = 0;
    double m2 = 0;
    long count = 0;
    for (int done = 0; done < n; ) {
      int m = Math.min(CHUNK, n - done);
      INDArray r = Kl.logRatios(p, q, m, rng).value().reshape(m);
      double cm = r.meanNumber().doubleValue();
      INDArray dev = r.sub(cm);
      double cm2 = dev.mul(dev).sumNumber().doubleValue();
      long total = count + m;
      double delta = cm - mean;
      mean += delta * m / total;
      m2 += cm2 + delta * delta * count * m / total;
      count = total;
      done += m;
    }
    return new double[] {mean, Math.sqrt(m2 / (n - 1) / n)};
  }
}
