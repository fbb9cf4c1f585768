package io.github.jvi.vi.svi;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;

/**
 * A binary row file: the 8 bytes {@code JVIROWS1}, the row width as a little-endian int32, four
 * reserved zero bytes, then the rows as little-endian float64, row after row. Reading needs no
 * parsing (see {@code jvi bench svi-gmm} for the speed against CSV) and a row's offset is
 * {@code 16 + 8 w r}. A truncated file or a non-finite value is a
 * {@link CsvRows.RowFormatException} naming the file and the row.
 */
public final class BinaryRows implements RowSource {
  static final byte[] MAGIC = "JVIROWS1".getBytes(StandardCharsets.US_ASCII);
  static final int HEADER = 16;
  private static final int BUFFER = 1 << 20;

  private final Path file;
  private final int width;
  private final long rows;

  private BinaryRows(Path file, int width, long rows) {
    this.file = file;
    this.width = width;
    this.rows = rows;
  }

  /** The file (its header checked; its length must be a whole number of rows). */
  public static BinaryRows of(Path file) {
    Objects.requireNonNull(file, "file");
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
      while (h.hasRemaining() && ch.read(h) >= 0) {
        // read the header
      }
      byte[] magic = Arrays.copyOf(h.array(), MAGIC.length);
      if (h.position() < HEADER || !Arrays.equals(magic, MAGIC)) {
        throw new CsvRows.RowFormatException(file + ": not a jvi binary row file (no JVIROWS1 header)");
      }
      int w = h.getInt(8);
      if (w < 1) {
        throw new CsvRows.RowFormatException(file + ": row width must be >= 1, found " + w);
      }
      long body = ch.size() - HEADER;
      long rowBytes = 8L * w;
      if (body % rowBytes != 0) {
        throw new CsvRows.RowFormatException(file + ": truncated: " + body + " bytes of rows is not a whole number of "
            + w + "-number rows (row " + body / rowBytes + " is incomplete)");
      }
      if (body == 0) {
        throw new CsvRows.RowFormatException(file + ": no data rows");
      }
      return new BinaryRows(file, w, body / rowBytes);
    } catch (NoSuchFileException e) {
      throw new CsvRows.RowFormatException("no such file: " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Whether the file starts with the binary header. */
  public static boolean isBinary(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer h = ByteBuffer.allocate(MAGIC.length);
      while (h.hasRemaining() && ch.read(h) >= 0) {
        // read the magic
      }
      return Arrays.equals(h.array(), MAGIC);
    } catch (IOException e) {
      return false;
    }
  }

  /** Number of rows. */
  public long rows() {
    return rows;
  }

  @Override
  public String name() {
    return file.toString();
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public RowReader open() {
    return open(new RowReader.Mark(HEADER, 1, 0));
  }

  @Override
  public RowReader open(RowReader.Mark mark) {
    FileChannel ch;
    try {
      ch = FileChannel.open(file, StandardOpenOption.READ);
      ch.position(HEADER + 8L * width * mark.row());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    ByteBuffer bb = ByteBuffer.allocateDirect(BUFFER - BUFFER % (8 * width)).order(ByteOrder.LITTLE_ENDIAN);
    bb.limit(0);
    return new RowReader() {
      private long row = mark.row();

      @Override
      public int read(double[] buf, int max) {
        int m = 0;
        while (m < max && row < rows) {
          if (!bb.hasRemaining()) {
            bb.clear();
            try {
              while (bb.hasRemaining() && ch.read(bb) >= 0) {
                // fill the buffer
              }
            } catch (IOException e) {
              throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
            bb.flip();
            if (!bb.hasRemaining()) {
              throw new CsvRows.RowFormatException(file + ": row " + row + ": the file ended early");
            }
          }
          int take = (int) Math.min(Math.min(max - m, bb.remaining() / (8 * width)), rows - row);
          bb.asDoubleBuffer().get(buf, m * width, take * width);
          bb.position(bb.position() + take * 8 * width);
          for (int i = m * width; i < (m + take) * width; i++) {
            if (!Double.isFinite(buf[i])) {
              throw new CsvRows.RowFormatException(file + ": row " + (row + (i / width - m)) + " (0-based): value must be"
                  + " finite, found " + buf[i]);
            }
          }
          m += take;
          row += take;
        }
        return m;
      }

      @Override
      public Mark mark() {
        return new Mark(HEADER + 8L * width * row, row + 1, row);
      }

      @Override
      public void close() {
        try {
          ch.close();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
        }
      }
    };
  }

  /** Writes a binary row file to a stream: {@link #header(int)} once, then {@link #rows(double[], int)}. */
  public static final class Writer {
    private final OutputStream out;
    private final int width;
    private final ByteBuffer bb = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

    /** A writer of rows of {@code width} numbers; writes the header. */
    public Writer(OutputStream out, int width) throws IOException {
      if (width < 1) {
        throw new IllegalArgumentException("width must be >= 1, found " + width);
      }
      this.out = Objects.requireNonNull(out, "out");
      this.width = width;
      ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
      h.put(MAGIC).putInt(width).putInt(0);
      out.write(h.array());
    }

    /** Writes rows [0, n) of a row-major array. */
    public void rows(double[] rows, int n) throws IOException {
      for (int i = 0; i < n * width; i++) {
        if (bb.remaining() < 8) {
          flush();
        }
        bb.putDouble(rows[i]);
      }
    }

    /** Writes the buffered bytes to the stream. */
    public void flush() throws IOException {
      out.write(bb.array(), 0, bb.position());
      bb.clear();
    }
  }
}
