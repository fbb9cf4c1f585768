package io.github.jvi.vae.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small synthetic IDX files for tests (never real data). */
public final class IdxWriter {
  private IdxWriter() {}

  static byte[] images(int magic, int count, int rows, int cols, byte[] pixels) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.writeInt(magic);
    d.writeInt(count);
    d.writeInt(rows);
    d.writeInt(cols);
    d.write(pixels);
    d.flush();
    return b.toByteArray();
  }

  static byte[] labels(int magic, int count, byte[] labels) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.writeInt(magic);
    d.writeInt(count);
    d.write(labels);
    d.flush();
    return b.toByteArray();
  }

  static Path write(Path file, byte[] content, boolean gzip) throws IOException {
    try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
      out.write(content);
    }
    return file;
  }

  /** Pixel k of image i is (i * 37 + k) mod 256; label i is i mod 10. */
  static byte[] pattern(int count, int d) {
    byte[] p = new byte[count * d];
    for (int i = 0; i < count; i++) {
      for (int k = 0; k < d; k++) {
        p[i * d + k] = (byte) ((i * 37 + k) % 256);
      }
    }
    return p;
  }

  static byte[] digits(int count) {
    byte[] y = new byte[count];
    for (int i = 0; i < count; i++) {
      y[i] = (byte) (i % 10);
    }
    return y;
  }

  /** A complete MNIST-shaped directory of {@code nTrain} and {@code nTest} synthetic images. */
  public static void mnistDir(Path dir, int nTrain, int nTest, boolean gzip) throws IOException {
    String sfx = gzip ? ".gz" : "";
    write(dir.resolve("train-images-idx3-ubyte" + sfx), images(Idx.IMAGES_MAGIC, nTrain, 28, 28, pattern(nTrain, 784)), gzip);
    write(dir.resolve("train-labels-idx1-ubyte" + sfx), labels(Idx.LABELS_MAGIC, nTrain, digits(nTrain)), gzip);
    write(dir.resolve("t10k-images-idx3-ubyte" + sfx), images(Idx.IMAGES_MAGIC, nTest, 28, 28, pattern(nTest, 784)), gzip);
    write(dir.resolve("t10k-labels-idx1-ubyte" + sfx), labels(Idx.LABELS_MAGIC, nTest, digits(nTest)), gzip);
  }
}
