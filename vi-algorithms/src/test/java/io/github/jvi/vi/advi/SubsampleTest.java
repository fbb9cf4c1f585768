package io.github.jvi.vi.advi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.gpu.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SubsampleTest {
  /**
   * Minibatches are uniform over the C(5, 2) = 10 subsets (what makes the N / B scaling unbiased):
   * 20000 seeded draws, each subset's count within 5 binomial sds of 2000 (10 comparisons,
   * P(|Z| &gt; 5) = 5.7e-7 each: a failure budget below 1e-5), distinct indices in range.
   */
  @Test
  void minibatchesAreUniformOverSubsets() {
    int n = 5;
    int b = 2;
    int draws = 20_000;
    int[] counts = new int[1 << n];
    Rng rng = Rng.of(99);
    for (int k = 0; k < draws; k++) {
      int[] idx = Subsample.indices(n, b, rng);
      assertEquals(b, idx.length);
      int mask = 0;
      for (int i : idx) {
        assertTrue(i >= 0 && i < n, Arrays.toString(idx));
        mask |= 1 << i;
      }
      assertEquals(b, Integer.bitCount(mask), "distinct: " + Arrays.toString(idx));
      counts[mask]++;
    }
    double p = 0.1;
    double sd = Math.sqrt(draws * p * (1 - p));
    int subsets = 0;
    for (int mask = 0; mask < counts.length; mask++) {
      if (Integer.bitCount(mask) == b) {
        subsets++;
        assertEquals(draws * p, counts[mask], 5 * sd, "subset " + Integer.toBinaryString(mask));
      }
    }
    assertEquals(10, subsets);
  }
}
