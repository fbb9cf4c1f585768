package io.github.jvi.vi.advi;

import io.github.jvi.gpu.Rng;

/** Uniform minibatches of row indices. */
final class Subsample {
  private Subsample() {}

  /** b distinct indices of [0, n), uniformly, by a partial Fisher-Yates shuffle (O(n) memory). */
  static int[] indices(int n, int b, Rng rng) {
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    for (int i = 0; i < b; i++) {
      int j = i + rng.nextInt(n - i);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    return java.util.Arrays.copyOf(perm, b);
  }
}
