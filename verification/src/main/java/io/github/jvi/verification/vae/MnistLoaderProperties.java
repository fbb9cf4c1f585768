package io.github.jvi.verification.vae;

import io.github.jvi.vae.data.Idx;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Assertions;

/**
 * The IDX reader never returns a wrong data set: for a valid synthetic file, every truncation,
 * every header count that disagrees with the data, every wrong magic number and trailing bytes
 * are rejected with an error naming the file, gzipped or not; the untouched file reads back
 * exactly. Reference: the bytes written.
 */
class MnistLoaderProperties {
  private static byte[] images(int magic, int count, int rows, int cols, byte[] pixels) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.writeInt(magic);
    d.writeInt(count);
    d.writeInt(rows);
    d.writeInt(cols);
    d.write(pixels);
    return b.toByteArray();
  }

  private static Path write(byte[] content, boolean gzip) throws IOException {
    Path f = Files.createTempFile("jvi-idx", gzip ? ".gz" : "");
    try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(f)) : Files.newOutputStream(f)) {
      out.write(content);
    }
    return f;
  }

  private static void rejected(Path f) {
    try {
      UncheckedIOException e = Assertions.assertThrows(UncheckedIOException.class, () -> Idx.readImages(f));
      Assertions.assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    } finally {
      f.toFile().delete();
    }
  }

  private static byte[] pixels(int n) {
    byte[] p = new byte[n];
    for (int i = 0; i < n; i++) {
      p[i] = (byte) (i * 31 + 7);
    }
    return p;
  }

  @Property(tries = 60, seed = "1079")
  void everyTruncationIsRejected(@ForAll @IntRange(min = 1, max = 5) int count, @ForAll @IntRange(min = 0, max = 10_000) int cut,
      @ForAll boolean gzip) throws IOException {
    byte[] full = images(Idx.IMAGES_MAGIC, count, 6, 5, pixels(count * 30));
    int keep = cut % full.length; // strictly shorter than the file
    rejected(write(Arrays.copyOf(full, keep), gzip));
  }

  @Property(tries = 60, seed = "1080")
  void wrongCountsAndMagicAreRejected(@ForAll @IntRange(min = 1, max = 6) int count, @ForAll @IntRange(min = -3, max = 3) int delta,
      @ForAll @IntRange(min = 0, max = 3) int extra, @ForAll boolean gzip) throws IOException {
    byte[] data = pixels(count * 12);
    if (delta != 0 && count + delta >= 0) {
      rejected(write(images(Idx.IMAGES_MAGIC, count + delta, 3, 4, data), gzip));
    }
    rejected(write(images(Idx.LABELS_MAGIC, count, 3, 4, data), gzip));
    rejected(write(images(Idx.IMAGES_MAGIC ^ (1 << (count + delta + 3)), count, 3, 4, data), gzip));
    if (extra > 0) {
      byte[] longer = Arrays.copyOf(images(Idx.IMAGES_MAGIC, count, 3, 4, data), 16 + data.length + extra);
      rejected(write(longer, gzip));
    }
    Path ok = write(images(Idx.IMAGES_MAGIC, count, 3, 4, data), gzip);
    try {
      Idx.Images read = Idx.readImages(ok);
      Assertions.assertEquals(count, read.count());
      Assertions.assertArrayEquals(data, read.pixels());
    } finally {
      ok.toFile().delete();
    }
  }
}
