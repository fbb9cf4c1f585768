package io.github.jvi.core.optim;

import io.github.jvi.core.util.Check;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * AdaGrad (Duchi, Hazan &amp; Singer 2011), the step-size rule of Ranganath, Gerrish &amp; Blei (2014):
 * G &lt;- G + g^2, theta &lt;- theta - eta g / (sqrt(G) + eps), element-wise (the diagonal of the
 * outer-product sum in their Algorithm 1).
 */
public final class AdaGrad implements Optimizer {
  private final double eta;
  private final double eps;
  private final StateSlots sumSquares = new StateSlots(1);
  private long steps;

  private AdaGrad(double eta, double eps) {
    this.eta = eta;
    this.eps = eps;
  }

  /** AdaGrad with base step eta &gt; 0 and eps = 1e-8. */
  public static AdaGrad of(double eta) {
    return of(eta, 1e-8);
  }

  /** AdaGrad with base step eta &gt; 0 and stabiliser eps &gt; 0. */
  public static AdaGrad of(double eta, double eps) {
    return new AdaGrad(Check.positive("eta", eta), Check.positive("eps", eps));
  }

  @Override
  public void step(List<INDArray> params, List<INDArray> grads) {
    StateSlots.checkSizes(params, grads);
    for (int i = 0; i < params.size(); i++) {
      INDArray g = grads.get(i);
      INDArray gsum = sumSquares.get(i, 0, params.get(i));
      gsum.addi(g.mul(g));
      params.get(i).subi(g.mul(eta).divi(Transforms.sqrt(gsum, true).addi(eps)));
    }
    steps++;
  }

  @Override
  public long steps() {
    return steps;
  }

  @Override
  public List<INDArray> state() {
    return sumSquares.copy();
  }

  @Override
  public void restore(long steps, List<INDArray> state) {
    this.steps = steps;
    sumSquares.restore(state);
  }
}
