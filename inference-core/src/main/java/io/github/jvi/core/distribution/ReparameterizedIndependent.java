package io.github.jvi.core.distribution;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.gpu.Rng;

/**
 * {@link Independent} over a {@link Reparameterized} base: rsample is the base's rsample (the
 * reinterpretation changes no values). Made by {@link Independent#of(Reparameterized, int)} or
 * {@link Independent#of(Distribution, int)}; see {@link Independent} for the design.
 */
public final class ReparameterizedIndependent extends Independent implements Reparameterized {
  private final Reparameterized base;

  ReparameterizedIndependent(Reparameterized base, int reinterpretedBatchDims) {
    super(base, reinterpretedBatchDims);
    this.base = base;
  }

  @Override
  public Reparameterized base() {
    return base;
  }

  @Override
  public Var rsample(Rng rng, long... sampleShape) {
    return base.rsample(rng, sampleShape);
  }
}
