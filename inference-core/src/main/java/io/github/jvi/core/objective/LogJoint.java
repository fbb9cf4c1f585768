package io.github.jvi.core.objective;

import io.github.jvi.core.autodiff.Var;

/**
 * log p(x, z) for fixed data x as a function of latent draws z of shape
 * {@code [S] ++ batchShape ++ eventShape}, returning shape {@code [S] ++ batchShape}.
 */
@FunctionalInterface
public interface LogJoint {
  /** log p(x, z) per draw. */
  Var apply(Var z);
}
