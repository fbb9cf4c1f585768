package io.github.jvi.vae.model;

import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.Categorical;
import io.github.jvi.core.util.Check;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.nn.Params;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * p(z) uniform over N independent categorical variables of K classes, z the concatenation of
 * their one-hot vectors [n, N K]:
 *
 * <pre>
 * log p(z) = sum_v sum_k z_vk log(1/K)   (= -N log K on one-hot and on relaxed draws)
 * </pre>
 * with the closed-form KL of {@link CategoricalPosterior#klUniform()} (as in the reference code of
 * Jang, Gu &amp; Poole 2017).
 */
public final class UniformCategoricalPrior implements Prior {
  private final int variables;
  private final int categories;
  private final DataType type;

  private UniformCategoricalPrior(int variables, int categories, DataType type) {
    this.variables = variables;
    this.categories = categories;
    this.type = type;
  }

  /** The uniform prior over N &gt;= 1 variables of K &gt;= 2 classes. */
  public static UniformCategoricalPrior of(int variables, int categories, DataType type) {
    Check.atLeast("variables", variables, 1);
    Check.atLeast("categories", categories, 2);
    return new UniformCategoricalPrior(variables, categories, type);
  }

  private Categorical uniform(DataType t) {
    return Categorical.ofLogits(Nd4j.zeros(t, categories));
  }

  @Override
  public int latentDim() {
    return variables * categories;
  }

  @Override
  public Var logProb(Params p, Var z) {
    long n = z.shape()[0];
    return uniform(z.dataType()).logProbOneHot(z.reshape(n, variables, categories)).sum(1);
  }

  @Override
  public INDArray sample(Params p, Rng rng, int n) {
    Categorical u = uniform(p == null ? type : p.dataType());
    INDArray classes = u.sample(rng, n, variables);
    return u.oneHot(classes).reshape('c', n, latentDim());
  }

  @Override
  public Var closedFormKl(Params p, Posterior q) {
    return q instanceof CategoricalPosterior c ? c.klUniform() : null;
  }
}
