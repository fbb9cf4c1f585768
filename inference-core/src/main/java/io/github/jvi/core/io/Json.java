package io.github.jvi.core.io;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A minimal JSON writer for {@code --json} output: maps (keys in insertion order), collections,
 * double/int/long arrays, 2-D double arrays, numbers, booleans, strings and null. Non-finite
 * numbers are written as null (JSON has no NaN).
 */
public final class Json {
  private Json() {}

  /** An insertion-ordered map builder: {@code Json.object().put("a", 1).put("b", arr)}. */
  public static Obj object() {
    return new Obj();
  }

  /** An ordered JSON object under construction. */
  public static final class Obj {
    private final Map<String, Object> map = new LinkedHashMap<>();

    private Obj() {}

    /** Adds a member. */
    public Obj put(String key, Object value) {
      map.put(key, value);
      return this;
    }

    /** The members. */
    public Map<String, Object> asMap() {
      return map;
    }

    @Override
    public String toString() {
      return write(map);
    }
  }

  /** Serialises a value. */
  public static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    append(sb, value);
    return sb.toString();
  }

  private static void append(StringBuilder sb, Object v) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof Obj o) {
      append(sb, o.map);
    } else if (v instanceof Map<?, ?> m) {
      sb.append('{');
      Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        string(sb, String.valueOf(e.getKey()));
        sb.append(':');
        append(sb, e.getValue());
        if (it.hasNext()) {
          sb.append(',');
        }
      }
      sb.append('}');
    } else if (v instanceof Collection<?> c) {
      sb.append('[');
      Iterator<?> it = c.iterator();
      while (it.hasNext()) {
        append(sb, it.next());
        if (it.hasNext()) {
          sb.append(',');
        }
      }
      sb.append(']');
    } else if (v instanceof double[] a) {
      sb.append('[');
      for (int i = 0; i < a.length; i++) {
        if (i > 0) {
          sb.append(',');
        }
        number(sb, a[i]);
      }
      sb.append(']');
    } else if (v instanceof int[] a) {
      sb.append(java.util.Arrays.toString(a).replace(" ", ""));
    } else if (v instanceof long[] a) {
      sb.append(java.util.Arrays.toString(a).replace(" ", ""));
    } else if (v instanceof Object[] a) {
      append(sb, java.util.Arrays.asList(a));
    } else if (v instanceof double[][] a) {
      append(sb, java.util.Arrays.asList(a));
    } else if (v instanceof Double || v instanceof Float) {
      number(sb, ((Number) v).doubleValue());
    } else if (v instanceof Number || v instanceof Boolean) {
      sb.append(v);
    } else {
      string(sb, v.toString());
    }
  }

  private static void number(StringBuilder sb, double d) {
    if (Double.isFinite(d)) {
      sb.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d));
    } else {
      sb.append("null");
    }
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
