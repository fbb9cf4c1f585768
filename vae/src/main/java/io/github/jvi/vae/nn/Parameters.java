package io.github.jvi.vae.nn;

import io.github.jvi.core.autodiff.Var;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The named parameter arrays of a model, in registration order (which fixes the order of
 * optimiser state and of checkpoint entries). The arrays are updated in place by an optimiser;
 * {@link #leaves()} wraps each once as a trainable {@link Var} leaf, so the same leaves serve
 * every training step.
 */
public final class Parameters {
  private final DataType dataType;
  private final List<String> names = new ArrayList<>();
  private final List<INDArray> values = new ArrayList<>();
  private final Map<String, Integer> index = new HashMap<>();
  private List<Var> leaves;

  private Parameters(DataType dataType) {
    this.dataType = dataType;
  }

  /** An empty set whose arrays will have this floating-point type. */
  public static Parameters of(DataType dataType) {
    if (!dataType.isFPType()) {
      throw new IllegalArgumentException("dataType must be a floating-point type, found " + dataType);
    }
    return new Parameters(dataType);
  }

  /**
   * Registers an array under a unique name and returns its index.
   *
   * @throws IllegalArgumentException for a duplicate name or a value of another data type
   */
  public int add(String name, INDArray value) {
    if (index.containsKey(name)) {
      throw new IllegalArgumentException("duplicate parameter name '" + name + "'");
    }
    if (value.dataType() != dataType) {
      throw new IllegalArgumentException("parameter '" + name + "' must be " + dataType + ", found " + value.dataType());
    }
    index.put(name, values.size());
    names.add(name);
    values.add(value);
    leaves = null;
    return values.size() - 1;
  }

  /** The type of every array. */
  public DataType dataType() {
    return dataType;
  }

  /** Number of arrays. */
  public int size() {
    return values.size();
  }

  /** Total number of scalar parameters. */
  public long count() {
    long n = 0;
    for (INDArray v : values) {
      n += v.length();
    }
    return n;
  }

  /** The name of array {@code i}. */
  public String name(int i) {
    return names.get(i);
  }

  /** Array {@code i} (live: updated in place by training). */
  public INDArray value(int i) {
    return values.get(i);
  }

  /** The index of a name, or -1. */
  public int indexOf(String name) {
    return index.getOrDefault(name, -1);
  }

  /** The arrays in order (live). */
  public List<INDArray> values() {
    return Collections.unmodifiableList(values);
  }

  /** The names in order. */
  public List<String> names() {
    return Collections.unmodifiableList(names);
  }

  /** The arrays as trainable leaves; the same objects on every call until a parameter is added. */
  public Params leaves() {
    return Params.of(leafList());
  }

  /** The trainable leaves in order. */
  public List<Var> leafList() {
    if (leaves == null) {
      List<Var> l = new ArrayList<>(values.size());
      for (INDArray v : values) {
        l.add(Var.param(v));
      }
      leaves = Collections.unmodifiableList(l);
    }
    return leaves;
  }

  /** The arrays as constants: evaluation records no graph. */
  public Params constants() {
    Var[] c = new Var[values.size()];
    for (int i = 0; i < c.length; i++) {
      c[i] = Var.constant(values.get(i));
    }
    return Params.of(c);
  }

  /**
   * Copies values into these arrays by name (for loading checkpoints).
   *
   * @throws IllegalArgumentException naming the parameter if one is missing or has another shape
   */
  public void assign(Map<String, INDArray> loaded) {
    for (int i = 0; i < values.size(); i++) {
      INDArray v = loaded.get(names.get(i));
      if (v == null) {
        throw new IllegalArgumentException("parameter '" + names.get(i) + "' is missing");
      }
      if (!Arrays.equals(v.shape(), values.get(i).shape())) {
        throw new IllegalArgumentException("parameter '" + names.get(i) + "' has shape "
            + Arrays.toString(v.shape()) + ", expected " + Arrays.toString(values.get(i).shape()));
      }
      values.get(i).assign(v.castTo(dataType));
    }
    if (loaded.size() != values.size()) {
      throw new IllegalArgumentException("expected " + values.size() + " parameters, found " + loaded.size());
    }
  }
}
