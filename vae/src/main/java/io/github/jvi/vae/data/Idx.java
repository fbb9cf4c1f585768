package io.github.jvi.vae.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A validating reader for the IDX format of LeCun et al.'s MNIST distribution, gzipped or not
 * (gzip is recognised by its magic bytes {@code 1f 8b}, whatever the file is called).
 *
 * <pre>
 * images: int32 magic 0x00000803 (unsigned bytes, 3 dimensions), int32 count, rows, cols,
 *         then count * rows * cols unsigned bytes, row-major, one image after another
 * labels: int32 magic 0x00000801 (unsigned bytes, 1 dimension), int32 count, then count bytes
 * </pre>
 * All header integers are big-endian. A file is accepted only if its magic number is right, its
 * header sizes are positive and plausible, exactly the announced number of data bytes follows and
 * nothing after them; otherwise an {@link UncheckedIOException} whose message names the file and
 * what is wrong is thrown, so a damaged file never yields a wrong data set.
 */
public final class Idx {
  /** Magic number of an IDX file of unsigned bytes with three dimensions (images). */
  public static final int IMAGES_MAGIC = 0x00000803;
  /** Magic number of an IDX file of unsigned bytes with one dimension (labels). */
  public static final int LABELS_MAGIC = 0x00000801;
  private static final long MAX_BYTES = Integer.MAX_VALUE - 16L;

  /**
   * Images read from an IDX file.
   *
   * @param count number of images
   * @param rows rows per image
   * @param cols columns per image
   * @param pixels count * rows * cols unsigned bytes (0 = background, 255 = ink), row-major
   */
  public record Images(int count, int rows, int cols, byte[] pixels) {}

  private Idx() {}

  /** Reads an image file; errors name the file. */
  public static Images readImages(Path file) {
    try (DataInputStream in = open(file)) {
      int magic = header(in, file, "magic number");
      if (magic != IMAGES_MAGIC) {
        throw bad(file, String.format("bad magic number 0x%08x, expected 0x%08x (an IDX file of images)%s",
            magic, IMAGES_MAGIC, magic == LABELS_MAGIC ? "; this is a label file" : ""));
      }
      int count = header(in, file, "image count");
      int rows = header(in, file, "row count");
      int cols = header(in, file, "column count");
      if (count < 0 || rows <= 0 || cols <= 0 || rows > 4096 || cols > 4096) {
        throw bad(file, "implausible header: " + count + " images of " + rows + " x " + cols);
      }
      long n = (long) count * rows * cols;
      if (n > MAX_BYTES) {
        throw bad(file, "header announces " + n + " pixel bytes, more than this reader supports");
      }
      byte[] pixels = body(in, file, (int) n, count + " images of " + rows + " x " + cols);
      return new Images(count, rows, cols, pixels);
    } catch (IOException e) {
      throw failure(file, e);
    }
  }

  /** Reads a label file; errors name the file. */
  public static byte[] readLabels(Path file) {
    try (DataInputStream in = open(file)) {
      int magic = header(in, file, "magic number");
      if (magic != LABELS_MAGIC) {
        throw bad(file, String.format("bad magic number 0x%08x, expected 0x%08x (an IDX file of labels)%s",
            magic, LABELS_MAGIC, magic == IMAGES_MAGIC ? "; this is an image file" : ""));
      }
      int count = header(in, file, "label count");
      if (count < 0) {
        throw bad(file, "implausible header: " + count + " labels");
      }
      return body(in, file, count, count + " labels");
    } catch (IOException e) {
      throw failure(file, e);
    }
  }

  private static DataInputStream open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    raw.mark(2);
    int b0 = raw.read();
    int b1 = raw.read();
    raw.reset();
    InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
    return new DataInputStream(new BufferedInputStream(in, 1 << 16));
  }

  private static int header(DataInputStream in, Path file, String what) throws IOException {
    try {
      return in.readInt();
    } catch (EOFException e) {
      throw bad(file, "truncated header: the file ends before the " + what);
    }
  }

  private static byte[] body(DataInputStream in, Path file, int n, String what) throws IOException {
    byte[] data = new byte[n];
    int read = in.readNBytes(data, 0, n);
    if (read < n) {
      throw bad(file, "truncated: the header announces " + what + " (" + n + " data bytes) but only "
          + read + " follow");
    }
    long extra = 0;
    byte[] skip = new byte[8192];
    for (int r; (r = in.read(skip)) > 0; ) {
      extra += r;
    }
    if (extra > 0) {
      throw bad(file, "the header announces " + what + " (" + n + " data bytes) but " + extra
          + " more bytes follow: wrong count in the header or two files joined");
    }
    return data;
  }

  private static UncheckedIOException bad(Path file, String message) {
    String m = "malformed IDX file " + file + ": " + message;
    return new UncheckedIOException(m, new IOException(m));
  }

  private static UncheckedIOException failure(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return new UncheckedIOException("IDX file not found: " + file, e);
    }
    if (e instanceof ZipException || e instanceof EOFException) {
      String m = "corrupt gzip data in " + file + " (" + e.getMessage() + "): download the file again";
      return new UncheckedIOException(m, e);
    }
    return new UncheckedIOException("cannot read IDX file " + file + ": " + e.getMessage(), e);
  }
}
