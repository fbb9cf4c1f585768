package io.github.jvi.vae.model;

import io.github.jvi.core.util.Check;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * What a VAE is made of: image size, latent width, networks, prior and likelihood. Stored in every
 * model file (as properties), so that a trained model is rebuilt without repeating options.
 *
 * @param rows image height
 * @param cols image width
 * @param latentDim latent width d
 * @param hidden hidden widths of the MLP encoder (the decoder mirrors them), e.g. {512, 512}; for
 *     the CNN, the channels of its two convolutions, e.g. {32, 64}
 * @param net fully connected or convolutional networks
 * @param prior the prior family
 * @param components mixture components of the MoG prior
 * @param likelihood the observation model
 * @param sigma the fixed standard deviation (gaussian-fixed) or the initial one (gaussian)
 * @param latent the latent structure (Gaussian, categorical, Gaussian mixture, hierarchical); for
 *     the categorical latent, latentDim is the number of categorical variables, for the GM latent
 *     components is the number of clusters
 */
public record VaeConfig(int rows, int cols, int latentDim, int[] hidden, Net net, PriorKind prior,
    int components, LikelihoodKind likelihood, double sigma, LatentConfig latent) {

  /** Encoder and decoder networks. */
  public enum Net {
    /** Fully connected: D - hidden... - 2d and d - ...hidden reversed - D. */
    MLP,
    /** Convolutional: two stride-2 4x4 convolutions (channels from hidden, e.g. 32, 64) and a dense layer, mirrored. */
    CNN;

    /** The command-line name. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Prior families. */
  public enum PriorKind {
    /** N(0, I). */
    GAUSSIAN("gaussian"),
    /** A learnable mixture of Gaussians. */
    MOG("mog");

    private final String id;

    PriorKind(String id) {
      this.id = id;
    }

    /** The command-line name. */
    public String id() {
      return id;
    }
  }

  /** Observation models. */
  public enum LikelihoodKind {
    /** Bernoulli pixels (binarised data), logits from the decoder. */
    BERNOULLI("bernoulli"),
    /** Gaussian pixels (continuous data) with a learned per-pixel variance. */
    GAUSSIAN("gaussian"),
    /** Gaussian pixels (continuous data) with one fixed variance. */
    GAUSSIAN_FIXED("gaussian-fixed"),
    /** Continuous Bernoulli pixels (continuous data). */
    CB("cb");

    private final String id;

    LikelihoodKind(String id) {
      this.id = id;
    }

    /** The command-line name. */
    public String id() {
      return id;
    }
  }

  /** Gaussian latents (the configuration before latent structures existed). */
  public VaeConfig(int rows, int cols, int latentDim, int[] hidden, Net net, PriorKind prior, int components,
      LikelihoodKind likelihood, double sigma) {
    this(rows, cols, latentDim, hidden, net, prior, components, likelihood, sigma, LatentConfig.defaults());
  }

  /** Validates. */
  public VaeConfig {
    Check.atLeast("rows", rows, 1);
    Check.atLeast("cols", cols, 1);
    Check.atLeast("latentDim", latentDim, 1);
    Check.atLeast("components", components, 1);
    Check.positive("sigma", sigma);
    hidden = hidden.clone();
    for (int h : hidden) {
      Check.atLeast("hidden width", h, 1);
    }
    if (net == Net.MLP && hidden.length == 0) {
      throw new IllegalArgumentException("hidden must name at least one width for an MLP");
    }
    if (net == Net.CNN && hidden.length != 2) {
      throw new IllegalArgumentException("the CNN needs two channel counts in hidden, found " + hidden.length);
    }
    if (net == Net.CNN && (rows % 4 != 0 || cols % 4 != 0)) {
      throw new IllegalArgumentException("the CNN needs image sides divisible by 4, found " + rows + " x " + cols);
    }
    if (latent == null) {
      throw new IllegalArgumentException("latent must be given, found null");
    }
    if (latent.kind() != LatentConfig.Kind.GAUSSIAN && prior != PriorKind.GAUSSIAN) {
      throw new IllegalArgumentException("the " + latent.kind().id() + " latent brings its own prior; prior must be "
          + "gaussian (the default), found " + prior.id());
    }
  }

  /** The default: 28 x 28, d = 32, MLP 512-512, standard Gaussian prior, Bernoulli likelihood. */
  public static VaeConfig defaults() {
    return new VaeConfig(28, 28, 32, new int[] {512, 512}, Net.MLP, PriorKind.GAUSSIAN, 10,
        LikelihoodKind.BERNOULLI, 0.1);
  }

  /** Pixels per image. */
  public int pixels() {
    return rows * cols;
  }

  @Override
  public int[] hidden() {
    return hidden.clone();
  }

  /** A copy with another latent width. */
  public VaeConfig withLatentDim(int d) {
    return new VaeConfig(rows, cols, d, hidden, net, prior, components, likelihood, sigma, latent);
  }

  /** A copy with other hidden widths. */
  public VaeConfig withHidden(int... h) {
    return new VaeConfig(rows, cols, latentDim, h, net, prior, components, likelihood, sigma, latent);
  }

  /** A copy with another network type. */
  public VaeConfig withNet(Net n) {
    return new VaeConfig(rows, cols, latentDim, hidden, n, prior, components, likelihood, sigma, latent);
  }

  /** A copy with another prior. */
  public VaeConfig withPrior(PriorKind p, int k) {
    return new VaeConfig(rows, cols, latentDim, hidden, net, p, k, likelihood, sigma, latent);
  }

  /** A copy with another likelihood. */
  public VaeConfig withLikelihood(LikelihoodKind l, double s) {
    return new VaeConfig(rows, cols, latentDim, hidden, net, prior, components, l, s, latent);
  }

  /** A copy with another image size. */
  public VaeConfig withImage(int r, int c) {
    return new VaeConfig(r, c, latentDim, hidden, net, prior, components, likelihood, sigma, latent);
  }

  /** A copy with another latent structure. */
  public VaeConfig withLatent(LatentConfig l) {
    return new VaeConfig(rows, cols, latentDim, hidden, net, prior, components, likelihood, sigma, l);
  }

  /** The width of the latent vector z that q(z|x) draws and p(z) scores. */
  public int latentWidth() {
    return switch (latent.kind()) {
      case GAUSSIAN, GM -> latentDim;
      case CATEGORICAL -> latentDim * latent.categories();
      case HIERARCHICAL -> latentDim + latent.topDim();
    };
  }

  /** As properties under {@code model.*}. */
  public Properties toProperties() {
    Properties p = new Properties();
    p.setProperty("model.rows", Integer.toString(rows));
    p.setProperty("model.cols", Integer.toString(cols));
    p.setProperty("model.latentDim", Integer.toString(latentDim));
    p.setProperty("model.hidden", Arrays.stream(hidden).mapToObj(Integer::toString).collect(Collectors.joining(",")));
    p.setProperty("model.net", net.id());
    p.setProperty("model.prior", prior.id());
    p.setProperty("model.components", Integer.toString(components));
    p.setProperty("model.likelihood", likelihood.id());
    p.setProperty("model.sigma", Double.toString(sigma));
    latent.addTo(p);
    return p;
  }

  /**
   * Reads {@link #toProperties()}.
   *
   * @throws IllegalArgumentException naming the key that is missing or malformed
   */
  public static VaeConfig fromProperties(Properties p) {
    String hiddenText = get(p, "model.hidden");
    int[] h = hiddenText.isBlank() ? new int[0]
        : Arrays.stream(hiddenText.split(",")).mapToInt(s -> parseInt("model.hidden", s.trim())).toArray();
    return new VaeConfig(parseInt("model.rows", get(p, "model.rows")), parseInt("model.cols", get(p, "model.cols")),
        parseInt("model.latentDim", get(p, "model.latentDim")), h, net(get(p, "model.net")),
        prior(get(p, "model.prior")), parseInt("model.components", get(p, "model.components")),
        likelihood(get(p, "model.likelihood")), Double.parseDouble(get(p, "model.sigma")), LatentConfig.from(p));
  }

  /** The network type for its command-line name. */
  public static Net net(String id) {
    for (Net n : Net.values()) {
      if (n.id().equals(id)) {
        return n;
      }
    }
    throw new IllegalArgumentException("net must be mlp or cnn, found '" + id + "'");
  }

  /** The prior for its command-line name. */
  public static PriorKind prior(String id) {
    for (PriorKind k : PriorKind.values()) {
      if (k.id().equals(id)) {
        return k;
      }
    }
    throw new IllegalArgumentException("prior must be gaussian or mog, found '" + id + "'");
  }

  /** The likelihood for its command-line name. */
  public static LikelihoodKind likelihood(String id) {
    for (LikelihoodKind k : LikelihoodKind.values()) {
      if (k.id().equals(id)) {
        return k;
      }
    }
    throw new IllegalArgumentException("likelihood must be bernoulli, gaussian, gaussian-fixed or cb, found '" + id + "'");
  }

  private static String get(Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null) {
      throw new IllegalArgumentException("model configuration lacks '" + key + "'");
    }
    return v;
  }

  private static int parseInt(String key, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, found '" + v + "'");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VaeConfig c && c.toProperties().equals(toProperties());
  }

  @Override
  public int hashCode() {
    return toProperties().hashCode();
  }

  @Override
  public String toString() {
    return "VaeConfig" + new java.util.TreeMap<>(toProperties());
  }
}
