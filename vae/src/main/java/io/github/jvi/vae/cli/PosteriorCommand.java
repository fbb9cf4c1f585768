package io.github.jvi.vae.cli;

import io.github.jvi.core.cli.Cli;
import io.github.jvi.vae.data.Dataset;
import io.github.jvi.vae.data.Mnist;
import io.github.jvi.vae.eval.Plots;
import io.github.jvi.vae.model.Vae;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jvi vae posterior}. */
@Command(name = "posterior", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Plot the aggregate posterior (posterior means of the test images) coloured by digit, "
        + "projected onto two principal components when the latent dimension is above 2.")
final class PosteriorCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--model", required = true, description = "Model file written by jvi vae train.")
  Path model;

  @Option(names = "--plot", required = true, description = "PNG file to write.")
  Path plot;

  @Option(names = "--test-limit", defaultValue = "10000", description = "Test images to show (default: ${DEFAULT-VALUE}).")
  int testLimit;

  @Option(names = "--data", description = "MNIST directory (default: $JVI_MNIST_DIR, else ~/.jvi/data/mnist).")
  Path data;

  @Option(names = "--json", description = "Print the summary as JSON.")
  boolean json;

  @Override
  public Integer call() {
    Vae vae = Common.checkpoint(model).model();
    Dataset test = Common.data(data, vae, Mnist.Split.TEST, testLimit);
    int d = vae.config().latentDim();
    String title = "aggregate posterior, " + vae.config().prior().id() + " prior, d = " + d + (d > 2 ? " (PCA)" : "");
    Plots.posteriorPlot(vae, test, title, plot);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("plot", plot.toString());
    out.put("examples", test.size());
    out.put("projected", d > 2);
    Cli.print(spec.commandLine().getOut(), out, json);
    return 0;
  }
}
