package io.github.jvi.vae.model;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.nn.Conv2d;
import io.github.jvi.vae.nn.Layer;
import io.github.jvi.vae.nn.Linear;
import io.github.jvi.vae.nn.Mlp;
import io.github.jvi.vae.nn.Parameters;
import io.github.jvi.vae.nn.Params;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A variational autoencoder: prior p(z), encoder q(z|x) and decoder p(x|z), as chosen by a
 * {@link VaeConfig}, with its parameters in one {@link Parameters} set (encoder, decoder, then
 * likelihood, latent-structure networks and prior parameters, each under its name).
 *
 * <p>Networks. MLP: encoder D - h1 - ... - 2d, decoder d - ... - h1 - D, ReLU between layers.
 * CNN (channels-last activations; for H x W images with H, W divisible by 4, channels c1, c2 from {@code hidden}, by default 32
 * and 64): encoder conv(1-&gt;c1, 4x4, stride 2, pad 1), ReLU, conv(c1-&gt;c2, 4x4, stride 2, pad 1), ReLU,
 * dense(c2 H W / 16 -&gt; 2d); decoder dense(d -&gt; c2 H W / 16), ReLU, transposed conv(c2-&gt;c1), ReLU,
 * transposed conv(c1-&gt;1), the same kernel sizes.
 *
 * <p>Threads. The model's structure never changes once created: the training step and the
 * evaluation mode are views ({@link #atTrainingStep}, {@link #forEvaluation}) sharing the
 * parameters. The parameter values are updated in place by whoever trains them (a {@code Trainer}
 * owns them for its run); evaluating from other threads while training runs reads values in motion.
 */
public final class Vae {
  private final VaeConfig config;
  private final Parameters params;
  private final Layer encoder;
  private final Layer decoder;
  private final PosteriorFamily family;
  private final Prior prior;
  private final Likelihood likelihood;
  private final long macsPerExample;

  private Vae(VaeConfig config, Parameters params, Layer encoder, Layer decoder, PosteriorFamily family,
      Prior prior, Likelihood likelihood, long macsPerExample) {
    this.config = config;
    this.params = params;
    this.encoder = encoder;
    this.decoder = decoder;
    this.family = family;
    this.prior = prior;
    this.likelihood = likelihood;
    this.macsPerExample = macsPerExample;
  }

  /**
   * A new model with parameters of type {@code type}, initialised from {@code rng}. The latent
   * structure ({@link VaeConfig#latent()}) fixes the encoder's output width, the decoder's input
   * width and the extra networks:
   * <ul>
   *   <li>Gaussian: encoder -&gt; [mu | log sigma] [2d], decoder from z [d];</li>
   *   <li>categorical: encoder -&gt; logits [N K], decoder from the one-hot (or relaxed) z [N K];</li>
   *   <li>GM: as Gaussian for w, plus q(y|w,x) = softmax(MLP([w, mu, log sigma] [3d] -&gt; h -&gt; C))
   *       ({@code posterior.y.*}) and the component means and scales ({@code prior.*});</li>
   *   <li>hierarchical: as Gaussian for z1 (the decoder reads z1 only), plus q(z2|z1) by an MLP
   *       d1 -&gt; h -&gt; 2 d2 ({@code encoder2.*}) and p(z1|z2) by an MLP d2 -&gt; h -&gt; 2 d1
   *       ({@code prior.net.*});</li>
   * </ul>
   * with h the last hidden width (MLP) or the second channel count (CNN).
   */
  public static Vae create(VaeConfig c, DataType type, Rng rng) {
    Parameters store = Parameters.of(type);
    int d = c.latentDim();
    int pixels = c.pixels();
    LatentConfig lc = c.latent();
    int encOut = lc.kind() == LatentConfig.Kind.CATEGORICAL ? d * lc.categories() : 2 * d;
    int decIn = lc.kind() == LatentConfig.Kind.CATEGORICAL ? d * lc.categories() : d;
    Layer encoder;
    Layer decoder;
    long macs;
    Likelihood likelihood = switch (c.likelihood()) {
      case BERNOULLI -> BernoulliLikelihood.of();
      case CB -> ContinuousBernoulliLikelihood.of();
      case GAUSSIAN_FIXED -> GaussianLikelihood.fixed(c.sigma());
      case GAUSSIAN -> null; // registered after the networks, so that their names come first
    };
    int outputs = likelihood == null ? pixels : likelihood.decoderOutputs(pixels);
    if (c.net() == VaeConfig.Net.MLP) {
      int[] h = c.hidden();
      int[] enc = new int[h.length + 2];
      int[] dec = new int[h.length + 2];
      enc[0] = pixels;
      dec[0] = decIn;
      for (int i = 0; i < h.length; i++) {
        enc[i + 1] = h[i];
        dec[i + 1] = h[h.length - 1 - i];
      }
      enc[h.length + 1] = encOut;
      dec[h.length + 1] = outputs;
      Mlp e = Mlp.of(store, "encoder", enc, rng);
      Mlp g = Mlp.of(store, "decoder", dec, rng);
      encoder = e;
      decoder = g;
      macs = e.macsPerExample() + g.macsPerExample();
    } else {
      int r4 = c.rows() / 4;
      int c4 = c.cols() / 4;
      int ch1 = c.hidden()[0];
      int ch2 = c.hidden()[1];
      int flat = ch2 * r4 * c4;
      Conv2d c1 = Conv2d.conv(store, "encoder.conv0", 1, ch1, 4, 2, 1, true, rng);
      Conv2d c2 = Conv2d.conv(store, "encoder.conv1", ch1, ch2, 4, 2, 1, true, rng);
      Linear l1 = Linear.of(store, "encoder.dense", flat, encOut, false, rng);
      encoder = Layer.unflatten(c.rows(), c.cols(), 1).then(c1).then(c2).then(Layer.flatten()).then(l1);
      Linear l2 = Linear.of(store, "decoder.dense", decIn, flat, true, rng);
      Conv2d t1 = Conv2d.transposed(store, "decoder.deconv0", ch2, ch1, 4, 2, 1, true, rng);
      Conv2d t2 = Conv2d.transposed(store, "decoder.deconv1", ch1, 1, 4, 2, 1, false, rng);
      decoder = l2.then(Layer.unflatten(r4, c4, ch2)).then(t1).then(t2).then(Layer.flatten());
      long conv1 = 16L * ch1 * (c.rows() / 2) * (c.cols() / 2);
      long conv2 = 16L * ch1 * ch2 * r4 * c4;
      macs = 2 * (conv1 + conv2) + (long) flat * encOut + (long) decIn * flat;
    }
    if (likelihood == null) {
      likelihood = GaussianLikelihood.learned(store, pixels, c.sigma(), 0.01);
    }
    int[] hidden = c.hidden();
    int h = hidden[hidden.length - 1];
    PosteriorFamily family;
    Prior prior;
    switch (lc.kind()) {
      case CATEGORICAL -> {
        family = CategoricalPosterior.family(d, lc);
        prior = UniformCategoricalPrior.of(d, lc.categories(), type);
      }
      case GM -> {
        Mlp qy = Mlp.of(store, "posterior.y", new int[] {3 * d, h, c.components()}, rng);
        family = GmPosterior.family(qy);
        prior = GmPrior.of(store, d, c.components(), rng);
        macs += qy.macsPerExample();
      }
      case HIERARCHICAL -> {
        Mlp up = Mlp.of(store, "encoder2", new int[] {d, h, 2 * lc.topDim()}, rng);
        Mlp down = Mlp.of(store, "prior.net", new int[] {lc.topDim(), h, 2 * d}, rng);
        family = HierarchicalPosterior.family(up, lc.topDim());
        prior = HierarchicalPrior.of(down, d, lc.topDim(), type);
        Layer bottom = (p, z) -> HierarchicalPosterior.bottom(z, d);
        decoder = bottom.then(decoder);
        macs += up.macsPerExample() + down.macsPerExample();
      }
      default -> {
        family = GaussianPosterior.FAMILY;
        prior = c.prior() == VaeConfig.PriorKind.GAUSSIAN
            ? StandardGaussianPrior.of(d, type)
            : MixturePrior.of(store, d, c.components(), rng);
      }
    }
    return new Vae(c, store, encoder, decoder, family, prior, likelihood, macs);
  }

  /**
   * A model composed by hand from its parts (for architectures {@link #create} does not build,
   * such as the linear-Gaussian model of {@link LinearGaussianVae}). The parameters of every part
   * must be registered in {@code params}. {@code config} describes the model for plots and files:
   * a checkpoint rebuilds models through {@link #create}, so only models that {@code create}
   * would build the same way can be saved and loaded.
   *
   * @throws IllegalArgumentException if the prior's latent width is not positive
   */
  public static Vae of(VaeConfig config, Parameters params, Layer encoder, Layer decoder, PosteriorFamily family,
      Prior prior, Likelihood likelihood, long macsPerExample) {
    if (config == null || params == null || encoder == null || decoder == null || family == null || prior == null
        || likelihood == null) {
      throw new IllegalArgumentException("every part of a Vae must be given (found a null)");
    }
    if (macsPerExample < 0) {
      throw new IllegalArgumentException("macsPerExample must be >= 0, found " + macsPerExample);
    }
    return new Vae(config, params, encoder, decoder, family, prior, likelihood, macsPerExample);
  }

  /** The configuration. */
  public VaeConfig config() {
    return config;
  }

  /** All parameters (live arrays). */
  public Parameters parameters() {
    return params;
  }

  /** The prior. */
  public Prior prior() {
    return prior;
  }

  /** The likelihood. */
  public Likelihood likelihood() {
    return likelihood;
  }

  /** The posterior family. */
  public PosteriorFamily posteriorFamily() {
    return family;
  }

  /** q(z|x) for a batch x [n, D] (cast to the parameters' type). */
  public Posterior encode(Params p, INDArray x) {
    return family.posterior(p, encoder.forward(p, Var.constant(x.castTo(p.dataType()))));
  }

  /**
   * This model with its latent at global training step t (0-based): the categorical latent takes
   * its Gumbel-Softmax temperature from its schedule and draws relaxed samples; other latents are
   * unaffected (the same object is returned). The result shares the parameters and networks; neither
   * model is changed.
   */
  public Vae atTrainingStep(long t) {
    if (!(family instanceof CategoricalPosterior.Family f)) {
      return this;
    }
    return withFamily(f.atStep(t));
  }

  /**
   * This model in evaluation mode: the categorical latent draws exact one-hot vectors instead of
   * relaxed ones (so that bounds are those of the discrete model); other latents are unaffected
   * (the same object is returned). Shares the parameters and networks; neither model is changed.
   */
  public Vae forEvaluation() {
    if (!(family instanceof CategoricalPosterior.Family f) || f.hard()) {
      return this;
    }
    return withFamily(f.evaluation());
  }

  private Vae withFamily(PosteriorFamily f) {
    return new Vae(config, params, encoder, decoder, f, prior, likelihood, macsPerExample);
  }

  /** The decoder output for latents z [n, d]. */
  public Var decode(Params p, Var z) {
    return decoder.forward(p, z);
  }

  /** Multiply-adds of one encoder plus one decoder forward pass per example. */
  public long macsPerExample() {
    return macsPerExample;
  }
}
