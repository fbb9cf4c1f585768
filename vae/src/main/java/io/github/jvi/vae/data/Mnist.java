package io.github.jvi.vae.data;

import io.github.jvi.core.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MNIST handwritten digits (LeCun, Cortes &amp; Burges), read from the four original IDX files.
 *
 * <p>The directory is, in this order: the one given explicitly (the {@code --data} option), else
 * {@code $JVI_MNIST_DIR}, else {@code ~/.jvi/data/mnist}. Each file is looked up gzipped
 * ({@code train-images-idx3-ubyte.gz}) or uncompressed ({@code train-images-idx3-ubyte}). Only
 * the default directory is filled automatically: missing files are downloaded from the mirrors in
 * {@link #MIRRORS} and kept only when size and MD5 match the published values in {@link #FILES}.
 * When that fails (no network) the error names the four files, their MD5 sums and the directory to
 * put them in. Every file is validated structurally on reading (see {@link Idx}); image and label
 * counts must agree and labels must be digits.
 */
public final class Mnist {
  private static final Logger LOG = LoggerFactory.getLogger(Mnist.class);

  /** The environment variable that names the MNIST directory. */
  public static final String ENV = "JVI_MNIST_DIR";

  /** Where the files are downloaded from, in order. */
  public static final List<String> MIRRORS = List.of(
      "https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/");

  /** One of the four published files: gzipped name, size in bytes and MD5 of the gzip file. */
  public record FileSpec(String name, long bytes, String md5) {
    /** The name without {@code .gz}. */
    public String uncompressedName() {
      return name.substring(0, name.length() - 3);
    }
  }

  /** The four files with their published sizes and MD5 sums. */
  public static final List<FileSpec> FILES = List.of(
      new FileSpec("train-images-idx3-ubyte.gz", 9912422L, "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
      new FileSpec("train-labels-idx1-ubyte.gz", 28881L, "d53e105ee54ea40749a09fcbcd1e9432"),
      new FileSpec("t10k-images-idx3-ubyte.gz", 1648877L, "9fb629c4189551a2d022fa330f9573f3"),
      new FileSpec("t10k-labels-idx1-ubyte.gz", 4542L, "ec29112dd5afa0611ce80d1b7f02629c"));

  /** The training set (60000 images) or the test set (10000 images). */
  public enum Split {
    /** train-*: 60000 images. */
    TRAIN(FILES.get(0), FILES.get(1)),
    /** t10k-*: 10000 images. */
    TEST(FILES.get(2), FILES.get(3));

    private final FileSpec images;
    private final FileSpec labels;

    Split(FileSpec images, FileSpec labels) {
      this.images = images;
      this.labels = labels;
    }
  }

  /**
   * Where MNIST is looked for.
   *
   * @param dir the directory
   * @param origin how it was chosen ("--data", "$JVI_MNIST_DIR" or "default")
   * @param downloadable whether missing files may be downloaded into it (the default only)
   */
  public record Location(Path dir, String origin, boolean downloadable) {}

  private Mnist() {}

  /** The directory for an explicit choice (may be null), the environment and the home directory. */
  public static Location locate(Path explicit) {
    return locate(explicit, System.getenv(ENV), Path.of(System.getProperty("user.home")));
  }

  /** {@link #locate(Path)} with the environment value and home directory given (for tests). */
  public static Location locate(Path explicit, String env, Path home) {
    if (explicit != null) {
      return new Location(explicit, "--data", false);
    }
    if (env != null && !env.isBlank()) {
      return new Location(Path.of(env), "$" + ENV, false);
    }
    return new Location(home.resolve(".jvi").resolve("data").resolve("mnist"), "default", true);
  }

  /** Loads a split in full from the directory chosen by {@link #locate(Path)}. */
  public static Dataset load(Path explicit, Split split, Pixels pixels) {
    return load(locate(explicit), split, pixels, Integer.MAX_VALUE);
  }

  /** Loads the first {@code limit} examples of a split. */
  public static Dataset load(Path explicit, Split split, Pixels pixels, int limit) {
    return load(locate(explicit), split, pixels, limit);
  }

  /** Loads the first {@code limit} examples of a split from a location, downloading if allowed. */
  public static Dataset load(Location where, Split split, Pixels pixels, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, found " + limit);
    }
    ensurePresent(where, MIRRORS);
    Path imageFile = find(where.dir(), split.images);
    Path labelFile = find(where.dir(), split.labels);
    Idx.Images images = Idx.readImages(imageFile);
    byte[] labels = Idx.readLabels(labelFile);
    if (images.rows() != 28 || images.cols() != 28) {
      String m = "malformed MNIST file " + imageFile + ": images are " + images.rows() + " x "
          + images.cols() + ", expected 28 x 28";
      throw new UncheckedIOException(m, new IOException(m));
    }
    return Dataset.fromIdx(images, labels, pixels, limit, imageFile, labelFile, 9);
  }

  /**
   * Makes sure all four files are in the location: nothing to do when they are; an error naming
   * the missing files for a directory that was chosen explicitly; a checked download from
   * {@code mirrors} for the default directory.
   */
  static void ensurePresent(Location where, List<String> mirrors) {
    List<FileSpec> missing = new ArrayList<>();
    for (FileSpec f : FILES) {
      if (find(where.dir(), f) == null) {
        missing.add(f);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    if (!where.downloadable()) {
      StringBuilder m = new StringBuilder("MNIST files missing in " + where.dir() + " (chosen by "
          + where.origin() + "):");
      for (FileSpec f : missing) {
        m.append(' ').append(f.name()).append(" (or ").append(f.uncompressedName()).append(')');
      }
      m.append(". ").append(instructions(where.dir()));
      throw new UncheckedIOException(m.toString(), new IOException(m.toString()));
    }
    for (FileSpec f : missing) {
      download(where.dir(), f, mirrors);
    }
  }

  /** The file for {@code spec} in {@code dir}, gzipped or not, or null. */
  static Path find(Path dir, FileSpec spec) {
    Path gz = dir.resolve(spec.name());
    if (Files.isRegularFile(gz)) {
      return gz;
    }
    Path raw = dir.resolve(spec.uncompressedName());
    return Files.isRegularFile(raw) ? raw : null;
  }

  private static void download(Path dir, FileSpec spec, List<String> mirrors) {
    List<String> errors = new ArrayList<>();
    for (String mirror : mirrors) {
      String url = mirror + spec.name();
      try {
        LOG.info("downloading {}", url);
        fetch(url, dir.resolve(spec.name()), spec);
        return;
      } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
        errors.add(url + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        LOG.debug("download of {} failed", url, e);
      }
    }
    String m = "MNIST is not in " + dir + " and " + spec.name() + " could not be downloaded ("
        + String.join("; ", errors) + "). " + instructions(dir);
    throw new UncheckedIOException(m, new IOException(m));
  }

  private static void fetch(String url, Path target, FileSpec spec) throws IOException {
    URLConnection c = URI.create(url).toURL().openConnection();
    c.setConnectTimeout(15_000);
    c.setReadTimeout(60_000);
    try (InputStream raw = c.getInputStream()) {
      AtomicFiles.write(target, out -> {
        MessageDigest md5 = md5();
        long n;
        try (DigestInputStream in = new DigestInputStream(raw, md5)) {
          n = in.transferTo(out);
        }
        String found = HexFormat.of().formatHex(md5.digest());
        if (n != spec.bytes() || !found.equals(spec.md5())) {
          throw new IOException("checksum mismatch: got " + n + " bytes with MD5 " + found + ", expected "
              + spec.bytes() + " bytes with MD5 " + spec.md5());
        }
      });
    }
  }

  /** What to do by hand: which files to put where. */
  static String instructions(Path dir) {
    StringBuilder m = new StringBuilder("Put these four files, unchanged, into ")
        .append(dir.toAbsolutePath()).append(" (or into a directory named by --data DIR or $")
        .append(ENV).append("):");
    for (FileSpec f : FILES) {
      m.append(' ').append(f.name()).append(" (").append(f.bytes()).append(" bytes, MD5 ")
          .append(f.md5()).append(')').append(f == FILES.get(FILES.size() - 1) ? "" : ",");
    }
    m.append("; they are published at ").append(String.join(" and ", MIRRORS)).append('.');
    return m.toString();
  }

  static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is not available", e);
    }
  }
}
