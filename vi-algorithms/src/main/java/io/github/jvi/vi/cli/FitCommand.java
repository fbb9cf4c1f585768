package io.github.jvi.vi.cli;

import io.github.jvi.core.cli.Cli;
import io.github.jvi.core.io.JsonData;
import io.github.jvi.core.model.Model;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.advi.Advi;
import io.github.jvi.vi.advi.AdviFit;
import io.github.jvi.vi.examples.Examples;
import io.github.jvi.vi.posterior.PosteriorDraws;
import io.github.jvi.vi.posterior.Summary;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jvi fit MODEL}: ADVI on an example model and its data. */
@Command(name = "fit", mixinStandardHelpOptions = true,
    description = {"Fits an example model by ADVI (Kucukelbir et al. 2017) and prints, per parameter (posteriordb's",
        "1-based names, transformed parameters included), the posterior mean and sd, then the ELBO and the",
        "PSIS k-hat (Yao et al. 2018: above 0.7, do not trust the fit). --list names the models.",
        "FILE.json: posteriordb's / Stan's JSON data, e.g. {\"N\": 434, \"kid_score\": [...], \"mom_iq\": [...]};",
        "without --data the model's shipped data set is used."})
public final class FitCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "The model (see --list).")
  String model;

  @Option(names = "--list", description = "Name the example models and exit.")
  boolean list;

  @Option(names = "--data", paramLabel = "FILE.json", description = "The data (default: the model's shipped data).")
  Path data;

  @Option(names = "--method", defaultValue = "meanfield", description = "meanfield or fullrank (default: ${DEFAULT-VALUE}).")
  String method;

  @Option(names = "--estimator", defaultValue = "pathwise",
      description = "pathwise, stl, score or score-cv (default: ${DEFAULT-VALUE}).")
  String estimator;

  @Option(names = "--iterations", defaultValue = "10000", description = "Iteration limit (default: ${DEFAULT-VALUE}).")
  int iterations;

  @Option(names = "--samples", defaultValue = "10", description = "Draws per gradient (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--tol-rel-obj", defaultValue = "0.001",
      description = "Stan's relative ELBO tolerance; 0 runs every iteration (default: ${DEFAULT-VALUE}).")
  double tol;

  @Option(names = "--draws", defaultValue = "4000", description = "Draws of q for the summaries and k-hat (default: ${DEFAULT-VALUE}).")
  int draws;

  @Option(names = "--output-draws", paramLabel = "FILE.csv", description = "Write the draws as CSV.")
  Path outputDraws;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--json", description = "Print the result as one JSON object.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    if (list) {
      for (Examples.Example e : Examples.all().values()) {
        spec.commandLine().getOut().printf("%-26s %s%n", e.name(), e.description());
      }
      spec.commandLine().getOut().flush();
      return 0;
    }
    if (model == null) {
      throw new Cli.UserError("name a model (jvi fit --list names them)");
    }
    Examples.Example example = Examples.get(model);
    JsonData json0 = data == null ? example.defaultData().get() : JsonData.read(data);
    Model m = example.model().apply(json0);
    AdviFit fit = advi().fit(m, Rng.of(seed));
    Rng drawRng = Rng.of(seed).split();
    PosteriorDraws d = fit.draws(draws, drawRng);
    double khat = fit.khat(draws, drawRng);
    if (outputDraws != null) {
      d.writeCsv(outputDraws);
    }
    Map<String, Object> params = new LinkedHashMap<>();
    for (Map.Entry<String, Summary> e : d.summaries().entrySet()) {
      Summary s = e.getValue();
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("mean", s.mean());
      p.put("sd", s.sd());
      p.put("q5", s.q5());
      p.put("q50", s.q50());
      p.put("q95", s.q95());
      params.put(e.getKey(), p);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", m.name());
    out.put("method", method);
    out.put("estimator", estimator);
    out.put("iterations", fit.iterations());
    out.put("stop", fit.stopReason().name().toLowerCase(java.util.Locale.ROOT));
    out.put("eta", fit.eta());
    out.put("seconds", fit.seconds());
    out.put("elbo", fit.elbo());
    out.put("khat", khat);
    if (json) {
      out.put("params", params);
      Cli.print(spec.commandLine().getOut(), out, true);
    } else {
      java.io.PrintWriter w = spec.commandLine().getOut();
      w.printf("%-16s %12s %12s %12s %12s %12s%n", "parameter", "mean", "sd", "q5", "q50", "q95");
      for (Map.Entry<String, Summary> e : d.summaries().entrySet()) {
        Summary s = e.getValue();
        w.printf("%-16s %12.6g %12.6g %12.6g %12.6g %12.6g%n", e.getKey(), s.mean(), s.sd(), s.q5(), s.q50(), s.q95());
      }
      Cli.print(w, out, false);
      if (khat > 0.7) {
        w.println("warning: k-hat > 0.7: the approximation is far from the posterior; do not trust these summaries");
      }
      w.flush();
    }
    return 0;
  }

  private Advi advi() {
    Advi a = switch (method) {
      case "meanfield" -> Advi.meanField();
      case "fullrank" -> Advi.fullRank();
      default -> throw new Cli.UserError("--method must be meanfield or fullrank, found '" + method + "'");
    };
    a = switch (estimator) {
      case "pathwise" -> a.estimator(Advi.Estimator.PATHWISE);
      case "stl" -> a.estimator(Advi.Estimator.STL);
      case "score", "score-cv" -> throw new Cli.UserError("--estimator " + estimator + " is not available yet for jvi fit");
      default -> throw new Cli.UserError("--estimator must be pathwise, stl, score or score-cv, found '" + estimator + "'");
    };
    return a.maxIterations(iterations).samples(samples).tolRelObj(tol);
  }
}
