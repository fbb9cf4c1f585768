package io.github.jvi.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class JsonDataTest {
  @TempDir
  Path dir;

  private static void assertMessage(Executable call, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "expected '" + p + "' in: " + e.getMessage());
    }
  }

  private static JsonData parse(String text) {
    return JsonData.parse("data.json", text);
  }

  @Test
  void readsPosteriordbData() throws Exception {
    Path f = dir.resolve("d.json");
    Files.writeString(f, "{\n  \"N\": 3,\n  \"y\": [1, 2.5, -3e-2],\n  \"X\": [[1, 0], [0, 1], [1E1, -1]],\n"
        + "  \"s\": 4.5, \"one\": 7, \"esc\\\"aped\\u0041\": [ ], \"flag\": true, \"nothing\": null\n}\n");
    JsonData d = JsonData.read(f);
    assertEquals(3, d.count("N"));
    assertArrayEquals(new double[] {1, 2.5, -0.03}, d.vector("y", 3));
    assertArrayEquals(new double[][] {{1, 0}, {0, 1}, {10, -1}}, d.matrix("X", 3, 2));
    assertEquals(4.5, d.number("s"));
    assertArrayEquals(new double[] {7}, d.vector("one", 1)); // Stan writes a one-element array as a number
    assertArrayEquals(new double[0], d.vector("esc\"apedA"));
    assertTrue(d.has("flag") && d.has("nothing"));
    assertFalse(d.has("missing"));
  }

  @Test
  void parseErrorsNameTheLineAndColumn() {
    assertMessage(() -> parse("{\n  \"N\": 3,\n  \"y\": [1, 2,, 3]\n}"), "data.json: line 3, column 14",
        "unexpected character ','");
    assertMessage(() -> parse("{\"N\": 3"), "line 1, column 8", "unexpected end of file");
    assertMessage(() -> parse("{\"N\": 3 \"y\": 1}"), "line 1, column 9: expected ',' or '}'");
    assertMessage(() -> parse("{\"N\": [1, 2}"), "line 1, column 12 (field 'N'): expected ',' or ']'");
    assertMessage(() -> parse("{N: 3}"), "line 1, column 2", "expected a field name in quotes");
    assertMessage(() -> parse("{\"N\": 3} x"), "line 1, column 10", "unexpected text after the data object");
    assertMessage(() -> parse("{\"N\": 1.2.3}"), "line 1, column 7", "malformed number '1.2.3'");
    assertMessage(() -> parse("{\"N\": \"abc}"), "unterminated string");
    assertMessage(() -> parse("{\"N\": 1, \"N\": 2}"), "field 'N' appears twice");
    assertMessage(() -> parse("[1, 2]"), "data.json: the data must be a JSON object");
    assertMessage(() -> parse(""), "unexpected end of file");
  }

  @Test
  void nanAndInfinityAreRejected() {
    // JSON has no NaN or Infinity literal (Python's json writes them by default): parse errors with their
    // position and the field they are in
    assertMessage(() -> parse("{\"y\": [1, NaN]}"), "line 1, column 11 (field 'y'): NaN is not a JSON number");
    assertMessage(() -> parse("{\"N\": 2,\n \"y\": [Infinity]}"), "line 2, column 8 (field 'y'): Infinity is not");
    assertMessage(() -> parse("{\"y\": [-Infinity]}"), "(field 'y'): -Infinity is not a JSON number");
    assertMessage(() -> parse("{\"X\": [[1, 2], [3, NaN]]}"), "(field 'X'): NaN is not");
    // what writers put instead (strings, null) and overflowing numbers are rejected naming the field
    JsonData d = parse("{\"a\": [1, \"NaN\"], \"b\": [null, 2], \"c\": [1e999], \"n\": \"3\", \"m\": [[1, \"Inf\"]],"
        + " \"t\": true, \"o\": {\"x\": 1}, \"big\": -1e400}");
    assertMessage(() -> d.vector("a"), "data.json: a[2] must be a number, found the string \"NaN\"");
    assertMessage(() -> d.vector("b"), "b[1] must be a number, found null");
    assertMessage(() -> d.vector("c"), "c[1] must be finite, found Infinity");
    assertMessage(() -> d.number("n"), "field 'n' must be a number, found the string \"3\"");
    assertMessage(() -> d.matrix("m", 1, 2), "m[1,2] must be a number, found the string \"Inf\"");
    assertMessage(() -> d.vector("t"), "field 't' must be an array of numbers, found true");
    assertMessage(() -> d.vector("o"), "field 'o' must be an array of numbers, found an object");
    assertMessage(() -> d.number("big"), "big must be finite, found -Infinity");
  }

  @Test
  void missingFieldsWrongLengthsAndNegativeValuesNameTheField() {
    JsonData d = parse("{\"N\": 3, \"y\": [1, 2, 3], \"earn\": [10, 0, 20], \"neg\": [1, -2, 3], \"half\": 2.5,"
        + " \"minus\": -1, \"X\": [[1, 2], [3, 4]], \"ragged\": [[1, 2], [3]], \"flat\": [1, 2]}");
    assertMessage(() -> d.vector("x"), "data.json: missing field 'x'", "[N, y, earn, neg, half, minus, X, ragged, flat]");
    assertMessage(() -> d.vector("y", 4), "field 'y' must have 4 values, found 3");
    assertMessage(() -> d.positiveVector("earn", 3), "earn[2] must be > 0, found 0.0");
    assertMessage(() -> d.positiveVector("neg", 3), "neg[2] must be > 0, found -2.0");
    assertMessage(() -> d.positiveVector("y", 2), "field 'y' must have 2 values, found 3");
    assertArrayEquals(new double[] {1, 2, 3}, d.positiveVector("y", 3));
    assertMessage(() -> d.count("half"), "field 'half' must be a non-negative integer, found 2.5");
    assertMessage(() -> d.count("minus"), "field 'minus' must be a non-negative integer, found -1.0");
    assertMessage(() -> d.count("y"), "field 'y' must be a number, found an array of 3");
    assertMessage(() -> d.matrix("X", 3, 2), "field 'X' must be an array of 3 rows, found 2 rows");
    assertMessage(() -> d.matrix("X", 2, 3), "X[1] must be an array of 3 numbers, found 2 values");
    assertMessage(() -> d.matrix("ragged", 2, 2), "ragged[2] must be an array of 2 numbers, found 1 values");
    assertMessage(() -> d.matrix("flat", 2, 1), "flat[1] must be an array of 1 numbers, found 1.0");
    assertMessage(() -> d.matrix("N", 1, 1), "field 'N' must be an array of 1 rows, found 3.0");
  }

  @Test
  void unreadableFilesAreReported() {
    Path missing = dir.resolve("nope.json");
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> JsonData.read(missing));
    assertTrue(e.getMessage().contains("cannot read " + missing), e.getMessage());
  }
}
