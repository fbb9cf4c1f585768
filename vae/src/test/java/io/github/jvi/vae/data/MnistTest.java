package io.github.jvi.vae.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.gpu.Rng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class MnistTest {
  @TempDir
  Path dir;

  private Mnist.Location explicit() {
    return new Mnist.Location(dir, "--data", false);
  }

  @Test
  void readsGzippedAndPlainFilesWithExactPixelValues() throws IOException {
    for (boolean gzip : new boolean[] {true, false}) {
      Path d = Files.createDirectories(dir.resolve(gzip ? "gz" : "raw"));
      IdxWriter.mnistDir(d, 12, 5, gzip);
      Mnist.Location at = new Mnist.Location(d, "--data", false);
      Dataset cont = Mnist.load(at, Mnist.Split.TRAIN, Pixels.CONTINUOUS, Integer.MAX_VALUE);
      Dataset bin = Mnist.load(at, Mnist.Split.TRAIN, Pixels.BINARY, Integer.MAX_VALUE);
      assertEquals(12, cont.size());
      assertEquals(784, cont.dim());
      // the written pattern: pixel k of image i is (37 i + k) mod 256
      for (int i : new int[] {0, 3, 11}) {
        for (int k : new int[] {0, 90, 127, 128, 500, 783}) {
          int v = (37 * i + k) % 256;
          assertEquals(v / 255f, cont.images().getFloat(i, k), 0f, "continuous pixel");
          assertEquals(v / 255.0 > 0.5 ? 1f : 0f, bin.images().getFloat(i, k), 0f, "binary pixel " + v);
        }
      }
      assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1}, cont.labels());
      assertEquals(5, Mnist.load(at, Mnist.Split.TEST, Pixels.BINARY, 100).size());
      assertEquals(3, Mnist.load(at, Mnist.Split.TEST, Pixels.BINARY, 3).size());
    }
  }

  @Test
  void binarisationThresholdIsHalf() {
    // v / 255 > 0.5 exactly when v >= 128
    assertEquals(0f, Pixels.BINARY.value(127));
    assertEquals(1f, Pixels.BINARY.value(128));
    assertEquals(1f, Pixels.CONTINUOUS.value(255));
  }

  private static String message(Runnable r) {
    return assertThrows(UncheckedIOException.class, r::run).getMessage();
  }

  @Test
  void rejectsBadMagicNamingTheFile() throws IOException {
    Path f = IdxWriter.write(dir.resolve("x-images"), IdxWriter.labels(Idx.LABELS_MAGIC, 2, new byte[] {1, 2}), false);
    String m = message(() -> Idx.readImages(f));
    assertTrue(m.contains(f.toString()) && m.contains("bad magic") && m.contains("label file"), m);
    Path g = IdxWriter.write(dir.resolve("y-labels.gz"), IdxWriter.images(0x12345678, 1, 2, 2, new byte[4]), true);
    m = message(() -> Idx.readLabels(g));
    assertTrue(m.contains(g.toString()) && m.contains("0x12345678"), m);
  }

  @Test
  void rejectsShortDataAndTrailingData() throws IOException {
    byte[] full = IdxWriter.images(Idx.IMAGES_MAGIC, 3, 28, 28, IdxWriter.pattern(3, 784));
    Path shortFile = IdxWriter.write(dir.resolve("short.gz"), Arrays.copyOf(full, full.length - 10), true);
    String m = message(() -> Idx.readImages(shortFile));
    assertTrue(m.contains(shortFile.toString()) && m.contains("truncated") && m.contains("2342 follow"), m);
    Path header = IdxWriter.write(dir.resolve("header"), Arrays.copyOf(full, 9), false);
    m = message(() -> Idx.readImages(header));
    assertTrue(m.contains(header.toString()) && m.contains("truncated header"), m);
    byte[] longer = Arrays.copyOf(full, full.length + 5);
    Path longFile = IdxWriter.write(dir.resolve("long"), longer, false);
    m = message(() -> Idx.readImages(longFile));
    assertTrue(m.contains(longFile.toString()) && m.contains("5 more bytes"), m);
    Path labels = IdxWriter.write(dir.resolve("labels"), IdxWriter.labels(Idx.LABELS_MAGIC, 10, new byte[7]), false);
    m = message(() -> Idx.readLabels(labels));
    assertTrue(m.contains(labels.toString()) && m.contains("only 7 follow"), m);
  }

  @Test
  void rejectsCorruptGzipNamingTheFile() throws IOException {
    Path f = IdxWriter.write(dir.resolve("c.gz"), IdxWriter.images(Idx.IMAGES_MAGIC, 4, 28, 28, IdxWriter.pattern(4, 784)), true);
    byte[] gz = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(gz, gz.length / 2)); // cut the compressed stream in the middle
    String m = message(() -> Idx.readImages(f));
    assertTrue(m.contains(f.toString()) && m.contains("corrupt gzip"), m);
    byte[] flipped = gz.clone();
    for (int i = 20; i < 60; i++) {
      flipped[i] ^= (byte) 0x5a;
    }
    Files.write(f, flipped);
    m = message(() -> Idx.readImages(f));
    assertTrue(m.contains(f.toString()), m);
  }

  @Test
  void rejectsImplausibleHeaderAndWrongImageSize() throws IOException {
    Path neg = IdxWriter.write(dir.resolve("neg"), IdxWriter.images(Idx.IMAGES_MAGIC, -1, 28, 28, new byte[0]), false);
    assertTrue(message(() -> Idx.readImages(neg)).contains("implausible"));
    IdxWriter.mnistDir(dir, 4, 4, false);
    IdxWriter.write(dir.resolve("train-images-idx3-ubyte"), IdxWriter.images(Idx.IMAGES_MAGIC, 4, 14, 56, IdxWriter.pattern(4, 784)), false);
    String m = message(() -> Mnist.load(explicit(), Mnist.Split.TRAIN, Pixels.BINARY, 10));
    assertTrue(m.contains("14 x 56") && m.contains("train-images-idx3-ubyte"), m);
  }

  @Test
  void rejectsDisagreeingCountsAndBadLabels() throws IOException {
    IdxWriter.mnistDir(dir, 6, 4, true);
    IdxWriter.write(dir.resolve("train-labels-idx1-ubyte.gz"), IdxWriter.labels(Idx.LABELS_MAGIC, 5, IdxWriter.digits(5)), true);
    String m = message(() -> Mnist.load(explicit(), Mnist.Split.TRAIN, Pixels.BINARY, 10));
    assertTrue(m.contains("wrong counts") && m.contains("6 images") && m.contains("5 labels"), m);
    IdxWriter.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxWriter.labels(Idx.LABELS_MAGIC, 4, new byte[] {1, 2, 10, 3}), true);
    m = message(() -> Mnist.load(explicit(), Mnist.Split.TEST, Pixels.BINARY, 10));
    assertTrue(m.contains("label 10 at index 2") && m.contains("t10k-labels"), m);
  }

  @Test
  void explicitDirectoryWithMissingFilesSaysWhichAndWhere() throws IOException {
    IdxWriter.mnistDir(dir, 3, 3, true);
    Files.delete(dir.resolve("t10k-images-idx3-ubyte.gz"));
    String m = message(() -> Mnist.load(explicit(), Mnist.Split.TRAIN, Pixels.BINARY, 10));
    assertTrue(m.contains("missing in " + dir) && m.contains("t10k-images-idx3-ubyte.gz")
        && !m.contains("missing in " + dir + " (chosen by --data): train"), m);
    assertTrue(m.contains("9fb629c4189551a2d022fa330f9573f3"), m);
  }

  @Test
  void failedDownloadNamesEveryFileAndTheDirectory() {
    Path target = dir.resolve("home/.jvi/data/mnist");
    Mnist.Location loc = Mnist.locate(null, null, dir.resolve("home"));
    assertEquals(target, loc.dir());
    assertTrue(loc.downloadable());
    // port 1 on the loopback interface refuses connections: the download fails at once, offline
    String m = message(() -> Mnist.ensurePresent(loc, List.of("http://127.0.0.1:1/")));
    assertTrue(m.contains(target.toAbsolutePath().toString()), m);
    for (Mnist.FileSpec f : Mnist.FILES) {
      assertTrue(m.contains(f.name()) && m.contains(f.md5()) && m.contains(Long.toString(f.bytes())), m);
    }
    assertTrue(m.contains("--data") && m.contains("JVI_MNIST_DIR"), m);
  }

  @Test
  void downloadWithWrongChecksumKeepsNothing() throws IOException {
    Path mirror = Files.createDirectories(dir.resolve("mirror"));
    IdxWriter.mnistDir(mirror, 2, 2, true); // right names, wrong contents
    Mnist.Location loc = Mnist.locate(null, "", dir.resolve("home"));
    String m = message(() -> Mnist.ensurePresent(loc, List.of(mirror.toUri().toString())));
    assertTrue(m.contains("checksum mismatch") && m.contains("f68b3c2dcbeaaa9fbdd348bbdeb94873"), m);
    assertFalse(Files.exists(loc.dir().resolve("train-images-idx3-ubyte.gz")), "a bad download must not be kept");
  }

  @Test
  void locationOrderIsOptionThenEnvironmentThenHome() {
    Path home = Path.of("/h");
    assertEquals(Path.of("/a"), Mnist.locate(Path.of("/a"), "/b", home).dir());
    assertEquals(Path.of("/b"), Mnist.locate(null, "/b", home).dir());
    assertFalse(Mnist.locate(null, "/b", home).downloadable());
    assertEquals(Path.of("/h/.jvi/data/mnist"), Mnist.locate(null, null, home).dir());
  }

  @Test
  void seededBatchesCoverEveryRowOnceAndRepeat() throws IOException {
    IdxWriter.mnistDir(dir, 23, 2, false);
    Dataset d = Mnist.load(explicit(), Mnist.Split.TRAIN, Pixels.CONTINUOUS, 100);
    assertEquals(3, d.batchCount(10));
    float[] seen = new float[23];
    int batches = 0;
    int last = 0;
    for (INDArray b : d.batches(10, Rng.of(4))) {
      batches++;
      last = (int) b.size(0);
      for (int r = 0; r < b.size(0); r++) {
        // pixel 0 of image i is 37 i mod 256, distinct for i < 23: recover i from it
        int v = Math.round(b.getFloat(r, 0) * 255);
        for (int i = 0; i < 23; i++) {
          if ((37 * i) % 256 == v) {
            seen[i]++;
          }
        }
      }
    }
    assertEquals(3, batches);
    assertEquals(3, last);
    for (float s : seen) {
      assertEquals(1f, s);
    }
    INDArray a = d.batches(10, Rng.of(9)).iterator().next();
    INDArray b = d.batches(10, Rng.of(9)).iterator().next();
    assertEquals(a, b);
    assertEquals(d.images().getRow(0), d.batches(10, null).iterator().next().getRow(0));
  }

  @Test
  void realMnistWhenAvailable() {
    Path shared = Path.of("/work/shared/mnist");
    Assumptions.assumeTrue(Files.isDirectory(shared), "the shared MNIST copy is not on this machine");
    Mnist.Location at = new Mnist.Location(shared, "--data", false);
    Dataset test = Mnist.load(at, Mnist.Split.TEST, Pixels.BINARY, Integer.MAX_VALUE);
    assertEquals(10000, test.size());
    // the published first ten test labels (/work/shared/mnist/README.md)
    assertArrayEquals(new int[] {7, 2, 1, 0, 4, 1, 4, 9, 5, 9}, Arrays.copyOf(test.labels(), 10));
    Dataset train = Mnist.load(at, Mnist.Split.TRAIN, Pixels.CONTINUOUS, 10);
    assertArrayEquals(new int[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, train.labels());
    double mean = test.images().meanNumber().doubleValue();
    assertTrue(mean > 0.12 && mean < 0.14, "binarised MNIST has about 13% ink, found " + mean);
  }
}
