package io.github.jvi.vi.cli;

import io.github.jvi.core.cli.Cli;
import io.github.jvi.vi.divergence.ExclusiveKl;
import io.github.jvi.vi.divergence.GaussianFit;
import io.github.jvi.vi.divergence.GaussianMixture1d;
import io.github.jvi.vi.divergence.InclusiveKl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jvi klfit}: a Gaussian fitted to a mixture by inclusive and by exclusive KL. */
@Command(name = "klfit", mixinStandardHelpOptions = true,
    description = {"Fit a Gaussian to a mixture by inclusive and by exclusive KL.",
        "p = sum_k w_k N(m_k, s_k^2) (default 1/3 N(-3,1) + 2/3 N(3,1)); KL(p||q) is minimised by moment",
        "matching (closed form), KL(q||p) by gradient descent on deterministic quadrature from 14 starts;",
        "every distinct local minimum is reported with the number of starts that reach it."})
public final class KlFitCommand implements Callable<Integer> {
  @Option(names = "--weights", defaultValue = "0.3333333333333333,0.6666666666666667", description = "Mixture weights (default: 1/3,2/3).")
  String weights;

  @Option(names = "--means", defaultValue = "-3,3", description = "Component means (default: ${DEFAULT-VALUE}).")
  String means;

  @Option(names = "--sds", defaultValue = "1,1", description = "Component standard deviations (default: ${DEFAULT-VALUE}).")
  String sds;

  @Option(names = "--json", description = "Print the result as one JSON object.")
  boolean json;

  @Spec
  CommandSpec spec;

  static Map<String, Object> fit(GaussianFit f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mu", f.mu());
    m.put("sigma", f.sigma());
    m.put("kl", f.kl());
    m.put("gradient_norm", f.gradientNorm());
    return m;
  }

  @Override
  public Integer call() {
    double[] w = CaviCommand.numbers("--weights", weights);
    double sum = 0;
    for (double v : w) {
      sum += v;
    }
    if (Math.abs(sum - 1) < 1e-6) {
      for (int i = 0; i < w.length; i++) {
        w[i] /= sum; // tolerate rounded decimal weights such as 0.3333,0.6667
      }
    }
    GaussianMixture1d p = GaussianMixture1d.of(w, CaviCommand.numbers("--means", means), CaviCommand.numbers("--sds", sds));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("target", p.toString());
    out.put("target_mean", p.mean());
    out.put("target_variance", p.variance());
    Map<String, Object> inc = fit(InclusiveKl.of(p).fit());
    inc.put("method", "moment matching: mu = E_p[x], sigma^2 = Var_p[x] (closed form)");
    out.put("inclusive", inc);
    List<Map<String, Object>> ex = new ArrayList<>();
    for (ExclusiveKl.LocalMinimum lm : ExclusiveKl.of(p).fromStarts(ExclusiveKl.defaultStarts(), 0.5, 1e-10, 10_000)) {
      Map<String, Object> m = fit(lm.fit());
      m.put("starts", lm.starts().size());
      ex.add(m);
    }
    out.put("exclusive", ex);
    out.put("exclusive_method", "gradient descent in (mu, log sigma) with backtracking; expectations by the trapezoid rule "
        + "in the standardised variable (deterministic quadrature), from mu0 in {-6,-3,-1,0,1,3,6} x sigma0 in {0.5,2}");
    Cli.print(spec.commandLine().getOut(), out, json);
    return 0;
  }
}
