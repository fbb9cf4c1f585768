package io.github.jvi.vae.cli;

import io.github.jvi.core.cli.Cli;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.data.Dataset;
import io.github.jvi.vae.data.Mnist;
import io.github.jvi.vae.eval.Evaluator;
import io.github.jvi.vae.model.LatentConfig;
import io.github.jvi.vae.model.VaeConfig;
import io.github.jvi.vae.train.Checkpoint;
import io.github.jvi.vae.train.EpochStats;
import io.github.jvi.vae.train.TrainConfig;
import io.github.jvi.vae.train.Trainer;
import io.github.jvi.vae.train.TrainingDivergedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jvi vae train}. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Train a VAE on MNIST and save it (weights, optimiser state and configuration) to --model "
        + "after every epoch; then print the test-set ELBO.",
        "Bernoulli models train on binarised pixels (x = 1 if v/255 > 0.5), the others on v/255.",
        "Objectives: --objective elbo|iwae --k K --estimator standard|stl; latents: --latent "
            + "gaussian|categorical|gm|hierarchical. With --resume, the model and objective come from the file."})
@SuppressWarnings("try") // resources held only for their scope (workspaces, thread settings)
final class TrainCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--model", required = true, description = "Model file to write (a zip).")
  Path model;

  @Option(names = "--latent-dim",
      description = "Latent dimension: the width of z (gaussian, gm: of w; hierarchical: of the bottom layer z1), or "
          + "the number of categorical variables (categorical) (default: 32; 20 for categorical).")
  Integer latentDim;

  @Option(names = "--epochs", defaultValue = "10", description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "128", description = "Minibatch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--prior", defaultValue = "gaussian", description = "gaussian or mog (default: ${DEFAULT-VALUE}).")
  String prior;

  @Option(names = "--components", defaultValue = "10", description = "Components of the MoG prior (default: ${DEFAULT-VALUE}).")
  int components;

  @Option(names = "--likelihood", defaultValue = "bernoulli",
      description = "bernoulli, gaussian (learned per-pixel variance), gaussian-fixed or cb (continuous Bernoulli) "
          + "(default: ${DEFAULT-VALUE}).")
  String likelihood;

  @Option(names = "--sigma", defaultValue = "0.1",
      description = "Standard deviation of gaussian-fixed, initial one of gaussian (default: ${DEFAULT-VALUE}).")
  double sigma;

  @Option(names = "--net", defaultValue = "mlp", description = "mlp or cnn (default: ${DEFAULT-VALUE}).")
  String net;

  @Option(names = "--hidden", split = ",",
      description = "Hidden widths of the MLP (default 512,512) or channels of the CNN (default 32,64).")
  int[] hidden;

  @Option(names = "--beta", defaultValue = "1", description = "KL weight of the beta-ELBO (default: ${DEFAULT-VALUE}).")
  double beta;

  @Option(names = "--latent", defaultValue = "gaussian",
      description = {"Latent structure (default: ${DEFAULT-VALUE}):",
          "gaussian: z ~ N(0, I) (or --prior mog), diagonal Gaussian q(z|x);",
          "categorical: --latent-dim variables of --categories classes, Gumbel-Softmax relaxed in training "
              + "(Jang et al. 2017), exact one-hot at evaluation, uniform prior;",
          "gm: Gaussian-mixture VAE p(y) p(w|y) p(x|w) with --components clusters, q(w|x) q(y|w,x);",
          "hierarchical: p(x|z1) p(z1|z2) p(z2), q(z1|x) q(z2|z1), z2 of width --top-dim."})
  String latent;

  @Option(names = "--categories", defaultValue = "10",
      description = "Classes per categorical variable (categorical latent; default: ${DEFAULT-VALUE}).")
  int categories;

  @Option(names = "--top-dim", defaultValue = "16",
      description = "Width of the top layer z2 (hierarchical latent; default: ${DEFAULT-VALUE}).")
  int topDim;

  @Option(names = "--tau-rate", defaultValue = "1e-4",
      description = "Gumbel-Softmax annealing: tau = max(--tau-min, exp(-rate t)) at global step t (default: ${DEFAULT-VALUE}).")
  double tauRate;

  @Option(names = "--tau-min", defaultValue = "0.5", description = "Floor of the temperature (default: ${DEFAULT-VALUE}).")
  double tauMin;

  @Option(names = "--tau-interval", defaultValue = "500",
      description = "Update the temperature every N steps (default: ${DEFAULT-VALUE}).")
  int tauInterval;

  @Option(names = "--straight-through",
      description = "Categorical latent: hard one-hot draws in training with the relaxed draw's gradient (biased).")
  boolean straightThrough;

  @Mixin
  ObjectiveOptions objectiveOptions;

  @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--train-limit", description = "Train on the first N training images only.")
  Integer trainLimit;

  @Option(names = "--resume", description = "Continue training the model in --model up to --epochs epochs in total.")
  boolean resume;

  @Option(names = "--data", description = "MNIST directory (default: $JVI_MNIST_DIR, else ~/.jvi/data/mnist).")
  Path data;

  @Option(names = "--nd4j-threads", defaultValue = "1",
      description = "Threads of ND4J's element-wise ops; matrix products use OMP_NUM_THREADS (default: ${DEFAULT-VALUE}).")
  int nd4jThreads;

  @Option(names = "--json", description = "Print the summary as JSON.")
  boolean json;

  @Override
  public Integer call() {
    try (Threads t = Threads.elementWise(nd4jThreads)) {
      return run();
    }
  }

  private Integer run() {
    Trainer trainer;
    if (resume) {
      if (!Files.exists(model)) {
        throw new Cli.UserError("--resume: model file " + model + " does not exist");
      }
      Checkpoint c = Checkpoint.load(model);
      if (c.epoch() >= epochs) {
        throw new Cli.UserError(model + " has already been trained for " + c.epoch() + " epochs; ask for more with --epochs");
      }
      trainer = Trainer.resume(c, epochs);
    } else {
      VaeConfig.Net n = VaeConfig.net(net);
      int[] h = hidden != null ? hidden : n == VaeConfig.Net.MLP ? new int[] {512, 512} : new int[] {32, 64};
      LatentConfig.Kind kind = LatentConfig.Kind.of(latent);
      int d = latentDim != null ? latentDim : kind == LatentConfig.Kind.CATEGORICAL ? 20 : 32;
      LatentConfig lc = LatentConfig.defaults().withKind(kind).withCategories(categories).withTopDim(topDim)
          .withAnnealing(tauRate, tauMin, tauInterval).withStraightThrough(straightThrough);
      VaeConfig config = VaeConfig.defaults().withLatentDim(d).withHidden(h).withNet(n)
          .withPrior(VaeConfig.prior(prior), components).withLikelihood(VaeConfig.likelihood(likelihood), sigma)
          .withLatent(lc);
      TrainConfig t = new TrainConfig(epochs, batchSize, lr, seed, beta, trainLimit == null ? Integer.MAX_VALUE : trainLimit,
          objectiveOptions.kind(), objectiveOptions.k, objectiveOptions.estimator());
      trainer = Trainer.start(config, t);
    }
    Dataset train = Common.data(data, trainer.model(), Mnist.Split.TRAIN, trainer.config().trainLimit());
    ProgressListener progress = new ProgressListener(System.err, Common.interactive());
    List<EpochStats> run;
    try {
      run = trainer.train(train, model, progress);
    } catch (TrainingDivergedException e) {
      throw new Cli.UserError(e.getMessage(), e);
    } finally {
      progress.close();
    }
    Dataset test = Common.data(data, trainer.model(), Mnist.Split.TEST, Integer.MAX_VALUE);
    Evaluator.Result r = Evaluator.elbo(trainer.model(), test, 1000, Rng.of(trainer.config().seed()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", model.toString());
    out.put("epochs", trainer.epochsDone());
    out.put("objective", trainer.config().makeObjective().name());
    out.put("latent", trainer.model().config().latent().kind().id());
    out.put("train_elbo", run.get(run.size() - 1).elbo());
    out.put("seconds_per_epoch", run.stream().mapToDouble(EpochStats::seconds).average().orElse(Double.NaN));
    out.put("test_elbo", r.elbo());
    out.put("reconstruction", r.reconstruction());
    out.put("kl", r.kl());
    Cli.print(spec.commandLine().getOut(), out, json);
    return 0;
  }
}
