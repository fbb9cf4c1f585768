package io.github.jvi.core.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed distribution specification written like the factories:
 * {@code Normal(mu=0,sigma=1)}, {@code Categorical(probs=[0.2,0.8])},
 * {@code MultivariateNormal(mean=[0,1],cov=[[1,0],[0,2]])}. Values are numbers, lists of numbers,
 * or lists of lists. Syntax errors throw {@link IllegalArgumentException} with the text and a caret
 * under the position where parsing failed.
 *
 * @param name the family name as written
 * @param args the named arguments in order: Double, double[] or double[][]
 */
public record Spec(String name, Map<String, Object> args) {
  /** Parses one specification. */
  public static Spec parse(String text) {
    return new Parser(text).spec();
  }

  /** A scalar argument. */
  public double number(String key) {
    Object v = require(key);
    if (!(v instanceof Double d)) {
      throw new IllegalArgumentException(name + ": " + key + " must be a number, found a list");
    }
    return d;
  }

  /** A vector argument (a scalar is read as a vector of length 1). */
  public double[] vector(String key) {
    Object v = require(key);
    if (v instanceof Double d) {
      return new double[] {d};
    }
    if (!(v instanceof double[] a)) {
      throw new IllegalArgumentException(name + ": " + key + " must be a list of numbers, found a matrix");
    }
    return a;
  }

  /** A matrix argument. */
  public double[][] matrix(String key) {
    Object v = require(key);
    if (!(v instanceof double[][] m)) {
      throw new IllegalArgumentException(name + ": " + key + " must be a matrix like [[1,0],[0,1]]");
    }
    return m;
  }

  /** Whether the argument is present. */
  public boolean has(String key) {
    return args.containsKey(key);
  }

  /** Throws unless the arguments are exactly one of the given key sets. */
  public void expectOneOf(String[]... keySets) {
    for (String[] keys : keySets) {
      if (args.size() == keys.length && java.util.Arrays.stream(keys).allMatch(args::containsKey)) {
        return;
      }
    }
    List<String> forms = new ArrayList<>();
    for (String[] keys : keySets) {
      forms.add(name + "(" + String.join("=..,", keys) + "=..)");
    }
    throw new IllegalArgumentException(name + ": unexpected arguments " + args.keySet() + "; expected "
        + String.join(" or ", forms));
  }

  private Object require(String key) {
    Object v = args.get(key);
    if (v == null) {
      throw new IllegalArgumentException(name + ": missing argument '" + key + "'");
    }
    return v;
  }

  private static final class Parser {
    private final String s;
    private int i;

    Parser(String s) {
      if (s == null) {
        throw new IllegalArgumentException("specification must not be null");
      }
      this.s = s;
    }

    Spec spec() {
      ws();
      int start = i;
      while (i < s.length() && Character.isLetterOrDigit(s.charAt(i))) {
        i++;
      }
      if (i == start) {
        throw error("expected a distribution name such as Normal");
      }
      String name = s.substring(start, i);
      ws();
      expect('(');
      Map<String, Object> args = new LinkedHashMap<>();
      ws();
      if (peek() != ')') {
        do {
          ws();
          int ks = i;
          while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
            i++;
          }
          if (i == ks) {
            throw error("expected an argument name");
          }
          String key = s.substring(ks, i);
          ws();
          expect('=');
          ws();
          if (args.put(key, value()) != null) {
            throw error("argument '" + key + "' given twice");
          }
          ws();
        } while (accept(','));
      }
      expect(')');
      ws();
      if (i != s.length()) {
        throw error("unexpected text after the closing parenthesis");
      }
      return new Spec(name, args);
    }

    private Object value() {
      if (peek() != '[') {
        return number();
      }
      expect('[');
      ws();
      if (peek() == '[') {
        List<double[]> rows = new ArrayList<>();
        do {
          ws();
          rows.add(list());
          ws();
        } while (accept(','));
        expect(']');
        return rows.toArray(new double[0][]);
      }
      i--; // re-read the '['
      return list();
    }

    private double[] list() {
      expect('[');
      List<Double> xs = new ArrayList<>();
      do {
        ws();
        xs.add(number());
        ws();
      } while (accept(','));
      expect(']');
      return xs.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private double number() {
      int start = i;
      while (i < s.length() && "+-.0123456789eEinfINFaNy".indexOf(s.charAt(i)) >= 0) {
        i++;
      }
      String tok = s.substring(start, i);
      try {
        return switch (tok) {
          case "inf", "Infinity", "+inf" -> Double.POSITIVE_INFINITY;
          case "-inf", "-Infinity" -> Double.NEGATIVE_INFINITY;
          case "nan", "NaN" -> Double.NaN;
          default -> Double.parseDouble(tok);
        };
      } catch (NumberFormatException e) {
        i = start;
        throw error("expected a number");
      }
    }

    private void ws() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    private char peek() {
      return i < s.length() ? s.charAt(i) : '\0';
    }

    private boolean accept(char c) {
      if (peek() == c) {
        i++;
        return true;
      }
      return false;
    }

    private void expect(char c) {
      if (!accept(c)) {
        throw error("expected '" + c + "'");
      }
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException("cannot parse distribution: " + what + " at position " + (i + 1)
          + "\n  " + s + "\n  " + " ".repeat(i) + "^");
    }
  }
}
