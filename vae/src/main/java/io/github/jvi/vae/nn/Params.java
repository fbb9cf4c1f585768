package io.github.jvi.vae.nn;

import io.github.jvi.core.autodiff.Var;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The parameters of a network as graph values, by the index under which
 * {@link Parameters#add} registered them: trainable leaves, constants, or any {@code Var}s given
 * (for example the float64 leaves of {@link io.github.jvi.core.autodiff.GradCheck}).
 */
public final class Params {
  private final Var[] vars;

  private Params(Var[] vars) {
    this.vars = vars;
  }

  /** A view of these values (not copied). */
  public static Params of(Var... vars) {
    if (vars.length == 0) {
      throw new IllegalArgumentException("vars must not be empty");
    }
    return new Params(vars);
  }

  /** A view of these values. */
  public static Params of(List<Var> vars) {
    return of(vars.toArray(new Var[0]));
  }

  /** Parameter {@code i}. */
  public Var get(int i) {
    return vars[i];
  }

  /** Number of parameters. */
  public int size() {
    return vars.length;
  }

  /** The floating-point type of the parameters (of the first one). */
  public DataType dataType() {
    return vars[0].dataType();
  }

  /**
   * The same values cut from the graph (a stop-gradient on each): evaluating a network with them
   * gives its output's value without a gradient to its weights (the input may still carry one).
   */
  public Params detached() {
    Var[] d = new Var[vars.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = vars[i].detach();
    }
    return new Params(d);
  }

  /** All parameters, in order. */
  public List<Var> asList() {
    return Arrays.asList(vars.clone());
  }
}
