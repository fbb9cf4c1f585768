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
 * condition number of the Hessian. Both keep alpha, beta &gt; 0 by halving a step (same direction)
 * until it stays inside the domain; the halvings are counted in the result.
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
      double step = lr;
      double na = a[t] + step * d[0];
      double nb = b[t] + step * d[1];
      while (!(na > 0 && nb > 0 && Double.isFinite(nll.value(na, nb)))) {
        step /= 2;
        halvings++;
        if (step < 1e-300) {
          throw new IllegalStateException("no positive step from (alpha, beta) = (" + a[t] + ", " + b[t] + ")");
        }
        na = a[t] + step * d[0];
        nb = b[t] + step * d[1];
      }
      a[t + 1] = na;
      b[t + 1] = nb;
    }
    return new Trajectory(method, a, b, l, gn, halvings);
  }
}
