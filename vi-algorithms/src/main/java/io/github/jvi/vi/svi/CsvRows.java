package io.github.jvi.vi.svi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A CSV file read as a stream, in the format of {@code DataFiles.readTable}: comma-separated
 * numbers, an optional first line of column names, blank lines and lines starting with {@code #}
 * ignored, the same number of columns on every line, finite values only. Memory is one read buffer
 * (1 MiB) whatever the file's size. A malformed line anywhere, however deep, is a
 * {@link RowFormatException} naming the file and the line number: nothing is skipped.
 */
public final class CsvRows implements RowSource {
  private static final int BUFFER = 1 << 20;

  /** A malformed row: the message names the file and the line. */
  public static final class RowFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    RowFormatException(String message) {
      super(message);
    }
  }

  private final Path file;
  private final int width;
  private final List<String> columns;
  private final RowReader.Mark start;

  private CsvRows(Path file, int width, List<String> columns, RowReader.Mark start) {
    this.file = file;
    this.width = width;
    this.columns = columns;
    this.start = start;
  }

  /** The file, its width taken from the header or the first data line. */
  public static CsvRows of(Path file) {
    Objects.requireNonNull(file, "file");
    try (Reader r = new Reader(file, -1, new RowReader.Mark(0, 1, 0))) {
      while (r.nextLine()) {
        if (r.skip()) {
          continue;
        }
        String[] cells = r.text().split(",", -1);
        if (!numeric(cells[0].trim())) {
          List<String> names = new ArrayList<>();
          for (String c : cells) {
            names.add(c.trim());
          }
          return new CsvRows(file, cells.length, List.copyOf(names), new RowReader.Mark(r.next, r.line + 1, 0));
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < cells.length; j++) {
          names.add("x" + j);
        }
        return new CsvRows(file, cells.length, List.copyOf(names), new RowReader.Mark(r.lineStart, r.line, 0));
      }
    }
    throw new RowFormatException(file + ": no data rows");
  }

  /** Column names (from the header, else x0, x1, ...). */
  public List<String> columns() {
    return columns;
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
    return open(start);
  }

  @Override
  public RowReader open(RowReader.Mark mark) {
    return new Reader(file, width, mark);
  }

  private static boolean numeric(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Lines of bytes from a file channel, with their offsets and numbers. */
  private static final class Reader implements RowReader {
    private final Path file;
    private final int width;
    private final FileChannel ch;
    private byte[] buf = new byte[BUFFER];
    private int pos;
    private int lim;
    private long bufStart; // file offset of buf[0]
    private boolean eof;
    long line; // number of the current line (1-based)
    long lineStart; // offset of the current line
    long next; // offset of the line after the current one
    private int from;
    private int to;
    private long row;

    Reader(Path file, int width, Mark mark) {
      this.file = file;
      this.width = width;
      try {
        ch = FileChannel.open(file, StandardOpenOption.READ);
        ch.position(mark.offset());
      } catch (NoSuchFileException e) {
        throw new RowFormatException("no such file: " + file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
      }
      bufStart = mark.offset();
      next = mark.offset();
      line = mark.line() - 1;
      row = mark.row();
    }

    private boolean fill() {
      if (eof) {
        return false;
      }
      if (pos > 0) {
        System.arraycopy(buf, pos, buf, 0, lim - pos);
        bufStart += pos;
        lim -= pos;
        pos = 0;
      }
      if (lim == buf.length) {
        buf = java.util.Arrays.copyOf(buf, buf.length * 2); // a line longer than the buffer
      }
      try {
        int got = ch.read(ByteBuffer.wrap(buf, lim, buf.length - lim));
        if (got < 0) {
          eof = true;
          return false;
        }
        lim += got;
        return true;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }

    /** Advances to the next line; false at the end of the file. */
    boolean nextLine() {
      int i = pos;
      while (true) {
        while (i < lim && buf[i] != '\n') {
          i++;
        }
        if (i < lim) {
          break;
        }
        int scanned = i - pos;
        if (!fill()) {
          if (pos == lim) {
            return false;
          }
          i = lim; // last line without a newline
          break;
        }
        i = pos + scanned;
      }
      from = pos;
      to = i;
      lineStart = bufStart + pos;
      pos = Math.min(lim, i + 1);
      next = bufStart + pos;
      line++;
      // trim blanks and a carriage return
      while (from < to && buf[from] <= ' ') {
        from++;
      }
      while (to > from && buf[to - 1] <= ' ') {
        to--;
      }
      return true;
    }

    boolean skip() {
      return from == to || buf[from] == '#';
    }

    String text() {
      return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    }

    @Override
    public int read(double[] out, int max) {
      int m = 0;
      while (m < max && nextLine()) {
        if (skip()) {
          continue;
        }
        int o = m * width;
        int cell = 0;
        int s = from;
        for (int i = from; i <= to; i++) {
          if (i == to || buf[i] == ',') {
            if (cell == width) {
              throw error("expected " + width + " columns, found more");
            }
            out[o + cell++] = parse(s, i);
            s = i + 1;
          }
        }
        if (cell != width) {
          throw error("expected " + width + " columns, found " + cell);
        }
        m++;
        row++;
      }
      return m;
    }

    private double parse(int s, int e) {
      while (s < e && buf[s] <= ' ') {
        s++;
      }
      while (e > s && buf[e - 1] <= ' ') {
        e--;
      }
      String cell = new String(buf, s, e - s, StandardCharsets.ISO_8859_1);
      double v;
      try {
        v = Double.parseDouble(cell);
      } catch (NumberFormatException ex) {
        throw error("not a number: \"" + cell + "\"");
      }
      if (!Double.isFinite(v)) {
        throw error("value must be finite, found \"" + cell + "\"");
      }
      return v;
    }

    private RowFormatException error(String what) {
      String t = text();
      return new RowFormatException(file + ":" + line + ": " + what + " in \""
          + (t.length() > 200 ? t.substring(0, 200) + "..." : t) + "\"");
    }

    @Override
    public Mark mark() {
      return new Mark(next, line + 1, row);
    }

    @Override
    public void close() {
      try {
        ch.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
      }
    }
  }
}
