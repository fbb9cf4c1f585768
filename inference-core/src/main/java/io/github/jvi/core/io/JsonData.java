package io.github.jvi.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A data file in the JSON form Stan and posteriordb use: one object whose fields are numbers,
 * arrays of numbers, or arrays of equal-length arrays of numbers
 * ({@code {"N": 3, "y": [1, 2.5, 3], "X": [[1, 0], [0, 1], [1, 1]]}}).
 *
 * <p>Accessors check what a model needs and name the field in every error: a missing field, a
 * wrong length, a non-finite value, a negative value where a positive one is needed. Parse errors
 * name the line and column. Strings, booleans and null are not data and are rejected where read.
 */
public final class JsonData {
  private final String source;
  private final Map<String, Object> fields;

  private JsonData(String source, Map<String, Object> fields) {
    this.source = source;
    this.fields = fields;
  }

  /** Reads and parses a file. */
  public static JsonData read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new UncheckedIOException("cannot read " + file + ": no such file", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return parse(file.toString(), text);
  }

  /** Parses JSON text; {@code source} names it in errors. */
  public static JsonData parse(String source, String text) {
    Parser p = new Parser(source, text);
    p.skip();
    Object root = p.value();
    p.skip();
    if (p.pos < text.length()) {
      throw p.error("unexpected text after the data object");
    }
    if (!(root instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(source + ": the data must be a JSON object of named fields");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = (Map<String, Object>) m;
    return new JsonData(source, fields);
  }

  /** Whether the field exists. */
  public boolean has(String name) {
    return fields.containsKey(name);
  }

  private Object field(String name) {
    if (!fields.containsKey(name)) {
      throw new IllegalArgumentException(source + ": missing field '" + name + "' (the file has " + fields.keySet() + ")");
    }
    return fields.get(name);
  }

  /** A finite number. */
  public double number(String name) {
    Object v = field(name);
    if (!(v instanceof Double d)) {
      throw new IllegalArgumentException(source + ": field '" + name + "' must be a number, found " + describe(v));
    }
    return finite(name, d);
  }

  /** A non-negative integer. */
  public int count(String name) {
    double v = number(name);
    if (v < 0 || v != Math.rint(v) || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(source + ": field '" + name + "' must be a non-negative integer, found " + v);
    }
    return (int) v;
  }

  /** An array of finite numbers. */
  public double[] vector(String name) {
    Object v = field(name);
    if (v instanceof Double d) {
      return new double[] {finite(name, d)}; // Stan writes a one-element array as a number
    }
    if (!(v instanceof List<?> list)) {
      throw new IllegalArgumentException(source + ": field '" + name + "' must be an array of numbers, found " + describe(v));
    }
    double[] out = new double[list.size()];
    for (int i = 0; i < out.length; i++) {
      Object e = list.get(i);
      if (!(e instanceof Double d)) {
        throw new IllegalArgumentException(source + ": " + name + "[" + (i + 1) + "] must be a number, found " + describe(e));
      }
      out[i] = finite(name + "[" + (i + 1) + "]", d);
    }
    return out;
  }

  /** An array of exactly n finite numbers. */
  public double[] vector(String name, int n) {
    double[] v = vector(name);
    if (v.length != n) {
      throw new IllegalArgumentException(source + ": field '" + name + "' must have " + n + " values, found " + v.length);
    }
    return v;
  }

  /** An array of exactly n positive finite numbers. */
  public double[] positiveVector(String name, int n) {
    double[] v = vector(name, n);
    for (int i = 0; i < n; i++) {
      if (!(v[i] > 0)) {
        throw new IllegalArgumentException(source + ": " + name + "[" + (i + 1) + "] must be > 0, found " + v[i]);
      }
    }
    return v;
  }

  /** An array of n rows of d finite numbers each. */
  public double[][] matrix(String name, int n, int d) {
    Object v = field(name);
    if (!(v instanceof List<?> rows) || rows.size() != n) {
      throw new IllegalArgumentException(source + ": field '" + name + "' must be an array of " + n + " rows, found "
          + (v instanceof List<?> l ? l.size() + " rows" : describe(v)));
    }
    double[][] out = new double[n][];
    for (int i = 0; i < n; i++) {
      Object r = rows.get(i);
      if (!(r instanceof List<?> row) || row.size() != d) {
        throw new IllegalArgumentException(source + ": " + name + "[" + (i + 1) + "] must be an array of " + d
            + " numbers, found " + (r instanceof List<?> l ? l.size() + " values" : describe(r)));
      }
      out[i] = new double[d];
      for (int j = 0; j < d; j++) {
        Object e = row.get(j);
        if (!(e instanceof Double x)) {
          throw new IllegalArgumentException(source + ": " + name + "[" + (i + 1) + "," + (j + 1) + "] must be a number, found "
              + describe(e));
        }
        out[i][j] = finite(name + "[" + (i + 1) + "," + (j + 1) + "]", x);
      }
    }
    return out;
  }

  private double finite(String name, double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(source + ": " + name + " must be finite, found " + v);
    }
    return v;
  }

  private static String describe(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof List<?> l) {
      return "an array of " + l.size();
    }
    if (v instanceof Map<?, ?>) {
      return "an object";
    }
    if (v instanceof String s) {
      return "the string \"" + s + "\"";
    }
    return v.toString();
  }

  /** A recursive-descent JSON parser producing Map, List, Double, String, Boolean and null. */
  private static final class Parser {
    private final String source;
    private final String s;
    int pos;
    private int depth;
    private String field; // the top-level field whose value is being parsed, or null

    Parser(String source, String s) {
      this.source = source;
      this.s = s;
    }

    IllegalArgumentException error(String what) {
      int line = 1;
      int col = 1;
      for (int i = 0; i < Math.min(pos, s.length()); i++) {
        if (s.charAt(i) == '\n') {
          line++;
          col = 1;
        } else {
          col++;
        }
      }
      return new IllegalArgumentException(source + ": line " + line + ", column " + col
          + (field == null ? "" : " (field '" + field + "')") + ": " + what);
    }

    void skip() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    Object value() {
      if (pos >= s.length()) {
        throw error("unexpected end of file");
      }
      char c = s.charAt(pos);
      switch (c) {
        case '{':
          return object();
        case '[':
          return array();
        case '"':
          return string();
        default:
          if (s.startsWith("true", pos)) {
            pos += 4;
            return Boolean.TRUE;
          }
          if (s.startsWith("false", pos)) {
            pos += 5;
            return Boolean.FALSE;
          }
          if (s.startsWith("null", pos)) {
            pos += 4;
            return null;
          }
          return number();
      }
    }

    private Map<String, Object> object() {
      Map<String, Object> out = new LinkedHashMap<>();
      depth++;
      pos++;
      skip();
      if (peek() == '}') {
        pos++;
        depth--;
        return out;
      }
      while (true) {
        skip();
        if (peek() != '"') {
          throw error("expected a field name in quotes");
        }
        String key = string();
        skip();
        expect(':');
        skip();
        if (out.containsKey(key)) {
          throw error("field '" + key + "' appears twice");
        }
        if (depth == 1) {
          field = key;
        }
        out.put(key, value());
        if (depth == 1) {
          field = null;
        }
        skip();
        char c = peek();
        pos++;
        if (c == '}') {
          depth--;
          return out;
        }
        if (c != ',') {
          pos--;
          throw error("expected ',' or '}'");
        }
      }
    }

    private List<Object> array() {
      List<Object> out = new ArrayList<>();
      pos++;
      skip();
      if (peek() == ']') {
        pos++;
        return out;
      }
      while (true) {
        skip();
        out.add(value());
        skip();
        char c = peek();
        pos++;
        if (c == ']') {
          return out;
        }
        if (c != ',') {
          pos--;
          throw error("expected ',' or ']'");
        }
      }
    }

    private String string() {
      StringBuilder b = new StringBuilder();
      pos++;
      while (pos < s.length()) {
        char c = s.charAt(pos++);
        if (c == '"') {
          return b.toString();
        }
        if (c == '\\') {
          if (pos >= s.length()) {
            break;
          }
          char e = s.charAt(pos++);
          switch (e) {
            case 'n' -> b.append('\n');
            case 't' -> b.append('\t');
            case 'r' -> b.append('\r');
            case 'b' -> b.append('\b');
            case 'f' -> b.append('\f');
            case 'u' -> {
              if (pos + 4 > s.length()) {
                throw error("bad \\u escape");
              }
              b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
              pos += 4;
            }
            default -> b.append(e);
          }
        } else {
          b.append(c);
        }
      }
      throw error("unterminated string");
    }

    private Double number() {
      int start = pos;
      for (String literal : new String[] {"NaN", "Infinity", "-Infinity", "+Infinity"}) {
        if (s.startsWith(literal, start)) {
          throw error(literal + " is not a JSON number (the data must be finite numbers)");
        }
      }
      while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
        pos++;
      }
      String t = s.substring(start, pos);
      if (t.isEmpty()) {
        throw error("unexpected character '" + s.charAt(start) + "'");
      }
      try {
        return Double.parseDouble(t);
      } catch (NumberFormatException e) {
        pos = start;
        throw error("malformed number '" + t + "'");
      }
    }

    private char peek() {
      if (pos >= s.length()) {
        throw error("unexpected end of file");
      }
      return s.charAt(pos);
    }

    private void expect(char c) {
      if (peek() != c) {
        throw error("expected '" + c + "'");
      }
      pos++;
    }
  }
}
