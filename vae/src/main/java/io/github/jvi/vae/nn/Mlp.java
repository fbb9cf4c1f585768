package io.github.jvi.vae.nn;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * A multilayer perceptron: dense layers of the given widths with ReLU between them and no
 * activation after the last, e.g. widths 784, 512, 512, 64 for the default encoder.
 */
public final class Mlp implements Layer {
  private final List<Linear> layers;

  private Mlp(List<Linear> layers) {
    this.layers = layers;
  }

  /** Registers layers {@code name.0}, {@code name.1}, ... for consecutive widths (at least two). */
  public static Mlp of(Parameters store, String name, int[] widths, Rng rng) {
    if (widths.length < 2) {
      throw new IllegalArgumentException("widths must name at least an input and an output, found "
          + widths.length + " widths");
    }
    List<Linear> layers = new ArrayList<>();
    for (int i = 0; i + 1 < widths.length; i++) {
      layers.add(Linear.of(store, name + "." + i, widths[i], widths[i + 1], i + 2 < widths.length, rng));
    }
    return new Mlp(layers);
  }

  @Override
  public Var forward(Params p, Var x) {
    Var h = x;
    for (Linear l : layers) {
      h = l.forward(p, h);
    }
    return h;
  }

  /** Multiply-adds of one forward pass per example. */
  public long macsPerExample() {
    long m = 0;
    for (Linear l : layers) {
      m += (long) l.in() * l.out();
    }
    return m;
  }
}
