package io.github.jvi.vae.cli;

import io.github.jvi.core.cli.Cli;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.data.Dataset;
import io.github.jvi.vae.data.Mnist;
import io.github.jvi.vae.eval.Evaluator;
import io.github.jvi.vae.model.Vae;
import io.github.jvi.vae.train.Checkpoint;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jvi vae evaluate}. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Test-set ELBO and its terms (nats per image); with --iw-samples K also the importance-weighted "
        + "bound IWELBO_K (Burda et al. 2016), a log-likelihood estimate that grows with K.",
        "JSON keys: test_elbo, reconstruction, kl, examples, epochs, and test_iwelbo, iw_samples with --iw-samples."})
@SuppressWarnings("try") // resources held only for their scope (workspaces, thread settings)
final class EvaluateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--model", required = true, description = "Model file written by jvi vae train.")
  Path model;

  @Option(names = "--iw-samples", description = "Importance samples K for IWELBO_K.")
  Integer iwSamples;

  @Option(names = "--test-limit", description = "Evaluate on the first N test images only.")
  Integer testLimit;

  @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--data", description = "MNIST directory (default: $JVI_MNIST_DIR, else ~/.jvi/data/mnist).")
  Path data;

  @Option(names = "--json", description = "Print the results as JSON.")
  boolean json;

  @Override
  public Integer call() {
    try (Threads t = Threads.elementWise(1)) {
      return run();
    }
  }

  private Integer run() {
    if (iwSamples != null && iwSamples < 1) {
      throw new Cli.UserError("--iw-samples must be >= 1, found " + iwSamples);
    }
    Checkpoint c = Common.checkpoint(model);
    Vae vae = c.model();
    Dataset test = Common.data(data, vae, Mnist.Split.TEST, testLimit == null ? Integer.MAX_VALUE : testLimit);
    Evaluator.Result r = Evaluator.elbo(vae, test, 1000, Rng.of(seed));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("test_elbo", r.elbo());
    out.put("reconstruction", r.reconstruction());
    out.put("kl", r.kl());
    if (iwSamples != null) {
      out.put("test_iwelbo", Evaluator.iwelbo(vae, test, iwSamples, Rng.of(seed + 1)));
      out.put("iw_samples", iwSamples);
    }
    out.put("examples", r.examples());
    out.put("epochs", c.epoch());
    Cli.print(spec.commandLine().getOut(), out, json);
    return 0;
  }
}
