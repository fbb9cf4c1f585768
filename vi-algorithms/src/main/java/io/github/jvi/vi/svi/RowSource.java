package io.github.jvi.vi.svi;

/**
 * Rows of numbers that can be read as a stream, several times, from the start or from a
 * {@link RowReader.Mark} an earlier reader gave (so that a pass can visit blocks of rows in a
 * shuffled order without holding them): a CSV file ({@link CsvRows}), a binary row file
 * ({@link BinaryRows}) or an in-memory array ({@link ArrayRows}).
 */
public interface RowSource {
  /** What the rows are, for messages (the file name). */
  String name();

  /** Numbers per row. */
  int width();

  /** A reader from the first row. */
  RowReader open();

  /** A reader from the row at {@code mark} (from {@link RowReader#mark()} of a reader of this source). */
  RowReader open(RowReader.Mark mark);
}
