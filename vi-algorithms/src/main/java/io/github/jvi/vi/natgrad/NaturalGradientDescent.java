package io.github.jvi.vi.natgrad;

import io.github.jvi.core.util.Check;
import java.util.Locale;
import java.util.Objects;

/**
 * Gradient descent against natural-gradient descent (Amari 1998) on the average Gamma negative
 * log-likelihood l(alpha, beta) ({@link GammaNll}), beta the scale:
 *
 * <pre>
 * GD:  theta &lt;- theta - lr grad l(theta)
 * NGD: theta &lt;- theta - lr F(theta)^-1 grad l(theta),  F the Fisher information of one
 *      observation in (alpha, beta) ({@link GammaShapeScale#fisherInverse()})
 * </pre>
 * With lr = 1 NGD is Fisher scoring: F is the expected Hessian of l, so near the optimum it takes
 * Newton-like steps whatever the scaling of alpha and beta, while GD's progress is set by the
 * condition number of the Hessian. Both use the same safeguarded step: starting from lr, the step
 * (same direction) is halved until the new point is inside alpha, beta &gt; 0 and the NLL falls by
 * at least 1e-4 times the step times the directional derivative (Armijo), or, once that decrease
 * is below the rounding error of the NLL, does not rise. Both directions are descent directions
 * (F^-1 is positive definite), so both methods decrease the NLL at every step and, the NLL being
 * convex in the natural parameters, converge to the MLE; Fisher scoring with lr = 1 alone is not
 * globally convergent (from alpha far from the MLE it can wander for hundreds of iterations).
 * The halvings are counted in the result.
 */
public final class NaturalGradientDescent {
  /** Which preconditioner: none (GD) or the inverse Fisher information (NGD). */
  public enum Method {
    /** Plain gradient descent. */
    GD,
    /** Natural-gradient descent. */
    NGD;

    /** Parses "gd" or "ngd" (any case). */
    public static Method parse(String s) {
      return switch (s.toLowerCase(Locale.ROOT)) {
        case "gd" -> GD;
        case "ngd" -> NGD;
        default -> throw new IllegalArgumentException("method must be gd or ngd, found '" + s + "'");
      };
    }
  }

  /**
   * One run: the iterates (index 0 is the start, so T + 1 entries), the NLL and the gradient norm
   * at each, and how many step halvings the positivity constraint needed.
   */
  public record Trajectory(Method method, double[] alpha, double[] beta, double[] nll,
      double[] gradientNorm, int halvings) {
    /** The last alpha. */
    public double finalAlpha() {
      return alpha[alpha.length - 1];
    }

    /** The last beta. */
    public double finalBeta() {
      return beta[beta.length - 1];
    }

    /** The last NLL. */
    public double finalNll() {
      return nll[nll.length - 1];
    }
  }

  private final Method method;
  private final double lr;

  private NaturalGradientDescent(Method method, double lr) {
    this.method = method;
    this.lr = lr;
  }

  /** A method with learning rate lr &gt; 0. */
  public static NaturalGradientDescent of(Method method, double lr) {
    return new NaturalGradientDescent(Objects.requireNonNull(method, "method"), Check.positive("lr", lr));
  }

  /** The method. */
  public Method method() {
    return method;
  }

  /** The direction -P grad l at (alpha, beta): P = I for GD, F^-1 for NGD. */
  public double[] direction(GammaNll nll, double alpha, double beta) {
    double[] g = nll.gradient(alpha, beta);
    if (method == Method.GD) {
      return new double[] {-g[0], -g[1]};
    }
    double[][] finv = GammaShapeScale.fisherInverse(alpha, beta);
    return new double[] {-(finv[0][0] * g[0] + finv[0][1] * g[1]), -(finv[1][0] * g[0] + finv[1][1] * g[1])};
  }

  /** T iterations from (alpha0, beta0). */
  public Trajectory run(GammaNll nll, double alpha0, double beta0, int iterations) {
    Objects.requireNonNull(nll, "nll");
    Check.positive("alpha0", alpha0);
    Check.positive("beta0", beta0);
    Check.atLeast("iterations", iterations, 0);
    double[] a = new double[iterations + 1];
    double[] b = new double[iterations + 1];
    double[] l = new double[iterations + 1];
    double[] gn = new double[iterations + 1];
    a[0] = alpha0;
    b[0] = beta0;
    int halvings = 0;
    for (int t = 0; ; t++) {
      l[t] = nll.value(a[t], b[t]);
      double[] g = nll.gradient(a[t], b[t]);
      gn[t] = Math.hypot(g[0], g[1]);
      if (t == iterations) {
        break;
      }
      double[] d = direction(nll, a[t], b[t]);
      double slope = g[0] * d[0] + g[1] * d[1]; // < 0 for a descent direction
      double step = lr;
      double na;
      double nb;
      while (true) {
        na = a[t] + step * d[0];
        nb = b[t] + step * d[1];
        if (na > 0 && nb > 0) {
          double nf = nll.value(na, nb);
          double floor = 1e-14 * (1 + Math.abs(l[t]));
          if (nf <= l[t] + 1e-4 * step * slope || (-step * slope < floor && nf <= l[t] + floor)) {
            break;
          }
        }
        step /= 2;
        halvings++;
        if (step < 1e-300) {
          throw new IllegalStateException("no acceptable step from (alpha, beta) = (" + a[t] + ", " + b[t] + ")");
        }
      }
      a[t + 1] = na;
      b[t + 1] = nb;
    }
    return new Trajectory(method, a, b, l, gn, halvings);
  }
}
