package io.github.jvi.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain-text data files. Lines starting with {@code #} (after optional blanks) and blank lines
 * are ignored everywhere.
 *
 * <ul>
 *   <li>Vectors: one number per line.</li>
 *   <li>Tables: comma-separated numbers, an optional first line of column names, the same number
 *       of columns on every line.</li>
 * </ul>
 * Malformed content throws {@link DataFormatException} naming the file and the line number; NaN
 * and infinities are rejected, because no algorithm here accepts them as data.
 */
public final class DataFiles {
  /** A numeric table with optional column names. */
  public record Table(List<String> columns, double[][] rows) {
    /** Number of rows. */
    public int size() {
      return rows.length;
    }

    /** Number of columns. */
    public int width() {
      return rows.length == 0 ? columns.size() : rows[0].length;
    }

    /** One column as a vector. */
    public double[] column(int j) {
      double[] c = new double[rows.length];
      for (int i = 0; i < rows.length; i++) {
        c[i] = rows[i][j];
      }
      return c;
    }
  }

  /** A malformed data file: the message names the file and line. */
  public static final class DataFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    DataFormatException(String message) {
      super(message);
    }
  }

  private DataFiles() {}

  /** Reads a file of one number per line. */
  public static double[] readVector(Path file) {
    List<String> lines = lines(file);
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (skip(line)) {
        continue;
      }
      values.add(parse(file, i + 1, line, line));
    }
    if (values.isEmpty()) {
      throw new DataFormatException(file + ": no data (expected one number per line)");
    }
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Reads a CSV table (optional header of names). */
  public static Table readTable(Path file) {
    List<String> lines = lines(file);
    List<String> header = null;
    List<double[]> rows = new ArrayList<>();
    int width = -1;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (skip(line)) {
        continue;
      }
      String[] cells = line.split(",", -1);
      if (width < 0 && header == null && rows.isEmpty() && !numeric(cells[0].trim())) {
        header = new ArrayList<>();
        for (String c : cells) {
          header.add(c.trim());
        }
        width = cells.length;
        continue;
      }
      if (width >= 0 && cells.length != width) {
        throw new DataFormatException(file + ":" + (i + 1) + ": expected " + width + " columns, found "
            + cells.length + " in \"" + line + "\"");
      }
      width = cells.length;
      double[] row = new double[cells.length];
      for (int j = 0; j < cells.length; j++) {
        row[j] = parse(file, i + 1, cells[j].trim(), line);
      }
      rows.add(row);
    }
    if (rows.isEmpty()) {
      throw new DataFormatException(file + ": no data rows");
    }
    if (header == null) {
      header = new ArrayList<>();
      for (int j = 0; j < width; j++) {
        header.add("x" + j);
      }
    }
    return new Table(List.copyOf(header), rows.toArray(new double[0][]));
  }

  /** Writes one number per line, atomically. */
  public static void writeVector(Path file, double[] values, String comment) {
    StringBuilder sb = new StringBuilder();
    if (comment != null) {
      sb.append("# ").append(comment.replace("\n", "\n# ")).append('\n');
    }
    for (double v : values) {
      sb.append(format(v)).append('\n');
    }
    AtomicFiles.writeString(file, sb.toString());
  }

  /** Writes a CSV table with a header line, atomically. */
  public static void writeTable(Path file, List<String> columns, double[][] rows, String comment) {
    StringBuilder sb = new StringBuilder();
    if (comment != null) {
      sb.append("# ").append(comment.replace("\n", "\n# ")).append('\n');
    }
    sb.append(String.join(",", columns)).append('\n');
    for (double[] row : rows) {
      for (int j = 0; j < row.length; j++) {
        if (j > 0) {
          sb.append(',');
        }
        sb.append(format(row[j]));
      }
      sb.append('\n');
    }
    AtomicFiles.writeString(file, sb.toString());
  }

  private static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new DataFormatException("no such file: " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static boolean skip(String line) {
    return line.isEmpty() || line.startsWith("#");
  }

  private static boolean numeric(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static double parse(Path file, int lineNo, String cell, String line) {
    double v;
    try {
      v = Double.parseDouble(cell);
    } catch (NumberFormatException e) {
      throw new DataFormatException(file + ":" + lineNo + ": not a number: \"" + cell + "\""
          + (cell.equals(line) ? "" : " in \"" + line + "\""));
    }
    if (!Double.isFinite(v)) {
      throw new DataFormatException(file + ":" + lineNo + ": value must be finite, found \"" + cell + "\"");
    }
    return v;
  }
}
