package io.github.jvi.vi.cavi;

import java.util.Locale;

/**
 * How a CAVI fit stopped: the criterion that ended it and the changes of its last sweep.
 *
 * <p>The two tests, each switched off by a tolerance of 0 ({@link CaviOptions}), are checked after
 * every sweep t &gt;= 2, and the fit stops at the first sweep that passes either:
 * <ul>
 *   <li>the ELBO test, {@code |L_t - L_(t-1)| <= tol |L_t|}: the relative ELBO change;</li>
 *   <li>the parameter test, {@code max_i |theta_i^t - theta_i^(t-1)| / max(1, |theta_i^t|) <= paramTol}
 *       over every parameter of the global variational factors (means, precisions, shapes, rates,
 *       Wishart scales, degrees of freedom, Dirichlet concentrations, as the model holds them):
 *       the change per sweep, relative for entries above 1 in magnitude and absolute below.</li>
 * </ul>
 * Near an optimum the ELBO changes only quadratically in the parameters' error, so the ELBO test
 * can stop a slowly converging fit with its parameters still moving; the parameter test bounds
 * their movement per sweep, and for a linearly converging fit with rate rho the distance to the
 * fixed point is about {@code change / (1 - rho)}. When both pass at the same sweep the parameter
 * test is reported.
 *
 * @param stoppedBy the criterion that ended the fit
 * @param elboChange the relative ELBO change of the last sweep, |L_t - L_(t-1)| / |L_t| (NaN after one sweep)
 * @param parameterChange the parameter change of the last sweep as defined above (NaN after one sweep)
 */
public record Convergence(Criterion stoppedBy, double elboChange, double parameterChange) {
  /** What ended a fit. */
  public enum Criterion {
    /** The relative ELBO change fell to the ELBO tolerance. */
    ELBO_TOLERANCE,
    /** The parameter change fell to the parameter tolerance. */
    PARAMETER_TOLERANCE,
    /** The iteration limit was reached with neither test passed. */
    ITERATION_LIMIT;

    /** The name used on the command line and in JSON: elbo-tolerance, parameter-tolerance, iteration-limit. */
    public String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** Whether a tolerance (not the iteration limit) ended the fit. */
  public boolean converged() {
    return stoppedBy != Criterion.ITERATION_LIMIT;
  }

  /**
   * The per-sweep bookkeeping of the two tests, shared by every CAVI loop and by EM (whose
   * log-likelihood after the E-step is its free energy, the ELBO of Neal &amp; Hinton 1998).
   */
  public static final class Rule {
    private final double tol;
    private final double paramTol;
    private double[] previous;
    private double previousElbo = Double.NaN;
    private double elboChange = Double.NaN;
    private double parameterChange = Double.NaN;

    Rule(CaviOptions options) {
      this(options.tol(), options.paramTol());
    }

    /**
     * The tests with these tolerances (each finite and &gt;= 0; 0 switches the test off).
     *
     * @param tol relative objective change at which to stop
     * @param paramTol largest parameter change per iteration at which to stop
     */
    public Rule(double tol, double paramTol) {
      this.tol = io.github.jvi.core.util.Check.nonNegative("tol", tol);
      this.paramTol = io.github.jvi.core.util.Check.nonNegative("paramTol", paramTol);
    }

    /** Records an iteration's objective and parameters; the criterion it meets, or null to go on. */
    public Criterion after(double elbo, double[] parameters) {
      Criterion met = null;
      if (previous != null) {
        double prev = previousElbo;
        elboChange = Math.abs(elbo - prev) / Math.abs(elbo);
        parameterChange = change(previous, parameters);
        if (paramTol > 0 && parameterChange <= paramTol) {
          met = Criterion.PARAMETER_TOLERANCE;
        } else if (tol > 0 && Math.abs(elbo - prev) <= tol * Math.abs(elbo)) {
          met = Criterion.ELBO_TOLERANCE;
        }
      }
      previous = parameters.clone();
      previousElbo = elbo;
      return met;
    }

    /** The result after the loop ended, with {@code met} from the last {@link #after} (null: the limit). */
    public Convergence result(Criterion met) {
      return new Convergence(met == null ? Criterion.ITERATION_LIMIT : met, elboChange, parameterChange);
    }

    /** max_i |b_i - a_i| / max(1, |b_i|). */
    static double change(double[] a, double[] b) {
      double worst = 0;
      for (int i = 0; i < a.length; i++) {
        double c = Math.abs(b[i] - a[i]) / Math.max(1, Math.abs(b[i]));
        if (!(c <= worst)) { // NaN propagates
          worst = c;
        }
      }
      return worst;
    }
  }

  /** The entries of double[], double[][] and double[][][] arguments, in order, as one vector. */
  static double[] flatten(Object... parts) {
    java.util.stream.DoubleStream.Builder b = java.util.stream.DoubleStream.builder();
    for (Object p : parts) {
      add(b, p);
    }
    return b.build().toArray();
  }

  private static void add(java.util.stream.DoubleStream.Builder b, Object p) {
    if (p instanceof double[] v) {
      for (double x : v) {
        b.add(x);
      }
    } else if (p instanceof Object[] rows) {
      for (Object r : rows) {
        add(b, r);
      }
    } else {
      throw new IllegalArgumentException("not a double array: " + p);
    }
  }
}
