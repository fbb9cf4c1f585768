package io.github.jvi.verification.accuracy;

import io.github.jvi.core.distribution.Bernoulli;
import io.github.jvi.core.distribution.Beta;
import io.github.jvi.core.distribution.Categorical;
import io.github.jvi.core.distribution.ContinuousBernoulli;
import io.github.jvi.core.distribution.Dirichlet;
import io.github.jvi.core.distribution.Distribution;
import io.github.jvi.core.distribution.Exponential;
import io.github.jvi.core.distribution.Gamma;
import io.github.jvi.core.distribution.MultivariateNormal;
import io.github.jvi.core.distribution.Normal;
import io.github.jvi.core.distribution.Poisson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The committed reference tables: rows of CSV written by
 * {@code python3 verification/reference/near_kl_reference.py} (mpmath 1.3.0, 80 digits), and the
 * distributions their parameter lists describe.
 */
final class ReferenceTable {
  private ReferenceTable() {}

  /** Comma-separated fields of each data row (header dropped); no field contains a comma. */
  static List<String[]> rows(String resource) {
    InputStream in = ReferenceTable.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("missing resource " + resource);
    }
    List<String[]> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      r.readLine();
      for (String line; (line = r.readLine()) != null; ) {
        if (!line.isBlank()) {
          out.add(line.split(",", -1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static double[] numbers(String field) {
    return Arrays.stream(field.trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
  }

  /**
   * The distribution of one parameter list, in the order the generator writes: Normal (loc,
   * scale); MultivariateNormal (d, loc[d], scale_tril's lower triangle by rows) and
   * MultivariateNormalCov (d, loc[d], cov[d][d] by rows); Gamma (shape,
   * rate); Poisson, Exponential (rate); Bernoulli, ContinuousBernoulli (probs) and their
   * {@code Logits} forms; Categorical (probs) and CategoricalLogits; Beta (alpha, beta);
   * Dirichlet (concentration).
   */
  static Distribution of(String family, double[] v) {
    switch (family) {
      case "Normal":
        return Normal.of(v[0], v[1]);
      case "MultivariateNormal": {
        int d = (int) v[0];
        double[][] l = new double[d][d];
        int k = 1 + d;
        for (int i = 0; i < d; i++) {
          for (int j = 0; j <= i; j++) {
            l[i][j] = v[k++];
          }
        }
        return MultivariateNormal.ofScaleTril(Nd4j.createFromArray(Arrays.copyOfRange(v, 1, 1 + d)),
            Nd4j.createFromArray(l));
      }
      case "MultivariateNormalCov": {
        int d = (int) v[0];
        double[][] cov = new double[d][d];
        for (int i = 0; i < d; i++) {
          cov[i] = Arrays.copyOfRange(v, 1 + d + i * d, 1 + d + (i + 1) * d);
        }
        return MultivariateNormal.of(Nd4j.createFromArray(Arrays.copyOfRange(v, 1, 1 + d)), Nd4j.createFromArray(cov));
      }
      case "Gamma":
        return Gamma.of(v[0], v[1]);
      case "Poisson":
        return Poisson.of(v[0]);
      case "Exponential":
        return Exponential.of(v[0]);
      case "Bernoulli":
        return Bernoulli.ofProbs(v[0]);
      case "BernoulliLogits":
        return Bernoulli.ofLogits(v[0]);
      case "Categorical":
        return Categorical.ofProbs(v);
      case "CategoricalLogits":
        return Categorical.ofLogits(v);
      case "Beta":
        return Beta.of(v[0], v[1]);
      case "Dirichlet":
        return Dirichlet.of(v);
      case "ContinuousBernoulli":
        return ContinuousBernoulli.of(v[0]);
      case "ContinuousBernoulliLogits":
        return ContinuousBernoulli.ofLogits(v[0]);
      default:
        throw new IllegalArgumentException("unknown family in the reference table: " + family);
    }
  }

  /** The family's name without the parameterisation suffix (ten families). */
  static String base(String family) {
    for (String suffix : new String[] {"Logits", "Cov"}) {
      if (family.endsWith(suffix)) {
        return family.substring(0, family.length() - suffix.length());
      }
    }
    return family;
  }
}
