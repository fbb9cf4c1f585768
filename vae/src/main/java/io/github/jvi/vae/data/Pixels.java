package io.github.jvi.vae.data;

/** How MNIST grey levels v in 0..255 become model inputs. */
public enum Pixels {
  /** x = 1 if v / 255 &gt; 0.5, else 0 (a fixed binarisation at the threshold 0.5). */
  BINARY,
  /** x = v / 255, in [0, 1]. */
  CONTINUOUS;

  /** The value for grey level {@code v} (0..255). */
  public float value(int v) {
    return this == BINARY ? (v > 127 ? 1f : 0f) : v / 255f;
  }
}
