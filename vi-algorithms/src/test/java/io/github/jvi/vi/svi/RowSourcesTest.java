package io.github.jvi.vi.svi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.gpu.Rng;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streamed row sources: deterministic (no randomness but a seeded scan). */
class RowSourcesTest {
  @TempDir
  Path dir;

  private static double[] readAll(RowSource s, int chunk) {
    java.util.List<Double> out = new java.util.ArrayList<>();
    double[] buf = new double[chunk * s.width()];
    try (RowReader r = s.open()) {
      int m;
      while ((m = r.read(buf, chunk)) > 0) {
        for (int i = 0; i < m * s.width(); i++) {
          out.add(buf[i]);
        }
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Test
  void csvWithHeaderCommentsAndBlanksReadsInAnyChunksAndFromMarks() throws IOException {
    Path f = dir.resolve("a.csv");
    Files.writeString(f, "# made by hand\nx,y\n1,2\n\n  3.5 , -4\r\n# mid\n5,6e-3\n7,8");
    CsvRows csv = CsvRows.of(f);
    assertEquals(2, csv.width());
    assertEquals(List.of("x", "y"), csv.columns());
    double[] expect = {1, 2, 3.5, -4, 5, 6e-3, 7, 8};
    assertArrayEquals(expect, readAll(csv, 1));
    assertArrayEquals(expect, readAll(csv, 3));
    // a mark taken after two rows continues from the third
    RowReader.Mark mark;
    try (RowReader r = csv.open()) {
      r.read(new double[4], 2);
      mark = r.mark();
    }
    assertEquals(2, mark.row());
    double[] rest = new double[4];
    try (RowReader r = csv.open(mark)) {
      assertEquals(2, r.read(rest, 5));
    }
    assertArrayEquals(new double[] {5, 6e-3, 7, 8}, rest);
  }

  @Test
  void aMalformedLineAtTheEndOfAMillionRowsNamesTheFileAndLine() throws IOException {
    Path f = dir.resolve("big.csv");
    int n = 1_000_000;
    try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.US_ASCII)) {
      w.write("x1,x2\n");
      for (int i = 0; i < n - 1; i++) {
        w.write(i % 1000 + ".25," + (i % 7) + "\n");
      }
      w.write("1.5,oops\n");
    }
    CsvRows csv = CsvRows.of(f);
    CsvRows.RowFormatException e = assertThrows(CsvRows.RowFormatException.class,
        () -> StreamScan.of(csv, 1 << 16, 100, Rng.of(1)));
    assertTrue(e.getMessage().startsWith(f + ":" + (n + 1) + ": not a number: \"oops\""), e.getMessage());
    // a short row is an error too, never skipped
    Path g = dir.resolve("short.csv");
    Files.writeString(g, "1,2\n3,4\n5\n");
    e = assertThrows(CsvRows.RowFormatException.class, () -> readAll(CsvRows.of(g), 10));
    assertTrue(e.getMessage().startsWith(g + ":3: expected 2 columns, found 1"), e.getMessage());
  }

  @Test
  void binaryRowsRoundTripAndRejectTruncation() throws IOException {
    Path f = dir.resolve("a.rows");
    double[] rows = {1, 2, 3, 4, 5, 6};
    try (OutputStream out = Files.newOutputStream(f)) {
      BinaryRows.Writer w = new BinaryRows.Writer(out, 2);
      w.rows(rows, 3);
      w.flush();
    }
    assertTrue(BinaryRows.isBinary(f));
    BinaryRows b = BinaryRows.of(f);
    assertEquals(3, b.rows());
    assertArrayEquals(rows, readAll(b, 2));
    double[] tail = new double[2];
    try (RowReader r = b.open(new RowReader.Mark(0, 3, 2))) {
      assertEquals(1, r.read(tail, 4));
    }
    assertArrayEquals(new double[] {5, 6}, tail);
    byte[] bytes = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length - 3));
    CsvRows.RowFormatException e = assertThrows(CsvRows.RowFormatException.class, () -> BinaryRows.of(f));
    assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains(f.toString()), e.getMessage());
  }

  @Test
  void theScanCountsHoldsOutAndTakesTheMoments() {
    double[][] x = new double[1000][];
    for (int i = 0; i < x.length; i++) {
      x[i] = new double[] {i, 2.0 * i + 1e9};
    }
    StreamScan s = StreamScan.of(ArrayRows.of(x), 64, 50, Rng.of(4));
    assertEquals(1000, s.size());
    assertEquals(50, s.heldOutSize());
    assertEquals(16, s.blocks().size());
    assertArrayEquals(new double[] {499.5, 999 + 1e9}, s.mean(), 1e-6);
    double var = (1000.0 * 1000 - 1) / 12; // variance of 0..999
    assertEquals(var, s.covariance()[0][0], 1e-9 * var);
    assertEquals(4 * var, s.covariance()[1][1], 1e-9 * var);
    long[] held = s.heldOutRows();
    double[] rows = s.heldOut();
    for (int i = 0; i < held.length; i++) {
      assertEquals(held[i], rows[2 * i]);
      assertTrue(i == 0 || held[i] > held[i - 1]);
    }
  }
}
