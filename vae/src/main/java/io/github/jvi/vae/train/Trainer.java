package io.github.jvi.vae.train;

import io.github.jvi.core.autodiff.Gradients;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.optim.Adam;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.data.Dataset;
import io.github.jvi.vae.model.Vae;
import io.github.jvi.vae.model.VaeConfig;
import io.github.jvi.vae.nn.Params;
import io.github.jvi.vae.nn.Workspaces;
import io.github.jvi.vae.objective.Estimate;
import io.github.jvi.vae.objective.Objective;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Minibatch training of a VAE with Adam (Kingma &amp; Ba 2015).
 *
 * <p>Every epoch e draws its shuffling permutation and all its noise from its own stream
 * {@code Rng.of(seed * 0x9E3779B97F4A7C15 + e)}, so that training for 2 epochs and training for 1,
 * saving, loading and training for 1 more give bit-identical weights. The model is initialised
 * from {@code Rng.of(seed)}.
 *
 * <p>NaN guard: the loss of every step and the weights at the end of every epoch must be finite;
 * otherwise a {@link TrainingDivergedException} says where it happened, and the checkpoint file
 * still holds the last good epoch (the bad weights are never written).
 */
@SuppressWarnings("try") // resources held only for their scope (workspaces, thread settings)
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
  private final Vae vae;
  private final TrainConfig config;
  private final Objective objective;
  private final Adam adam;
  private final List<EpochStats> history;
  private int epochsDone;
  /** The model at the latest training step (a view of {@link #vae}: same parameters). */
  private Vae current;

  private Trainer(Vae vae, TrainConfig config, Objective objective, Adam adam, int epochsDone, List<EpochStats> history) {
    this.vae = vae;
    this.current = vae;
    this.config = config;
    this.objective = objective;
    this.adam = adam;
    this.epochsDone = epochsDone;
    this.history = new ArrayList<>(history);
  }

  /** A new float32 model initialised from the seed, trained on the configuration's objective. */
  public static Trainer start(VaeConfig model, TrainConfig train) {
    return start(Vae.create(model, DataType.FLOAT, Rng.of(train.seed())), train, train.makeObjective());
  }

  /** Training of a given model with a given objective. */
  public static Trainer start(Vae vae, TrainConfig train, Objective objective) {
    return new Trainer(vae, train, objective, Adam.of(train.lr()), 0, List.of());
  }

  /**
   * Continues from a checkpoint (weights, optimiser state, epoch count, history) up to
   * {@code epochs} epochs in total, on the objective of its training configuration.
   */
  public static Trainer resume(Checkpoint c, int epochs) {
    TrainConfig t = c.trainConfig().withEpochs(epochs);
    return new Trainer(c.model(), t, t.makeObjective(), c.optimizer(), c.epoch(), c.history());
  }

  /**
   * The model being trained (live parameters), at its latest training step: a categorical latent has
   * the temperature of the last step taken. A trainer and its model belong to the thread that
   * trains.
   */
  public Vae model() {
    return current;
  }

  /** The training configuration. */
  public TrainConfig config() {
    return config;
  }

  /** Completed epochs. */
  public int epochsDone() {
    return epochsDone;
  }

  /** Statistics of every completed epoch. */
  public List<EpochStats> history() {
    return List.copyOf(history);
  }

  /** The current state as a checkpoint. */
  public Checkpoint checkpoint() {
    return Checkpoint.of(vae, config, epochsDone, adam, history);
  }

  /**
   * Trains until {@code config().epochs()} epochs are done, writing {@code checkpointFile} (if not
   * null) after each epoch; returns the statistics of the epochs run now.
   *
   * @throws TrainingDivergedException if the loss or the weights become non-finite
   */
  public List<EpochStats> train(Dataset data, Path checkpointFile, TrainingListener listener) {
    Dataset d = data.head(config.trainLimit());
    List<EpochStats> run = new ArrayList<>();
    while (epochsDone < config.epochs()) {
      EpochStats s = epoch(d, listener, checkpointFile);
      if (!weightsFinite()) {
        throw diverged("the weights became non-finite during epoch " + s.epoch(), checkpointFile);
      }
      epochsDone++;
      history.add(s);
      run.add(s);
      if (checkpointFile != null) {
        checkpoint().save(checkpointFile);
      }
      LOG.debug("epoch {}: train ELBO {} ({} s)", s.epoch(), s.elbo(), s.seconds());
      listener.epochDone(s);
    }
    return run;
  }

  private EpochStats epoch(Dataset data, TrainingListener listener, Path checkpointFile) {
    int e = epochsDone + 1;
    Rng rng = epochRng(config.seed(), e);
    int batches = data.batchCount(config.batchSize());
    listener.epochStarted(e, config.epochs(), batches);
    List<Var> leaves = vae.parameters().leafList();
    Params p = Params.of(leaves);
    double elbo = 0;
    double rec = 0;
    double kl = 0;
    long n = 0;
    int b = 0;
    long t0 = System.nanoTime();
    Iterator<INDArray> it = data.batches(config.batchSize(), rng).iterator();
    while (it.hasNext()) {
      // every array of a step lives in a reused workspace: no allocation churn (weights and
      // optimiser state are allocated outside it and updated in place)
      try (MemoryWorkspace ws = Workspaces.scope("jvi-vae-train")) {
        INDArray x = it.next();
        current = vae.atTrainingStep((long) (e - 1) * batches + b);
        Estimate est;
        try {
          est = objective.estimate(current, p, x, rng);
        } catch (IllegalArgumentException ex) {
          // a distribution rejected its parameters: non-finite values from the data or the weights
          if (!weightsFinite() || !Double.isFinite(x.sumNumber().doubleValue())) {
            throw diverged("non-finite values at epoch " + e + ", batch " + (b + 1) + " of " + batches + " ("
                + ex.getMessage() + ")", checkpointFile);
          }
          throw ex;
        }
        double loss = est.loss().item();
        if (!Double.isFinite(loss)) {
          throw diverged("the loss became " + loss + " at epoch " + e + ", batch " + (b + 1) + " of " + batches,
              checkpointFile);
        }
        adam.step(leaves, Gradients.of(est.loss()));
        elbo += est.bound().sumNumber().doubleValue();
        if (est.reconstruction() != null) {
          rec += est.reconstruction().sumNumber().doubleValue();
          kl += est.kl().sumNumber().doubleValue();
        }
        n += x.size(0);
      }
      b++;
      listener.batchDone(e, b, elbo / n);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new EpochStats(e, elbo / n, rec / n, kl / n, seconds);
  }

  private boolean weightsFinite() {
    for (INDArray v : vae.parameters().values()) {
      if (!Double.isFinite(v.sumNumber().doubleValue())) {
        return false;
      }
    }
    return true;
  }

  private TrainingDivergedException diverged(String what, Path checkpointFile) {
    String kept = checkpointFile == null ? "no checkpoint file was given"
        : epochsDone == 0 ? "no epoch had completed, so " + checkpointFile + " was not written"
        : checkpointFile + " still holds the last good epoch (" + epochsDone + ")";
    return new TrainingDivergedException("training diverged: " + what + "; " + kept
        + ". Try a smaller learning rate (--lr) or another seed.");
  }

  /** The random stream of epoch {@code e} (1-based) for a seed. */
  static Rng epochRng(long seed, int e) {
    return Rng.of(seed * 0x9E3779B97F4A7C15L + e);
  }
}
